import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings, fixTitles } from './syntaxLint';

describe('InvalidImageReference', () => {
  it('reports FROM names the reference grammar rejects, with BuildKit\'s messages', () => {
    assert.deepEqual(findings('InvalidImageReference', 'FROM Alpine:3.19\nFROM alpine:\nFROM alpine@sha256:abc\nFROM -alpine\nFROM a//b\n'), [
      '1:5-1:16 failed to parse stage name "Alpine:3.19": invalid reference format: repository name (library/Alpine) must be lowercase',
      '2:5-2:12 failed to parse stage name "alpine:": invalid reference format',
      '3:5-3:22 failed to parse stage name "alpine@sha256:abc": invalid reference format',
      '4:5-4:12 failed to parse stage name "-alpine": invalid reference format',
      '5:5-5:9 failed to parse stage name "a//b": invalid reference format',
    ]);
  });

  it('checks digests, tag length, repository length and hex identifiers', () => {
    const hex = 'a'.repeat(64);
    assert.deepEqual(findings('InvalidImageReference', `FROM alpine@sha256:${'a'.repeat(63)}b1\nFROM alpine:${'t'.repeat(129)}\nFROM ${hex}\nFROM x/${'a'.repeat(260)}\n`), [
      `1:5-1:84 failed to parse stage name "alpine@sha256:${'a'.repeat(63)}b1": invalid checksum digest length`,
      `2:5-2:141 failed to parse stage name "alpine:${'t'.repeat(129)}": invalid reference format`,
      `3:5-3:69 failed to parse stage name "${hex}": invalid repository name (${hex}), cannot specify 64-byte hexadecimal strings`,
      `4:5-4:267 failed to parse stage name "x/${'a'.repeat(260)}": repository name must not be more than 255 characters`,
    ]);
  });

  it('checks names of any length (the grammar does not backtrack)', () => {
    assert.deepEqual(findings('InvalidImageReference', `FROM x/${'a'.repeat(5000)}\n`), [
      `1:5-1:5007 failed to parse stage name "x/${'a'.repeat(5000)}": repository name must not be more than 255 characters`,
    ]);
  });

  it('treats FROM of a stage by its exact lower-case name only', () => {
    assert.deepEqual(findings('InvalidImageReference', 'FROM alpine AS build\nFROM Build\nFROM SCRATCH\n'), [
      '2:5-2:10 failed to parse stage name "Build": invalid reference format: repository name (library/Build) must be lowercase',
      '3:5-3:12 failed to parse stage name "SCRATCH": invalid reference format: repository name (library/SCRATCH) must be lowercase',
    ]);
    assertClean('InvalidImageReference', 'FROM alpine AS Build\nFROM build\nFROM scratch\n');
  });

  it('reports a FROM that is certainly blank, and leaves ARG-based names to InvalidDefaultArgInFrom', () => {
    assert.deepEqual(findings('InvalidImageReference', 'FROM $NOPE\nFROM ${A}${B}\n'), ['1:5-1:10 base name ($NOPE) should not be blank', '2:5-2:13 base name (${A}${B}) should not be blank']);
    assertClean('InvalidImageReference', 'ARG BASE=Ubuntu\nARG EMPTY\nFROM $BASE\nFROM $EMPTY\nFROM ${REGISTRY:-docker.io}/library/alpine\nFROM alpine:${TAG:-3.19}\n');
  });

  it('checks COPY --from and mount from values that name no stage', () => {
    assert.deepEqual(findings('InvalidImageReference', 'FROM alpine AS build\nCOPY --from=Nginx:latest /a /b\nRUN --mount=type=bind,from=My/Image,target=/x true\nCOPY --from=Build /a /b\n'), [
      '2:12-2:24 failed to parse stage name "Nginx:latest": invalid reference format: repository name (library/Nginx) must be lowercase',
      '3:27-3:35 failed to parse stage name "My/Image": invalid reference format: repository name (Image) must be lowercase',
    ]);
  });

  it('accepts the reference forms users write', () => {
    assertClean(
      'InvalidImageReference',
      `FROM alpine\nFROM alpine:3.19\nFROM library/alpine\nFROM docker.io/library/alpine:latest\nFROM ghcr.io/org/img:v1.2.3\nFROM localhost:5000/img\nFROM [::1]:5000/img:tag\nFROM Registry.Example.com/team/img\nFROM img@sha256:${'0'.repeat(64)}\nFROM img:tag@sha512:${'f'.repeat(128)}\nFROM my_org/my__img-x.y\nFROM --platform=$BUILDPLATFORM golang:1.22 AS build\nCOPY --from=nginx:1.25 /etc/nginx /x\nCOPY --from=0 /a /b\nCOPY --from=build /a /b\n`,
    );
  });

  it('fixes the case of the repository, or refers to the stage', () => {
    assertFixes('InvalidImageReference', 'FROM Alpine:3.19\n', 'FROM alpine:3.19\n');
    assertFixes('InvalidImageReference', 'FROM Example.com:5000/Team/App:V1\n', 'FROM Example.com:5000/team/app:V1\n');
    assertFixes('InvalidImageReference', 'FROM alpine AS build\nFROM Build\n', 'FROM alpine AS build\nFROM build\n');
    assertFixes('InvalidImageReference', 'FROM alpine\nCOPY --from=Nginx /a /b\n', 'FROM alpine\nCOPY --from=nginx /a /b\n');
    assert.deepEqual(fixTitles('InvalidImageReference', 'FROM alpine:\n'), []);
  });
});
