/**
 * Text edits on the commands of a RUN, for quick fixes. Offsets come from the analyzed words, which
 * point into the Dockerfile itself, so an edit lands on the right line of a continued RUN. The
 * exec form is JSON: there arguments are inserted and removed as array items.
 */
import { LineIndex } from '../text';
import { TextEdit } from '../lint/rule';
import { ShellCommand, ShellWord } from './shellCommand';

/** Inserts `argument` right after `word` (a word of `command`). */
export function insertArgumentAfter(lines: LineIndex, command: ShellCommand, word: ShellWord, argument: string): TextEdit {
  const at = lines.positionAt(word.end);
  return { range: { start: at, end: at }, newText: command.execForm ? `, ${JSON.stringify(argument)}` : ` ${argument}` };
}

/** Replaces `word` with `replacement` (a plain word: no quoting needed in either form). */
export function replaceWord(lines: LineIndex, command: ShellCommand, word: ShellWord, replacement: string): TextEdit {
  return { range: lines.rangeOf(word.start, word.end), newText: command.execForm ? JSON.stringify(replacement) : replacement };
}

/**
 * Removes the command's name word so that its first argument becomes the command
 * (`sudo apt-get update` → `apt-get update`); undefined when nothing follows the name.
 */
export function removeCommandName(lines: LineIndex, command: ShellCommand): TextEdit | undefined {
  const next = command.args[0];
  if (!next || next.start <= command.nameWord.end) return undefined;
  return { range: lines.rangeOf(command.nameWord.start, next.start), newText: '' };
}

/** True when `word`'s range is its own text in the instruction, so an edit there is safe. */
export function isEditable(command: ShellCommand, word: ShellWord): boolean {
  const instruction = command.instruction;
  return command.exact && word.end > word.start && word.start >= instruction.start && word.end <= instruction.end;
}
