/**
 * NoEmptyContinuation: a blank line inside an instruction continued with the escape token.
 * BuildKit skips such lines today and will reject them later. One finding per instruction, as
 * BuildKit reports it; the fix deletes the blank lines, which the parser ignores anyway.
 */
import { DockerfileModel } from '../../../model';
import { Range } from '../../../text';
import { TextEdit } from '../../rule';
import { BuildkitRule, ruleUrl } from './buildkitRule';

export const noEmptyContinuation: BuildkitRule = {
  id: 'NoEmptyContinuation',
  locality: 'instruction',
  category: 'buildkit',
  defaultSeverity: 'warning',
  description: 'Empty continuation lines will become errors in a future release',
  url: ruleUrl('no-empty-continuation'),
  fixable: true,
  check(context, report) {
    const { model } = context;
    for (const instruction of model.instructions) {
      const lines = instruction.emptyContinuationLines;
      if (!lines.length) continue;
      const first = lines[0];
      const last = lines[lines.length - 1];
      report({
        range: { start: { line: first, character: 0 }, end: model.lines.positionAt(model.lines.lineEnd(last)) },
        message: 'Empty continuation line',
        instruction,
        fixes: [{ title: lines.length > 1 ? 'Delete the empty lines' : 'Delete the empty line', edits: deleteLines(model, lines), preferred: true }],
      });
    }
  },
};

/** Edits deleting whole lines; consecutive lines form one edit so edits never overlap. */
function deleteLines(model: DockerfileModel, lines: readonly number[]): TextEdit[] {
  const edits: TextEdit[] = [];
  for (let i = 0; i < lines.length; ) {
    let j = i;
    while (j + 1 < lines.length && lines[j + 1] === lines[j] + 1) j++;
    const first = lines[i];
    const last = lines[j];
    // The file's last line has no newline after it: take the one before it instead.
    const range: Range =
      last + 1 < model.lines.lineCount
        ? { start: { line: first, character: 0 }, end: { line: last + 1, character: 0 } }
        : { start: model.lines.positionAt(model.lines.lineEnd(first - 1)), end: model.lines.positionAt(model.lines.lineEnd(last)) };
    edits.push({ range, newText: '' });
    i = j + 1;
  }
  return edits;
}
