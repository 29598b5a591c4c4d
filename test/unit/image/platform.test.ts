import { strict as assert } from 'node:assert';
import { formatPlatform, normalizeArchitecture, normalizePlatform, parsePlatform, parsePlatformSpecifier, Platform } from '../../../engine/src/image/platform';
import { isInvalidArgument } from '../../../engine/src/image/berthError';

const host: Platform = { os: 'linux', architecture: 'riscv64' };
const parsed = (specifier: string) => {
  const r = parsePlatformSpecifier(specifier, host);
  return 'platform' in r ? formatPlatform(r.platform) : r.error.kind;
};

describe('parsePlatformSpecifier', () => {
  it('reads os/arch/variant as containerd\'s platforms.Parse does', () => {
    assert.equal(parsed('linux/amd64'), 'linux/amd64');
    assert.equal(parsed('Linux/X86_64'), 'linux/amd64');
    assert.equal(parsed('linux/arm'), 'linux/arm');
    assert.equal(parsed('linux/armhf'), 'linux/arm');
    assert.equal(parsed('linux/arm/7'), 'linux/arm/v7');
    assert.equal(parsed('linux/armel'), 'linux/arm/v6');
    assert.equal(parsed('linux/arm64/v8'), 'linux/arm64/v8', 'Parse keeps a written arm64 variant');
    assert.equal(parsed('linux/aarch64/9'), 'linux/arm64/v9');
    assert.equal(parsed('macos/arm64'), 'darwin/arm64');
  });

  it('fills a lone OS or architecture from the host', () => {
    assert.equal(parsed('windows'), 'windows/riscv64');
    assert.equal(parsed('aarch64'), 'linux/arm64');
    assert.equal(parsed('armhf'), 'linux/arm');
  });

  it('reads the OS version and features', () => {
    const r = parsePlatformSpecifier('windows(10.0.17763+win32k+a%2Bb)/amd64', host);
    assert.ok('platform' in r);
    assert.equal(r.platform.osVersion, '10.0.17763');
    assert.deepEqual(r.platform.osFeatures, ['win32k', 'a+b']);
  });

  it('says why it refuses a specifier', () => {
    assert.deepEqual(parsePlatformSpecifier('linux/*', host), { error: { kind: 'wildcard' } });
    assert.deepEqual(parsePlatformSpecifier('li nux/amd64', host), { error: { kind: 'invalid-os-component', component: 'li nux' } });
    assert.deepEqual(parsePlatformSpecifier('linux/a/b/c/d', host), { error: { kind: 'invalid-component', component: 'c/d' } });
    assert.deepEqual(parsePlatformSpecifier('linux/a/b/c', host), { error: { kind: 'too-many-components' } });
    assert.deepEqual(parsePlatformSpecifier('foo', host), { error: { kind: 'unknown-os-or-architecture' } });
    assert.deepEqual(parsePlatformSpecifier('amd64(1)', host), { error: { kind: 'unknown-os-or-architecture' } });
    assert.deepEqual(parsePlatformSpecifier('windows(1%zz)', host), { error: { kind: 'invalid-os-version', value: '1%zz', escape: '%zz' } });
    assert.deepEqual(parsePlatformSpecifier('windows(1+a%4)/amd64', host), { error: { kind: 'invalid-os-feature', value: 'a%4', escape: '%4' } });
  });
});

describe('normalizePlatform', () => {
  it('applies containerd\'s Normalize', () => {
    assert.deepEqual(normalizeArchitecture('ARM', '6'), { architecture: 'arm', variant: 'v6' });
    assert.deepEqual(normalizeArchitecture('amd64', 'v1'), { architecture: 'amd64', variant: undefined });
    assert.deepEqual(normalizeArchitecture('i386', 'x'), { architecture: '386', variant: undefined });
    assert.equal(formatPlatform(normalizePlatform({ os: 'linux', architecture: 'arm' })), 'linux/arm/v7');
    assert.equal(formatPlatform(normalizePlatform({ os: 'linux', architecture: 'aarch64', variant: 'v8' })), 'linux/arm64');
    assert.deepEqual(normalizePlatform({ os: 'windows', architecture: 'amd64', osFeatures: ['b', 'a', 'b'] }).osFeatures, ['a', 'b']);
  });

  it('formats a platform without an OS as "unknown", as containerd does', () => {
    assert.equal(formatPlatform({ os: '', architecture: 'amd64' }), 'unknown');
  });
});

describe('parsePlatform', () => {
  it('takes only os/arch[/variant] and names what is wrong', () => {
    assert.equal(formatPlatform(parsePlatform('linux/armel')), 'linux/arm/v6');
    assert.throws(() => parsePlatform('linux/amd 64'), (err) => isInvalidArgument(err) && /"amd 64" is not a valid name/.test((err as Error).message));
    assert.throws(() => parsePlatform('windows'), /expected os\/arch/);
  });
});
