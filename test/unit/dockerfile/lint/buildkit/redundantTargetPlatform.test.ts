import { strict as assert } from 'node:assert';
import { findings, fixed } from './checks';

const RULE = 'RedundantTargetPlatform';

describe('RedundantTargetPlatform', () => {
  it('reports --platform=$TARGETPLATFORM, on the flag, quoting it as written', () => {
    assert.deepEqual(findings(RULE, 'FROM --platform=$TARGETPLATFORM alpine AS builder\n'), [
      '1:6-1:32 Setting platform to predefined $TARGETPLATFORM in FROM is redundant as this is the default behavior',
    ]);
    assert.deepEqual(findings(RULE, 'FROM --platform=${TARGETPLATFORM} scratch\n'), [
      '1:6-1:34 Setting platform to predefined ${TARGETPLATFORM} in FROM is redundant as this is the default behavior',
    ]);
  });

  it('accepts other platforms, and values built from more than TARGETPLATFORM', () => {
    assert.deepEqual(findings(RULE, 'FROM alpine AS builder\nFROM --platform=$BUILDPLATFORM golang\nFROM --platform=$TARGETOS/$TARGETARCH alpine\n'), []);
    assert.deepEqual(findings(RULE, 'FROM --platform=${TARGETPLATFORM}${SUFFIX} alpine\n'), []);
  });

  it('removes the flag', () => {
    const result = fixed(RULE, 'FROM --platform=$TARGETPLATFORM alpine AS builder\nRUN apk add --no-cache git\n');
    assert.equal(result.text, 'FROM alpine AS builder\nRUN apk add --no-cache git\n');
    assert.equal(result.preferred, true);
  });

  it('is skipped by the check directive and by a comment above the FROM', () => {
    assert.deepEqual(findings(RULE, '# check=skip=RedundantTargetPlatform\nFROM --platform=$TARGETPLATFORM scratch\n'), []);
    assert.deepEqual(findings(RULE, '# check=skip=RedundantTargetPlatform\n\nFROM a\n# check=skip=RedundantTargetPlatform\nFROM --platform=$TARGETPLATFORM scratch\n'), []);
  });
});
