import { strict as assert } from 'node:assert';
import { findings, fixed } from './checks';

const RULE = 'ConsistentInstructionCasing';

describe('ConsistentInstructionCasing', () => {
  it('reports mixed-case keywords against an upper-case majority, on the keyword', () => {
    const text = 'FROM alpine\nRun echo hello > /greeting.txt\nEntRYpOiNT ["cat", "/greeting.txt"]\nCMD ["x"]\n';
    assert.deepEqual(findings(RULE, text), [
      "2:1-2:4 Command 'Run' should match the case of the command majority (uppercase)",
      "3:1-3:11 Command 'EntRYpOiNT' should match the case of the command majority (uppercase)",
    ]);
  });

  it('follows a lower-case majority', () => {
    const text = 'FROM scratch\ncopy a /a\ncopy b /b\ncopy c /c\n';
    assert.deepEqual(findings(RULE, text), ["1:1-1:5 Command 'FROM' should match the case of the command majority (lowercase)"]);
  });

  it('gives a tie to upper case', () => {
    assert.deepEqual(findings(RULE, 'from scratch\nCOPY a /a\n'), ["1:1-1:5 Command 'from' should match the case of the command majority (uppercase)"]);
  });

  it('does not let mixed-case keywords vote', () => {
    // One lower-case vote against none: the majority is lower case, and both mixed ones are off.
    const text = 'frOM scratch as base\nfrom scratch as base2\nCoPy a /a\n';
    assert.deepEqual(findings(RULE, text), [
      "1:1-1:5 Command 'frOM' should match the case of the command majority (lowercase)",
      "3:1-3:5 Command 'CoPy' should match the case of the command majority (lowercase)",
    ]);
  });

  it('accepts files cased one way, whatever the way', () => {
    assert.deepEqual(findings(RULE, 'FROM alpine\nRUN echo hello > /greeting.txt\nENTRYPOINT ["cat", "/greeting.txt"]\n'), []);
    assert.deepEqual(findings(RULE, 'from alpine\nrun echo hello > /greeting.txt\nentrypoint ["cat", "/greeting.txt"]\n'), []);
  });

  it('leaves out ARGs before the first FROM and heredoc bodies', () => {
    assert.deepEqual(findings(RULE, 'arg base=alpine\nFROM $base\nRUN <<EOF\nenv\nEOF\n'), []);
  });

  it('fixes the keyword casing', () => {
    const result = fixed(RULE, 'FROM alpine\nRun echo hi\nRUN true\n');
    assert.equal(result.text, 'FROM alpine\nRUN echo hi\nRUN true\n');
    assert.equal(result.preferred, true);
  });

  it('is skipped by the check directive and by a comment above the instruction', () => {
    assert.deepEqual(findings(RULE, '# check=skip=ConsistentInstructionCasing\nFROM alpine\nRun x\n'), []);
    assert.deepEqual(findings(RULE, 'FROM alpine\n# check=skip=ConsistentInstructionCasing\nRun x\n'), []);
  });
});
