// The grammar against Berth's Dockerfile parser (engine/src/dockerfile), which matches BuildKit's
// parser on BuildKit's own corpus: where the parser sees an instruction, a heredoc, a directive
// or a variable, the editor must colour one, so what the editor shows is what the build reads.
import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDockerfile, type Instruction } from '../../../engine/src/dockerfile/model';
import { corpusDir } from '../dockerfile/corpus';
import { tokenizeDockerfile, type TokenizedDockerfile } from './tokenizeDockerfile';

function scopesAt(doc: TokenizedDockerfile, line: number, character: number): readonly string[] {
  const token = doc.tokens.find((t) => t.line === line && t.start <= character && character < t.end);
  return token?.scopes ?? [];
}

function expectScope(doc: TokenizedDockerfile, line: number, character: number, scope: string, what: string): void {
  const scopes = scopesAt(doc, line, character);
  assert.ok(scopes.includes(`${scope}.dockerfile`), `${what} at ${line + 1}:${character + 1} (${JSON.stringify(doc.lines[line])}) has ${JSON.stringify(scopes)}, not ${scope}.dockerfile`);
}

function withTriggers(instructions: readonly Instruction[]): Instruction[] {
  return instructions.flatMap((i) => (i.trigger ? [i, i.trigger] : [i]));
}

async function checkAgreement(text: string): Promise<void> {
  const model = parseDockerfile(text);
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const doc = await tokenizeDockerfile(...lines);
  const inInstruction = new Set<number>();
  for (const instruction of withTriggers(model.instructions)) {
    const { line, character } = instruction.keyword.range.start;
    expectScope(doc, line, character, 'keyword.other.instruction', `keyword ${instruction.name}`);
    for (let l = instruction.startLine; l <= instruction.endLine; l++) inInstruction.add(l);
    for (const heredoc of instruction.heredocs) {
      const body = heredoc.bodyRange;
      for (let l = body.start.line; l < body.end.line; l++) {
        const first = lines[l]?.search(/\S/) ?? -1;
        if (first >= 0) expectScope(doc, l, first, 'string.unquoted.heredoc', `body of heredoc ${heredoc.name}`);
      }
      if (heredoc.terminatorRange) {
        // With <<- the parser's range starts at the stripped tabs; the grammar marks the word.
        const t = heredoc.terminatorRange.start.line;
        expectScope(doc, t, lines[t]?.search(/\S/) ?? 0, 'keyword.control.heredoc-token', `terminator ${heredoc.name}`);
      }
    }
  }
  for (const instruction of model.instructions) {
    for (const use of instruction.variables) {
      if (use.inHeredoc && instruction.heredocs.every((h) => !h.expand)) continue;
      const { line, character } = use.nameRange.start;
      expectScope(doc, line, character, 'variable.other', `variable ${use.name}`);
    }
  }
  for (const directive of model.directives) {
    expectScope(doc, directive.line, directive.nameRange.start.character, 'keyword.control.directive', `directive ${directive.name}`);
  }
  lines.forEach((text, line) => {
    const first = text.search(/\S/);
    if (first < 0) return;
    const scopes = scopesAt(doc, line, first);
    const inside = scopes.includes('meta.instruction.dockerfile');
    if (inInstruction.has(line)) {
      assert.ok(inside || scopes.includes('comment.line.number-sign.dockerfile'), `line ${line + 1} (${JSON.stringify(text)}) belongs to an instruction but has ${JSON.stringify(scopes)}`);
    } else {
      assert.ok(!inside, `line ${line + 1} (${JSON.stringify(text)}) is outside every instruction but has ${JSON.stringify(scopes)}`);
    }
  });
}

describe('dockerfile grammar agrees with the Dockerfile parser', () => {
  const corpus = corpusDir('testfiles');
  for (const name of readdirSync(corpus).sort()) {
    it(`on BuildKit's ${name}`, async () => {
      await checkAgreement(readFileSync(join(corpus, name, 'Dockerfile'), 'utf8'));
    });
  }

  it('on heredocs, directives and the backtick escape', async () => {
    await checkAgreement(['# syntax=docker/dockerfile:1', '# check=error=true', 'FROM alpine AS base', 'RUN <<A <<-"B" cat', 'a $X', 'A', '\tb $Y', '\tB', 'COPY <<EOF /x', '${Z:-z}', 'EOF', 'ONBUILD RUN echo $W', ''].join('\n'));
    await checkAgreement(['# escape=`', 'FROM mcr.microsoft.com/windows', 'RUN dir `', '  C:\\ && echo $A', 'WORKDIR C:\\', 'USER x', ''].join('\n'));
  });
});
