import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings, fixTitles } from './syntaxLint';
import { lintWith } from '../lintWith';

describe('UnknownInstruction', () => {
  it('reports an unknown keyword with BuildKit\'s message and suggestion', () => {
    assert.deepEqual(findings('UnknownInstruction', 'FROM alpine\nFNTRYPOINT ["a"]\n'), ['2:0-2:10 unknown instruction: FNTRYPOINT (did you mean ENTRYPOINT?)']);
    assert.deepEqual(findings('UnknownInstruction', 'FORM alpine\n'), ['1:0-1:4 unknown instruction: FORM (did you mean FROM?)']);
  });

  it('answers in the case the keyword was typed, as BuildKit does', () => {
    assert.deepEqual(findings('UnknownInstruction', 'from alpine\nrn true\n'), ['2:0-2:2 unknown instruction: rn (did you mean run?)']);
    assert.deepEqual(findings('UnknownInstruction', 'FROM alpine\nCopi a b\n'), ['2:0-2:4 unknown instruction: Copi (did you mean copy?)']);
  });

  it('gives no suggestion for words far from every instruction', () => {
    assert.deepEqual(findings('UnknownInstruction', 'FROM alpine\napt-get install -y curl\n'), ['2:0-2:7 unknown instruction: apt-get']);
  });

  it('reports unknown ONBUILD triggers, which fail in the build that uses the image', () => {
    assert.deepEqual(findings('UnknownInstruction', 'FROM alpine\nONBUILD RUNN true\n'), ['2:8-2:12 unknown instruction: RUNN (did you mean RUN?)']);
  });

  it('accepts every instruction in any case, heredocs and continuations', () => {
    assertClean(
      'UnknownInstruction',
      'from alpine\nRun echo \\\n  hi\nCopy <<EOF /x\nnot an instruction\nEOF\nhealthcheck NONE\nOnBuild run true\nstopsignal 9\n',
      '# escape=`\nFROM alpine\nRUN echo `\n  apt-get\n',
    );
  });

  it('fixes the keyword, keeping the case style', () => {
    assertFixes('UnknownInstruction', 'FROM alpine\nCOPPY a b\n', 'FROM alpine\nCOPY a b\n');
    assertFixes('UnknownInstruction', 'from alpine\ncopyy a b\n', 'from alpine\ncopy a b\n');
    assertFixes('UnknownInstruction', 'FROM alpine\nCoppy a b\n', 'FROM alpine\nCOPY a b\n');
  });

  it('offers no rename for a keyword joined across a line continuation', () => {
    const text = 'FROM node\nSTOPSIGNAL\\ \n9\n';
    assert.deepEqual(findings('UnknownInstruction', text), ['2:0-3:1 unknown instruction: STOPSIGNAL9 (did you mean STOPSIGNAL?)']);
    assert.deepEqual(fixTitles('UnknownInstruction', text), []);
  });

  it('offers to continue the RUN above when a command line lost its continuation', () => {
    const text = 'FROM alpine\nRUN apt-get update &&\napt-get install -y curl\n';
    assert.deepEqual(fixTitles('UnknownInstruction', text), ['Continue the RUN instruction above on this line']);
    assertFixes('UnknownInstruction', text, 'FROM alpine\nRUN apt-get update && \\\napt-get install -y curl\n');
    assert.deepEqual(fixTitles('UnknownInstruction', 'FROM alpine\nCMD ["a"]\napt-get install\n'), []);
  });

  it('is silenced by a berth ignore comment', () => {
    assert.equal(lintWith('UnknownInstruction', 'FROM alpine\n# berth ignore=UnknownInstruction\nFOO bar\n').length, 0);
  });
});
