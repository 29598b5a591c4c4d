import { strict as assert } from 'node:assert';
import { assertNoQuickFix, findings } from './checks';

const RULE = 'FromPlatformFlagConstDisallowed';

describe('FromPlatformFlagConstDisallowed', () => {
  it('reports a constant --platform, on the flag', () => {
    assert.deepEqual(findings(RULE, 'FROM --platform=linux/amd64 alpine AS base\nRUN apk add --no-cache git\n'), [
      '1:6-1:28 FROM --platform flag should not use constant value "linux/amd64"',
    ]);
  });

  it('accepts the default and variables', () => {
    assert.deepEqual(findings(RULE, 'FROM alpine AS base\nFROM --platform=${BUILDPLATFORM} alpine AS tools\nARG P=linux/arm64\nFROM --platform=$P alpine\n'), []);
  });

  it('accepts a stage named after the platform it pins', () => {
    const text = 'FROM --platform=linux/amd64 alpine AS build_amd64\nFROM --platform=linux/arm64 alpine AS build_arm64\nFROM --platform=linux/amd64 scratch AS linux\nFROM build_${TARGETARCH} AS build\n';
    assert.deepEqual(findings(RULE, text), []);
  });

  it('compares normalized names (x86_64 is amd64)', () => {
    assert.deepEqual(findings(RULE, 'FROM --platform=linux/x86_64 alpine AS amd64-tools\n'), []);
  });

  it('leaves values BuildKit cannot parse to the builder', () => {
    assert.deepEqual(findings(RULE, 'FROM --platform=not/a/valid/platform alpine\n'), []);
    assert.deepEqual(findings(RULE, 'FROM --platform=wasip1 alpine\n'), [], 'an OS containerd does not know');
  });

  it('reads an OS version and features as containerd does', () => {
    assert.equal(findings(RULE, 'FROM --platform=windows(10.0.17763+win32k)/amd64 alpine\n').length, 1);
  });

  it('offers no quick fix', () => {
    assertNoQuickFix(RULE, 'FROM --platform=linux/amd64 alpine\n');
  });

  it('is skipped by the check directive and by a comment above the FROM', () => {
    assert.deepEqual(findings(RULE, '# check=skip=FromPlatformFlagConstDisallowed\nFROM --platform=linux/amd64 alpine\n'), []);
    assert.deepEqual(findings(RULE, 'FROM a\n# check=skip=FromPlatformFlagConstDisallowed\nFROM --platform=linux/amd64 alpine\n'), []);
  });
});
