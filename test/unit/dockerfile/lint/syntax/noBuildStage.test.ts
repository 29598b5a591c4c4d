import { strict as assert } from 'node:assert';
import { assertClean, findings } from './syntaxLint';

describe('NoBuildStage', () => {
  it('reports an empty file and a file of comments', () => {
    assert.deepEqual(findings('NoBuildStage', ''), ['1:0-1:0 the Dockerfile cannot be empty']);
    assert.deepEqual(findings('NoBuildStage', '# just a comment\n\n'), ['1:0-3:0 file with no instructions (start with FROM <image>)']);
  });

  it('reports a file of ARGs alone', () => {
    assert.deepEqual(findings('NoBuildStage', 'ARG foo=bar'), ['1:0-1:3 dockerfile contains no stages to build (add a FROM line after the ARGs)']);
  });

  it('reports the first instruction before FROM other than ARG', () => {
    assert.deepEqual(findings('NoBuildStage', 'ARG A\nRUN true\nCMD x\nFROM alpine\n'), ['2:0-2:3 no build stage in current context (a FROM line must come first)']);
    assert.deepEqual(findings('NoBuildStage', 'CMD ["a"]\n'), ['1:0-1:3 no build stage in current context (a FROM line must come first)']);
  });

  it('leaves an unknown first instruction (often a misspelt FROM) to UnknownInstruction', () => {
    assertClean('NoBuildStage', 'FORM alpine\nRUN true\n');
  });

  it('accepts files that start with parser directives, comments and ARGs', () => {
    assertClean('NoBuildStage', '# syntax=docker/dockerfile:1\n# comment\nARG BASE=alpine\nFROM $BASE\n', 'from alpine\n');
  });
});
