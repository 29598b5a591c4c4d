import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings, fixTitles } from './syntaxLint';

describe('LabsOnlyFlag', () => {
  it('reports RUN --device without the labs frontend', () => {
    assert.deepEqual(findings('LabsOnlyFlag', 'FROM alpine\nRUN --device=nvidia.com/gpu=all nvidia-smi\n'), [
      '2:4-2:31 device feature is only supported in Dockerfile frontend 1.14.0-labs or later (add # syntax=docker/dockerfile:1-labs)',
    ]);
    assert.equal(findings('LabsOnlyFlag', '# syntax=docker/dockerfile:1\nFROM alpine\nRUN --device=x true\n').length, 1);
  });

  it('accepts it with a labs syntax directive', () => {
    assertClean('LabsOnlyFlag', '# syntax=docker/dockerfile:1-labs\nFROM alpine\nRUN --device=x true\n', '# syntax=docker/dockerfile-upstream:master-labs\nFROM alpine\nRUN --device=x true\n');
  });

  it('selects the labs frontend', () => {
    assertFixes('LabsOnlyFlag', 'FROM alpine\nRUN --device=x true\n', '# syntax=docker/dockerfile:1-labs\nFROM alpine\nRUN --device=x true\n');
    assertFixes('LabsOnlyFlag', '# syntax=docker/dockerfile:1.7\nFROM alpine\nRUN --device=x true\n', '# syntax=docker/dockerfile:1.7-labs\nFROM alpine\nRUN --device=x true\n');
    assert.deepEqual(fixTitles('LabsOnlyFlag', `# syntax=docker/dockerfile:1@sha256:${'0'.repeat(64)}\nFROM alpine\nRUN --device=x true\n`), []);
  });
});
