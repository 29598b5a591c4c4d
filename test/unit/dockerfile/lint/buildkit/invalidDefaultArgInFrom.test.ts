import { strict as assert } from 'node:assert';
import { assertNoQuickFix, findings } from './checks';

const RULE = 'InvalidDefaultArgInFrom';

describe('InvalidDefaultArgInFrom', () => {
  it('reports an image name that is invalid with the ARG defaults, on the name', () => {
    assert.deepEqual(findings(RULE, 'ARG TAG\nFROM busybox:${TAG}\n'), ['2:6-2:20 Default value for ARG busybox:${TAG} results in empty or invalid base image name']);
    assert.deepEqual(findings(RULE, 'ARG IMAGE\nFROM $IMAGE\n'), ['2:6-2:12 Default value for ARG $IMAGE results in empty or invalid base image name']);
    assert.deepEqual(findings(RULE, 'ARG SFX="box:"\nFROM busy${SFX}\n'), ['2:6-2:16 Default value for ARG busy${SFX} results in empty or invalid base image name']);
  });

  it('reports upper-case repository names and bad digests', () => {
    assert.equal(findings(RULE, 'ARG NAME=Alpine\nFROM ${NAME}\n').length, 1);
    assert.equal(findings(RULE, 'ARG D=sha256:abc\nFROM alpine@${D}\n').length, 1);
  });

  it('accepts defaults that give a valid name, and empty variables that leave one', () => {
    assert.deepEqual(findings(RULE, 'ARG TAG=latest\nFROM busybox:${TAG}\n'), []);
    assert.deepEqual(findings(RULE, 'ARG VARIANT\nFROM busybox:stable${VARIANT}\n'), []);
    assert.deepEqual(findings(RULE, 'ARG TAG\nFROM alpine:${TAG:-3.14}\n'), []);
    assert.deepEqual(findings(RULE, 'ARG REG=localhost:5000\nFROM ${REG}/team/app:1.0@sha256:' + 'a'.repeat(64) + '\n'), []);
    assert.deepEqual(findings(RULE, `ARG NAME=${'a'.repeat(250)}\nFROM x/\${NAME}\n`), [], 'the 255-character limit counts the path, not docker.io/');
  });

  it('judges the defaults, not build arguments', () => {
    assert.equal(findings(RULE, 'ARG VERSION\nFROM busybox:$VERSION\n', { scope: { buildArgs: new Map([['VERSION', 'latest']]) } }).length, 1);
  });

  it('leaves constant names to the builder', () => {
    assert.deepEqual(findings(RULE, 'FROM Alpine\n'), []);
  });

  it('offers no quick fix', () => {
    assertNoQuickFix(RULE, 'ARG TAG\nFROM busybox:${TAG}\n');
  });

  it('is skipped by the check directive and by a comment above the FROM', () => {
    assert.deepEqual(findings(RULE, '# check=skip=InvalidDefaultArgInFrom\nARG TAG\nFROM busybox:${TAG}\n'), []);
    assert.deepEqual(findings(RULE, 'ARG TAG\n# check=skip=InvalidDefaultArgInFrom\nFROM busybox:${TAG}\n'), []);
  });
});
