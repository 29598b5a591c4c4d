import { strict as assert } from 'node:assert';
import { InsertReplaceEdit, Position, Range, TextEdit } from 'vscode-languageserver';
import { LineIndex, rangeContains } from '../../../engine/src/dockerfile/text';
import { fuzzCount, fuzzProblems, randomPositions } from '../../fuzz/fuzzProblems';
import { rangeProblem } from '../../fuzz/rangeChecks';
import { computeCompletion, ContextFiles, resolveCompletion } from '../../../server/src/completion';
import { computeHover } from '../../../server/src/hover';
import { computeSignatureHelp } from '../../../server/src/signatureHelp';

const COUNT = fuzzCount(1000);

const files: ContextFiles = {
  list: (dir) => (dir === '' ? [{ name: 'src', directory: true }, { name: 'a.txt', directory: false }] : dir === 'src' ? [{ name: 'b.txt', directory: false }] : undefined),
  ignored: (path) => path === 'secret',
};
const images = { imageTags: () => ['alpine:3.20'] };

/** What VS Code requires of a completion edit: one line, the cursor's, starting before and ending at the cursor. */
function editProblem(lines: LineIndex, position: Position, edit: TextEdit | InsertReplaceEdit | undefined): string | undefined {
  if (!edit) return 'completion item without an edit';
  const insert: Range = 'range' in edit ? edit.range : edit.insert;
  const ranges = 'range' in edit ? [edit.range] : [edit.insert, edit.replace];
  for (const r of ranges) {
    const outside = rangeProblem(lines, r, 'completion edit');
    if (outside) return outside;
    if (r.start.line !== position.line || r.end.line !== position.line) return `completion edit ${JSON.stringify(r)} leaves the cursor's line ${position.line}`;
    if (!rangeContains(r, position)) return `completion edit ${JSON.stringify(r)} does not contain the cursor ${JSON.stringify(position)}`;
  }
  if (insert.end.character !== position.character) return `completion insert range ${JSON.stringify(insert)} does not end at the cursor`;
  return undefined;
}

describe('fuzz: completion, hover and signature help over mutated Dockerfiles', () => {
  it(`answer on ${COUNT} hostile documents without crashing, with edits VS Code accepts`, function () {
    this.timeout(120_000);
    const problems = fuzzProblems(20261124, COUNT, ({ model, index, report }) => {
      const lines = model.lines;
      for (const position of randomPositions(lines, index + 7)) {
        for (const item of computeCompletion(model, position, { contextFiles: files, images }).items) {
          report(editProblem(lines, position, item.textEdit));
          resolveCompletion(item);
        }
        const hover = computeHover(model, position);
        if (hover) {
          report(rangeProblem(lines, hover.range, 'hover'));
          if (hover.range && !rangeContains(hover.range, position)) report(`hover range ${JSON.stringify(hover.range)} misses ${JSON.stringify(position)}`);
        }
        const help = computeSignatureHelp(model, position);
        if (help) {
          const signature = help.signatures[help.activeSignature ?? 0];
          const count = signature.parameters?.length ?? 0;
          if (help.activeParameter !== null && help.activeParameter !== undefined && help.activeParameter >= count) report(`active parameter ${help.activeParameter} of ${count}`);
          for (const p of signature.parameters ?? []) {
            if (Array.isArray(p.label) && (p.label[0] < 0 || p.label[1] > signature.label.length)) report(`parameter label ${p.label} outside ${signature.label}`);
          }
        }
      }
    });
    assert.deepEqual(problems.slice(0, 10), []);
  });
});
