/**
 * MultipleInstructionsDisallowed: a second CMD, ENTRYPOINT or HEALTHCHECK in one stage; only the
 * last takes effect. As in BuildKit the finding sits on the earlier, ignored instruction, names
 * the instruction as the later one writes it, and is suppressed by a `# check=skip=` comment
 * above the later one (the instruction BuildKit is dispatching when it warns). The fix deletes the
 * ignored instruction, which changes nothing in the image. Same problems as hadolint's DL4003
 * (CMD) and DL4004 (ENTRYPOINT).
 */
import { DockerfileModel, Instruction } from '../../../model';
import { TextEdit } from '../../rule';
import { BuildkitRule, ruleUrl } from './buildkitRule';

const ONCE = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

export const multipleInstructionsDisallowed: BuildkitRule = {
  id: 'MultipleInstructionsDisallowed',
  locality: 'stage',
  category: 'buildkit',
  defaultSeverity: 'warning',
  description: 'Multiple instructions of the same type should not be used in the same stage',
  url: ruleUrl('multiple-instructions-disallowed'),
  fixable: true,
  equivalentTo: ['DL4003', 'DL4004'],
  check(context, report) {
    for (const stage of context.model.stages) {
      const last = new Map<string, Instruction>();
      for (const instruction of stage.instructions) {
        if (!ONCE.has(instruction.name)) continue;
        const previous = last.get(instruction.name);
        last.set(instruction.name, instruction);
        if (!previous) continue;
        const name = instruction.keyword.value;
        report({
          range: previous.range,
          message: `Multiple ${name} instructions should not be used in the same stage because only the last one will be used`,
          instruction,
          fixes: [{ title: `Delete this ${previous.name}, which a later ${previous.name} replaces`, edits: [deleteInstruction(context.model, previous)] }],
        });
      }
    }
  },
};

function deleteInstruction(model: DockerfileModel, instruction: Instruction): TextEdit {
  const { lines } = model;
  if (instruction.endLine + 1 < lines.lineCount) {
    return { range: { start: { line: instruction.startLine, character: 0 }, end: { line: instruction.endLine + 1, character: 0 } }, newText: '' };
  }
  const start = instruction.startLine > 0 ? lines.positionAt(lines.lineEnd(instruction.startLine - 1)) : { line: 0, character: 0 };
  return { range: { start, end: lines.positionAt(lines.lineEnd(instruction.endLine)) }, newText: '' };
}
