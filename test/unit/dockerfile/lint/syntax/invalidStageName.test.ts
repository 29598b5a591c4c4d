import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings } from './syntaxLint';

describe('InvalidStageName', () => {
  it('reports names that start with a digit or contain symbols', () => {
    assert.deepEqual(findings('InvalidStageName', 'FROM alpine AS 1build\nFROM alpine AS my:stage\nFROM alpine AS -x\n'), [
      '1:15-1:21 invalid name for build stage: "1build", name can\'t start with a number or contain symbols',
      '2:15-2:23 invalid name for build stage: "my:stage", name can\'t start with a number or contain symbols',
      '3:15-3:17 invalid name for build stage: "-x", name can\'t start with a number or contain symbols',
    ]);
  });

  it('accepts valid names in any case (casing is StageNameCasing\'s)', () => {
    assertClean('InvalidStageName', 'FROM alpine AS build\nFROM alpine AS Build-2_x.y\nFROM alpine as b\nFROM alpine\n');
  });

  it('renames the stage and every reference to it', () => {
    const text = 'FROM alpine AS 1build\nRUN true\nFROM 1build AS next\nCOPY --from=1build /a /b\nRUN --mount=type=bind,from=1build,target=/x true\nCOPY --from=other /a /b\n';
    const expected = 'FROM alpine AS stage-1build\nRUN true\nFROM stage-1build AS next\nCOPY --from=stage-1build /a /b\nRUN --mount=type=bind,from=stage-1build,target=/x true\nCOPY --from=other /a /b\n';
    assertFixes('InvalidStageName', text, expected);
    assertFixes('InvalidStageName', 'FROM alpine AS my:stage\nFROM alpine AS my-stage\n', 'FROM alpine AS my-stage-2\nFROM alpine AS my-stage\n');
  });
});
