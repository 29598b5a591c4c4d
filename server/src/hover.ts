/**
 * Hover for Dockerfiles: `computeHover(model, position, context)` explains the word under the
 * cursor: an instruction keyword or flag (with its values), a flag value (a mount type, a network
 * mode), a variable (the value the build substitutes at that line, or why none), a stage
 * reference, the name an ARG/ENV declares, a parser directive, or a rule id in a suppression
 * comment. Markdown, with links to Docker's reference.
 */
import { Hover, MarkupKind } from 'vscode-languageserver';
import { DockerfileModel, Flag, Instruction, instructionAt } from '../../engine/src/dockerfile/model';
import { Position, Range, rangeContains } from '../../engine/src/dockerfile/text';
import { flagSpec, instructionSpec, InstructionSpec } from '../../engine/src/dockerfile/instructionSpecs';
import { mountOption } from '../../engine/src/dockerfile/stageGraph';
import { allRules } from '../../engine/src/dockerfile/lint/rules';
import { RuleWithOptions } from '../../engine/src/dockerfile/lint/lint';
import { directiveMarkdown, flagMarkdown, flagValueMarkdown, instructionMarkdown, mountKeyMarkdown, mountTypeMarkdown, ruleMarkdown } from './assist/docs';
import { stageHover } from './hover/stageHover';
import { declarationHover, HoverText, variableUseHover } from './hover/variableHover';

export interface HoverContext {
  /** Rules whose ids suppression comments name (default: every rule Berth has). */
  readonly rules?: readonly RuleWithOptions[];
  /** False for clients that only show plain text. */
  readonly markdown?: boolean;
}

export function computeHover(model: DockerfileModel, position: Position, context: HoverContext = {}): Hover | null {
  const rules = context.rules ?? allRules;
  const found = directiveHover(model, position, rules) ?? commentHover(model, position, rules) ?? instructionHover(model, position);
  if (!found) return null;
  return { contents: { kind: context.markdown === false ? MarkupKind.PlainText : MarkupKind.Markdown, value: found.markdown }, range: found.range };
}

function directiveHover(model: DockerfileModel, position: Position, rules: readonly RuleWithOptions[]): HoverText | undefined {
  const directive = model.directives.find((d) => d.line === position.line);
  if (!directive) return undefined;
  if (directive.name === 'check' && rangeContains(directive.valueRange, position)) {
    const rule = ruleAt(model, position, rules);
    if (rule) return rule;
  }
  const markdown = directiveMarkdown(directive.name);
  return markdown ? { markdown, range: directive.range } : undefined;
}

function commentHover(model: DockerfileModel, position: Position, rules: readonly RuleWithOptions[]): HoverText | undefined {
  const comment = model.comments.find((c) => c.line === position.line);
  if (!comment || !/^(check\s*=|hadolint\s|berth\s)/.test(comment.text)) return undefined;
  return ruleAt(model, position, rules);
}

/** The rule whose id is the word under the cursor. */
function ruleAt(model: DockerfileModel, position: Position, rules: readonly RuleWithOptions[]): HoverText | undefined {
  const text = model.lines.lineText(position.line);
  let start = position.character;
  let end = position.character;
  while (start > 0 && /[A-Za-z0-9_]/.test(text[start - 1])) start--;
  while (end < text.length && /[A-Za-z0-9_]/.test(text[end])) end++;
  const rule = rules.find((r) => r.id === text.slice(start, end));
  if (!rule) return undefined;
  return { markdown: ruleMarkdown(rule), range: { start: { line: position.line, character: start }, end: { line: position.line, character: end } } };
}

function instructionHover(model: DockerfileModel, position: Position): HoverText | undefined {
  const instruction = instructionAt(model, position);
  if (!instruction) return undefined;
  const keywordHover = (target: Instruction) => {
    const spec = instructionSpec(target.name);
    return spec && rangeContains(target.keyword.range, position) ? { markdown: instructionMarkdown(spec), range: target.keyword.range } : undefined;
  };
  const target = instruction.trigger ?? instruction;
  return (
    keywordHover(instruction) ??
    (instruction.trigger && keywordHover(instruction.trigger)) ??
    variableUseHover(model, instruction, position) ??
    stageHover(model, instruction, position) ??
    flagHover(model, target, position) ??
    declarationHover(model, target, position)
  );
}

function flagHover(model: DockerfileModel, instruction: Instruction, position: Position): HoverText | undefined {
  const flag = instruction.flags.find((f) => rangeContains(f.word.range, position));
  const spec = instructionSpec(instruction.name);
  if (!flag || !spec) return undefined;
  const known = flagSpec(spec.name, flag.name);
  const onName = comparePosition(position, flag.nameRange.end) <= 0;
  // The name's range when the cursor is on it, else the whole word (values with quotes or escapes).
  const nameRange: Range = onName ? { start: flag.word.range.start, end: flag.nameRange.end } : flag.word.range;
  if (!known) {
    const list = spec.flags.map((f) => `\`--${f.name}\``).join(', ') || 'none';
    return { markdown: `\`--${flag.name}\` is not a flag of ${spec.name}: the build fails on it.\n\n${spec.name} flags: ${list}.`, range: nameRange };
  }
  if (!flag.valueRange || !rangeContains(flag.valueRange, position) || comparePosition(position, flag.valueRange.start) === 0) {
    return { markdown: flagMarkdown(spec, known), range: nameRange };
  }
  if (spec.name === 'RUN' && flag.name === 'mount') return mountFieldHover(model, flag, position) ?? { markdown: flagMarkdown(spec, known), range: flag.valueRange };
  return { markdown: valueMarkdown(spec, flag) ?? flagMarkdown(spec, known), range: flag.valueRange };
}

function comparePosition(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

function valueMarkdown(spec: InstructionSpec, flag: Flag): string | undefined {
  const known = flagSpec(spec.name, flag.name);
  return known && flag.value !== undefined ? flagValueMarkdown(spec, known, flag.value) : undefined;
}

/** The `key=value` field of a mount under the cursor: the key's doc, or the mount type's. */
function mountFieldHover(model: DockerfileModel, flag: Flag, position: Position): HoverText | undefined {
  const value = flag.value ?? '';
  const type = mountOption(value, 'type') ?? 'bind';
  const valueStart = model.lines.offsetAt(flag.valueRange!.start);
  const at = model.lines.offsetAt(position) - valueStart;
  let fieldStart = 0;
  for (const field of value.split(',')) {
    const fieldEnd = fieldStart + field.length;
    if (at >= fieldStart && at <= fieldEnd) {
      const eq = field.indexOf('=');
      const key = (eq < 0 ? field : field.slice(0, eq)).trim();
      const range = model.lines.rangeOf(valueStart + fieldStart, valueStart + fieldEnd);
      const onValue = eq >= 0 && at > fieldStart + eq;
      const markdown = key.toLowerCase() === 'type' && onValue ? mountTypeMarkdown(field.slice(eq + 1)) : mountKeyMarkdown(type, key);
      return markdown ? { markdown, range } : undefined;
    }
    fieldStart = fieldEnd + 1;
  }
  return undefined;
}
