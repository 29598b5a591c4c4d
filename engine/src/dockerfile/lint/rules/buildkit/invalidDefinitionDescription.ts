/**
 * InvalidDefinitionDescription (experimental in BuildKit, so it runs only when enabled with
 * `# check=experimental=InvalidDefinitionDescription` or `experimental=all`): the comment right
 * above a named FROM or an ARG does not start with the stage or argument name, so build tools
 * that show it as the description (`docker build --call=outline`) show something unintended.
 * As in BuildKit the comment block counts up to the instruction even across blank lines; a `#`
 * line alone ends it. The stage name is compared lower-cased, as BuildKit stores it.
 * Fix: insert a lone `#` line (in the first column), which detaches the comment (not offered when the comments carry
 * check/hadolint pragmas for that instruction, which would be detached too).
 */
import { DockerfileModel, Instruction } from '../../../model';
import { argDeclarations } from '../../../scope';
import { Range } from '../../../text';
import { Fix } from '../../rule';
import { BuildkitRule, ruleUrl } from './buildkitRule';

const PRAGMA = /^(?:check\s*=|hadolint\s|berth\s)/;

export const invalidDefinitionDescription: BuildkitRule = {
  id: 'InvalidDefinitionDescription',
  locality: 'instruction',
  category: 'buildkit',
  defaultSeverity: 'warning',
  description:
    'Comment for build stage or argument should follow the format: `# <arg/stage name> <description>`. If this is not intended to be a description comment, add an empty line or comment between the instruction and the comment.',
  url: ruleUrl('invalid-definition-description'),
  fixable: true,
  experimental: true,
  check(context, report) {
    const { model } = context;
    for (const instruction of model.instructions) {
      const keys = definedNames(model, instruction);
      const comments = instruction.comments;
      if (!keys.length || !comments.length) continue;
      const first = comments[comments.length - 1].split(' ')[0];
      if (keys.includes(first)) continue;
      const example = keys.length > 1 ? '<arg_key>' : keys[0];
      report({
        range: commentRange(model, instruction) ?? instruction.keyword.range,
        message: `Comment for ${instruction.name} should follow the format: \`# ${example} <description>\``,
        instruction,
        fixes: comments.some((c) => PRAGMA.test(c)) ? [] : [separateFix(instruction)],
      });
    }
  },
};

function definedNames(model: DockerfileModel, instruction: Instruction): string[] {
  if (instruction.name === 'ARG') return argDeclarations(instruction).map((d) => d.name);
  if (instruction.name !== 'FROM') return [];
  const name = model.stages[instruction.stageIndex]?.name?.value;
  return name ? [name.toLowerCase()] : [];
}

/** The comment line closest above the instruction. */
function commentRange(model: DockerfileModel, instruction: Instruction): Range | undefined {
  for (let line = instruction.startLine - 1; line >= 0; line--) {
    const text = model.lines.lineText(line).trim();
    if (text.startsWith('#')) return { start: { line, character: model.lines.lineText(line).indexOf('#') }, end: { line, character: model.lines.lineText(line).length } };
    if (text) return undefined;
  }
  return undefined;
}

/** A `#` in the first column: BuildKit drops a line's first character, so an indented `#` is not empty. */
function separateFix(instruction: Instruction): Fix {
  const line = instruction.startLine;
  return { title: 'Separate the comment from the instruction', edits: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, newText: '#\n' }] };
}
