import { strict as assert } from 'node:assert';
import { parseDockerfileText } from '../../../engine/src/dockerfile/parser';
import { fuzzCount, fuzzProblems, randomPositions } from '../../fuzz/fuzzProblems';
import { rangeProblem } from '../../fuzz/rangeChecks';
import { computeHighlights } from '../../../server/src/highlight';
import { computeDefinition } from '../../../server/src/definition';
import { computeRename, isRefusal, prepareRename } from '../../../server/src/rename';
import { computeDocumentSymbols } from '../../../server/src/symbols';
import { computeFoldingRanges } from '../../../server/src/folding';
import { computeFormatting } from '../../../server/src/formatting';
import { computeSemanticTokens } from '../../../server/src/semanticTokens';
import { computeDocumentLinks } from '../../../server/src/documentLinks';
import { applyEdits } from './textPositions';
import type { DocumentSymbol } from 'vscode-languageserver';

const COUNT = fuzzCount(1000);

/** Heredoc bodies and the number of instructions: what formatting must never change, even in broken files. */
function heredocBodies(text: string): string {
  const parsed = parseDockerfileText(text);
  return [parsed.instructions.length, ...parsed.instructions.flatMap((i) => i.heredocs.map((h) => h.content))].join('\u0000');
}

describe('fuzz: navigation features over mutated Dockerfiles', () => {
  it(`answer on ${COUNT} hostile documents without crashing, with ranges inside the document and well-formed tokens`, function () {
    this.timeout(120_000);
    const problems = fuzzProblems(20261123, COUNT, ({ text, model, index, report }) => {
      const lines = model.lines;
      for (const position of randomPositions(lines, index + 1)) {
        for (const h of computeHighlights(model, position)) report(rangeProblem(lines, h.range, 'highlight'));
        for (const d of computeDefinition(model, position, 'u') ?? []) report(rangeProblem(lines, d.range, 'definition'));
        const prepared = prepareRename(model, position);
        if (!isRefusal(prepared)) {
          report(rangeProblem(lines, prepared.range, 'prepareRename'));
          const edit = computeRename(model, position, 'renamed_x', 'u');
          if (!isRefusal(edit)) for (const e of edit.changes!.u) report(rangeProblem(lines, e.range, 'rename edit'));
        }
      }
      const walk = (symbols: readonly DocumentSymbol[]) => {
        for (const s of symbols) {
          report(rangeProblem(lines, s.range, `symbol ${s.name}`));
          if (!s.name) report('a symbol with an empty name');
          walk(s.children ?? []);
        }
      };
      walk(computeDocumentSymbols(model));
      for (const f of computeFoldingRanges(model)) if (f.endLine >= lines.lineCount || f.startLine >= f.endLine) report(`folding ${JSON.stringify(f)}`);
      for (const l of computeDocumentLinks(model)) report(rangeProblem(lines, l.range, 'link'));

      const data = computeSemanticTokens(model).data;
      let line = 0;
      let character = 0;
      let lastEnd = 0;
      for (let i = 0; i < data.length; i += 5) {
        if (data[i] > 0) lastEnd = 0;
        line += data[i];
        character = data[i] > 0 ? data[i + 1] : character + data[i + 1];
        if (data[i + 2] <= 0 || character < lastEnd || line >= lines.lineCount || character + data[i + 2] > lines.lineText(line).length) {
          report(`semantic token ${i / 5} at ${line}:${character} length ${data[i + 2]} is empty, overlapping or outside its line`);
          break;
        }
        lastEnd = character + data[i + 2];
      }

      const edits = computeFormatting(model, { tabSize: 4, insertSpaces: true });
      for (const e of edits) report(rangeProblem(lines, e.range, 'format edit'));
      // A lone CR ends a line for LSP clients but not for the builder (nor the model's LineIndex),
      // so edits cannot be applied the way an editor would; the model's issue, not the formatter's.
      if (!/\r(?!\n)/.test(text)) {
        const formatted = applyEdits(text, edits);
        if (heredocBodies(formatted) !== heredocBodies(text)) report('formatting changed the instructions or heredoc bodies');
      }
    });
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} problems; replay with fuzzDocuments(20261123, ${COUNT}, corpus)[index]`);
  });
});
