import { strict as assert } from 'node:assert';
import { assertClean, findings } from './syntaxLint';

describe('CircularStageDependency', () => {
  it('reports every reference on a cycle, with the cycle', () => {
    assert.deepEqual(findings('CircularStageDependency', 'FROM alpine AS a\nCOPY --from=b /x /y\nFROM alpine AS b\nRUN --mount=from=a,target=/m true\n'), [
      '2:12-2:13 circular dependency detected on stage: a (a → b → a)',
      '4:17-4:18 circular dependency detected on stage: b (b → a → b)',
    ]);
  });

  it('reports a stage that copies from itself, by name or index', () => {
    assert.deepEqual(findings('CircularStageDependency', 'FROM alpine AS a\nCOPY --from=a /x /y\nFROM alpine\nCOPY --from=1 /x /y\n'), [
      '2:12-2:13 circular dependency detected on stage: a (a → a)',
      '4:12-4:13 circular dependency detected on stage: stage-1 (stage-1 → stage-1)',
    ]);
  });

  it('does not count FROM as an edge, as BuildKit does not', () => {
    assertClean('CircularStageDependency', 'FROM alpine AS a\nFROM a AS b\nCOPY --from=a /x /y\nFROM alpine AS c\nCOPY --from=b /x /y\n');
  });
});
