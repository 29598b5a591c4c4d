import { strict as assert } from 'node:assert';
import { assertClean, findings } from './syntaxLint';

describe('InvalidPlatform', () => {
  it('reports platforms containerd cannot parse', () => {
    assert.deepEqual(findings('InvalidPlatform', 'FROM --platform=linux/amd64/v8/x alpine\nFROM --platform=linux/* alpine\nFROM --platform=foo alpine\nFROM --platform=linux/amd 64 alpine\nFROM --platform=linux/a$b alpine\n'), [
      '1:16-1:32 failed to parse platform linux/amd64/v8/x: "linux/amd64/v8/x": cannot parse platform specifier: invalid argument',
      '2:16-2:23 failed to parse platform linux/*: "linux/*": wildcards not yet supported: invalid argument',
      '3:16-3:19 failed to parse platform foo: "foo": unknown operating system or architecture: invalid argument',
    ]);
  });

  it('reports an invalid component', () => {
    assert.deepEqual(findings('InvalidPlatform', 'FROM --platform=linux/arm!64 alpine\n'), [
      '1:16-1:28 failed to parse platform linux/arm!64: "arm!64" is an invalid component of "linux/arm!64": platform specifier component must match "^[A-Za-z0-9_.-]+$": invalid argument',
    ]);
  });

  it('reports a bad escape in the OS version or features with url.PathUnescape\'s words', () => {
    assert.deepEqual(findings('InvalidPlatform', 'FROM --platform=windows(10%zz)/amd64 a\nFROM --platform=windows(10+a%4)/amd64 a\n'), [
      '1:16-1:36 failed to parse platform windows(10%zz)/amd64: "windows(10%zz)/amd64" has an invalid OS version "10%zz": invalid URL escape "%zz"',
      '2:16-2:37 failed to parse platform windows(10+a%4)/amd64: "windows(10+a%4)/amd64" has invalid OS features: invalid os feature "a%4": invalid URL escape "%4"',
    ]);
    assertClean('InvalidPlatform', 'FROM --platform=windows(10.0.17763+win32k)/amd64 a\n');
  });

  it('reports a platform made only of undeclared variables as empty', () => {
    assert.deepEqual(findings('InvalidPlatform', 'FROM --platform=$UNDECLARED alpine\n'), ['1:16-1:27 empty platform value from expression $UNDECLARED']);
  });

  it('accepts valid platforms and leaves ARG-based ones to the build', () => {
    assertClean(
      'InvalidPlatform',
      'ARG P=bogus\nFROM --platform=$BUILDPLATFORM golang AS b\nFROM --platform=linux/amd64 a\nFROM --platform=linux/arm/v7 a\nFROM --platform=windows a\nFROM --platform=arm64 a\nFROM --platform=Linux/x86_64 a\nFROM --platform=windows(10.0.17763)/amd64 a\nFROM --platform=$P a\nFROM --platform=${TARGETPLATFORM} a\nFROM --platform= a\n',
    );
  });
});
