/**
 * Locating a variable that a check reports: the first `$NAME`/`${NAME...}` of that name written
 * inside a word of the instruction, and the range to underline (`$NAME`, `${NAME}`, or `${NAME`
 * when a modifier follows, so `${A:-$B}` does not underline B as part of A).
 */
import { Instruction, VariableUse } from '../../../model';
import { comparePositions, Range } from '../../../text';

export function findVariableUse(instruction: Instruction, name: string, within: Range): VariableUse | undefined {
  return instruction.variables.find(
    (use) => use.name === name && comparePositions(within.start, use.range.start) <= 0 && comparePositions(use.nameRange.end, within.end) <= 0,
  );
}

export function referenceRange(use: VariableUse): Range {
  return use.modifier ? { start: use.range.start, end: use.nameRange.end } : use.range;
}
