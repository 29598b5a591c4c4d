import { strict as assert } from 'node:assert';
import { assertClean, findings } from './syntaxLint';

describe('InvalidStageReference', () => {
  it('reports a stage defined later, as BuildKit does when the stage is built', () => {
    assert.deepEqual(findings('InvalidStageReference', 'FROM busybox AS target\nCOPY --from=build / /out\nRUN --mount=from=BUILD,target=/x true\nFROM alpine AS build\nFROM target\n'), [
      '2:12-2:17 cannot copy from stage "build", it needs to be defined before current stage "target"',
      '3:17-3:22 cannot mount from stage "BUILD" to "/x", stage needs to be defined before current command',
    ]);
    assert.deepEqual(findings('InvalidStageReference', 'FROM alpine\nCOPY --from=1 /a /b\nFROM alpine\n'), ['2:12-2:13 cannot copy from stage "1", it needs to be defined before current stage "stage-0"']);
  });

  it('reports variables in --from', () => {
    assert.deepEqual(findings('InvalidStageReference', 'ARG FOO=build\nFROM scratch\nCOPY --from=$FOO . .\n'), [
      '3:12-3:16 variable expansion is not supported for --from, define a new stage with FROM using ARG from global scope as a workaround',
    ]);
  });

  it('reports stage indexes out of BuildKit\'s range', () => {
    assert.deepEqual(findings('InvalidStageReference', 'FROM alpine\nFROM alpine\nCOPY --from=2 /a /b\nCOPY --from=-1 /a /b\n'), ['3:12-3:13 invalid stage index 2', '4:12-4:14 invalid stage index -1']);
  });

  it('counts image references as BuildKit does, so an index can land on one', () => {
    assertClean('InvalidStageReference', 'FROM alpine\nCOPY --from=nginx /a /b\nFROM alpine\nCOPY --from=2 /a /b\n');
  });

  it('accepts earlier stages by name or index, images, and an empty --from', () => {
    assertClean(
      'InvalidStageReference',
      'FROM golang AS Build\nFROM alpine\nCOPY --from=0 /a /b\nCOPY --from=build /a /b\nCOPY --from=BUILD /a /b\nCOPY --from=nginx:latest /a /b\nCOPY --from= /a /b\nRUN --mount=type=bind,from=build,target=/x --mount=type=cache,target=/c true\n',
    );
  });

  it('leaves cycles to CircularStageDependency', () => {
    assertClean('InvalidStageReference', 'FROM alpine AS a\nCOPY --from=b /x /y\nFROM alpine AS b\nCOPY --from=a /x /y\n');
  });
});
