import { strict as assert } from 'node:assert';
import { parseDockerfile } from '../../../engine/src/dockerfile/model';
import { keyValuePairs } from '../../../engine/src/dockerfile/keyValues';
import { LineIndex } from '../../../engine/src/dockerfile/text';

const at = (line: number, character: number) => ({ line, character });

describe('parseDockerfile positions', () => {
  it('maps words of continued lines back to their own lines', () => {
    const m = parseDockerfile('FROM alpine\nCOPY --chown=app:app \\\n    src/ \\\n    /app/\n');
    const copy = m.instructions[1];
    assert.deepEqual(copy.flags[0].word.range, { start: at(1, 5), end: at(1, 20) });
    assert.equal(copy.flags[0].name, 'chown');
    assert.equal(copy.flags[0].value, 'app:app');
    assert.deepEqual(copy.flags[0].valueRange, { start: at(1, 13), end: at(1, 20) });
    assert.deepEqual(copy.args.map((a) => [a.value, a.range.start]), [
      ['src/', at(2, 4)],
      ['/app/', at(3, 4)],
    ]);
    assert.equal(copy.startLine, 1);
    assert.equal(copy.endLine, 3);
  });

  it('gives ENV keys and values their own ranges', () => {
    const m = parseDockerfile('FROM alpine\nENV A=1 \\\n  B="two words"\nENV C three\n');
    const pairs = keyValuePairs(m.instructions[1]);
    assert.deepEqual(pairs.map((p) => [p.key.value, p.key.range, p.value.value, p.value.range, p.legacy]), [
      ['A', { start: at(1, 4), end: at(1, 5) }, '1', { start: at(1, 6), end: at(1, 7) }, false],
      ['B', { start: at(2, 2), end: at(2, 3) }, '"two words"', { start: at(2, 4), end: at(2, 15) }, false],
    ]);
    const legacy = keyValuePairs(m.instructions[2]);
    assert.equal(legacy[0].legacy, true);
    assert.equal(legacy[0].value.value, 'three');
  });

  it('handles CRLF line endings, a BOM and the backtick escape', () => {
    const m = parseDockerfile('\ufeff# escape=`\r\nFROM mcr.microsoft.com/windows/servercore\r\nRUN dir `\r\n    c:\\\r\nUSER x\r\n');
    assert.equal(m.escapeToken, '`');
    assert.deepEqual(m.instructions.map((i) => i.name), ['FROM', 'RUN', 'USER']);
    const run = m.instructions[1];
    assert.equal(run.args[0].value, 'dir     c:\\');
    assert.deepEqual(run.range, { start: at(2, 0), end: at(3, 7) });
    assert.equal(m.directives[0].name, 'escape');
    assert.deepEqual(m.directives[0].valueRange, { start: at(0, 10), end: at(0, 11) });
  });

  it('skips comments inside a continued instruction and keeps them as comments', () => {
    const m = parseDockerfile('FROM alpine\nRUN apk add \\\n# a comment\n  curl\n');
    assert.equal(m.instructions[1].args[0].value, 'apk add   curl');
    assert.deepEqual(m.comments.map((c) => [c.line, c.text]), [[2, 'a comment']]);
  });

  it('records empty continuation lines', () => {
    const m = parseDockerfile('FROM alpine\nRUN echo a \\\n\n  b\n');
    assert.deepEqual(m.instructions[1].emptyContinuationLines, [2]);
  });

  it('collects the comments right above an instruction as BuildKit does', () => {
    const m = parseDockerfile('# syntax=docker/dockerfile:1\n# base image\n\n# second line\nFROM alpine\n#\n# reset above\nRUN true\n');
    assert.deepEqual(m.instructions[0].comments, ['base image', 'second line']);
    assert.deepEqual(m.instructions[1].comments, ['reset above']);
  });

  it('builds stages with names, bases and members', () => {
    const m = parseDockerfile('ARG V=1\nFROM golang:1.22 AS Build\nRUN go build\nFROM scratch\nCOPY --from=build /app /app\n');
    assert.deepEqual(m.globalArgs.map((a) => a.index), [0]);
    assert.equal(m.stages.length, 2);
    assert.equal(m.stages[0].name?.value, 'Build');
    assert.equal(m.stages[0].base?.value, 'golang:1.22');
    assert.deepEqual(m.stages[0].instructions.map((i) => i.name), ['RUN']);
    assert.deepEqual(m.stages[1].instructions.map((i) => i.stageIndex), [1]);
    assert.equal(m.instructions[0].stageIndex, -1);
  });

  it('keeps ONBUILD triggers with their own flags and arguments', () => {
    const m = parseDockerfile('FROM alpine\nONBUILD COPY --chown=1 a /b\n');
    const trigger = m.instructions[1].trigger!;
    assert.equal(trigger.name, 'COPY');
    assert.equal(trigger.flags[0].name, 'chown');
    assert.deepEqual(trigger.args.map((a) => [a.value, a.range.start]), [
      ['a', at(1, 23)],
      ['/b', at(1, 25)],
    ]);
  });

  it('finds variable references with their name ranges', () => {
    const m = parseDockerfile("FROM alpine\nRUN echo $A ${B:-$C} '$D' \\$E \\\n  ${F}\n");
    assert.deepEqual(m.instructions[1].variables.map((v) => [v.name, v.nameRange.start, v.modifier]), [
      ['A', at(1, 10), ''],
      ['B', at(1, 14), ':-'],
      ['C', at(1, 18), ''],
      ['F', at(2, 4), ''],
    ]);
  });
});

describe('LineIndex', () => {
  it('breaks lines at \\n, \\r\\n and a lone \\r, as LSP does', () => {
    const index = new LineIndex('a\nb\r\nc\rd');
    assert.equal(index.lineCount, 4);
    assert.deepEqual([0, 1, 2, 3].map((l) => index.lineText(l)), ['a', 'b', 'c', 'd']);
    assert.deepEqual(index.positionAt(7), { line: 3, character: 0 });
    assert.equal(index.offsetAt({ line: 1, character: 99 }), 3);
  });

  it('keeps a lone \\r inside a BuildKit line while positions follow the editor', () => {
    const m = parseDockerfile('FROM alpine\nRUN echo a\recho b\nUSER x\n');
    assert.deepEqual(m.instructions.map((i) => i.name), ['FROM', 'RUN', 'USER']);
    assert.deepEqual(m.instructions[1].range, { start: at(1, 0), end: at(2, 6) });
    assert.equal(m.instructions[2].startLine, 3);
  });
});
