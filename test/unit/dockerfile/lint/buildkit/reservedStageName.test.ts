import { strict as assert } from 'node:assert';
import { assertNoQuickFix, findings } from './checks';

const RULE = 'ReservedStageName';

describe('ReservedStageName', () => {
  it('reports scratch and context as stage names, on the name', () => {
    assert.deepEqual(findings(RULE, 'FROM alpine AS scratch\nFROM alpine AS context\n'), [
      '1:16-1:23 Stage name should not use the same name as reserved stage "scratch"',
      '2:16-2:23 Stage name should not use the same name as reserved stage "context"',
    ]);
  });

  it('reports them in any case', () => {
    assert.deepEqual(findings(RULE, 'FROM alpine AS Scratch\n'), ['1:16-1:23 Stage name should not use the same name as reserved stage "scratch"']);
  });

  it('accepts scratch as a base and other names', () => {
    assert.deepEqual(findings(RULE, 'FROM scratch\nFROM scratch AS builder\nFROM alpine AS scratchpad\n'), []);
  });

  it('offers no quick fix', () => {
    assertNoQuickFix(RULE, 'FROM alpine AS context\n');
  });

  it('is skipped by the check directive and by a comment above the FROM', () => {
    assert.deepEqual(findings(RULE, '# check=skip=ReservedStageName\nFROM alpine AS scratch\n'), []);
    assert.deepEqual(findings(RULE, '# check=skip=ReservedStageName\n\nFROM alpine AS a\n# check=skip=ReservedStageName\nFROM alpine AS scratch\n'), []);
  });
});
