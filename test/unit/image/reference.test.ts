import * as assert from 'node:assert/strict';
import { isInvalidArgument } from '../../../engine/src/image/berthError';
import { digestOf } from '../../../engine/src/image/digest';
import { digestError, parseReference, referenceError, withDigest, withTag } from '../../../engine/src/image/reference';

const hex = 'dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c';

describe('parseReference', () => {
  it('normalises familiar names as docker does', () => {
    const cases: [string, string, string, string][] = [
      // input, toString(), domain, path
      ['busybox', 'docker.io/library/busybox:latest', 'docker.io', 'library/busybox'],
      ['busybox:1.36', 'docker.io/library/busybox:1.36', 'docker.io', 'library/busybox'],
      ['docker.io/busybox', 'docker.io/library/busybox:latest', 'docker.io', 'library/busybox'],
      ['index.docker.io/library/debian', 'docker.io/library/debian:latest', 'docker.io', 'library/debian'],
      ['index.docker.io/fooo/bar', 'docker.io/fooo/bar:latest', 'docker.io', 'fooo/bar'],
      ['dmcgowan/myapp', 'docker.io/dmcgowan/myapp:latest', 'docker.io', 'dmcgowan/myapp'],
      ['test_com/foo', 'docker.io/test_com/foo:latest', 'docker.io', 'test_com/foo'],
      ['localhost/app', 'localhost/app:latest', 'localhost', 'app'],
      ['localhost:5000/x', 'localhost:5000/x:latest', 'localhost:5000', 'x'],
      ['127.0.0.1:5000/library/debian', '127.0.0.1:5000/library/debian:latest', '127.0.0.1:5000', 'library/debian'],
      ['test-com:8080/foo', 'test-com:8080/foo:latest', 'test-com:8080', 'foo'],
      ['xn--n3h.com:18080/foo', 'xn--n3h.com:18080/foo:latest', 'xn--n3h.com:18080', 'foo'],
      ['[fc00::1]:5000/docker/docker', '[fc00::1]:5000/docker/docker:latest', '[fc00::1]:5000', 'docker/docker'],
      ['Foo/bar', 'Foo/bar:latest', 'Foo', 'bar'],
      ['192.168.0.1:80', 'docker.io/library/192.168.0.1:80', 'docker.io', 'library/192.168.0.1'],
      ['docker.io/library/foo/bar', 'docker.io/library/foo/bar:latest', 'docker.io', 'library/foo/bar'],
      ['dock__er/docker---rules', 'docker.io/dock__er/docker---rules:latest', 'docker.io', 'dock__er/docker---rules'],
    ];
    for (const [input, full, domain, path] of cases) {
      const ref = parseReference(input);
      assert.equal(ref.toString(), full, input);
      assert.equal(ref.domain, domain, input);
      assert.equal(ref.path, path, input);
    }
  });

  it('keeps a digest, with or without a tag, and adds no tag beside a digest', () => {
    const pinned = parseReference(`redis@sha256:${hex}`);
    assert.equal(pinned.toString(), `docker.io/library/redis@sha256:${hex}`);
    assert.equal(pinned.tag, undefined);
    assert.equal(pinned.digest, `sha256:${hex}`);
    assert.equal(pinned.version, `sha256:${hex}`);
    const both = parseReference(`busybox:latest@sha256:${hex}`);
    assert.equal(both.toString(), `docker.io/library/busybox:latest@sha256:${hex}`);
    assert.equal(both.familiar(), `busybox:latest@sha256:${hex}`);
    assert.equal(both.version, `sha256:${hex}`, 'the digest is what gets fetched');
  });

  it('gives docker\'s familiar names', () => {
    const familiar: [string, string][] = [
      ['docker.io/library/ubuntu', 'ubuntu'],
      ['docker.io/fooo/bar', 'fooo/bar'],
      ['docker.io/library/foo/bar', 'library/foo/bar'],
      ['127.0.0.1:8000/privatebase', '127.0.0.1:8000/privatebase'],
      ['example.com/private/moonbase', 'example.com/private/moonbase'],
      ['index.docker.io/library/ubuntu-12.04-base', 'ubuntu-12.04-base'],
    ];
    for (const [input, name] of familiar) {
      const ref = parseReference(input);
      assert.equal(ref.familiarName(), name, input);
      assert.equal(ref.familiar(), `${name}:latest`, input);
      assert.equal(parseReference(ref.familiar()).toString(), ref.toString(), 'familiar form parses back');
    }
    assert.equal(parseReference('busybox').name, 'docker.io/library/busybox');
  });

  it('throws invalid-argument errors with distribution\'s own text', () => {
    const rejected: [string, string][] = [
      ['Busybox', 'invalid reference format: repository name (library/Busybox) must be lowercase'],
      ['docker/Docker', 'invalid reference format: repository name (docker/Docker) must be lowercase'],
      ['docker.io/docker/Docker:tag', 'invalid reference format: repository name (docker/Docker) must be lowercase'],
      ['https://github.com/docker/docker', 'invalid reference format'],
      ['-docker', 'invalid reference format'],
      ['docker///docker', 'invalid reference format'],
      ['docker/', 'invalid reference format'],
      ['dock..er/docker', 'invalid reference format'],
      ['____/____', 'invalid reference format'],
      ['[fc00::1]:5000', 'invalid reference format'],
      ['[fe80::1%eth0]:5000/debian', 'invalid reference format'],
      ['', 'invalid reference format'],
      ['busybox:-tag', 'invalid reference format'],
      [`busybox:${'t'.repeat(129)}`, 'invalid reference format'],
      [hex, `invalid repository name (${hex}), cannot specify 64-byte hexadecimal strings`],
      [`a/${'b'.repeat(254)}`, 'repository name must not be more than 255 characters'],
      [`busybox@sha256:${hex.slice(1)}`, 'invalid checksum digest length'],
      [`busybox@sha256:${hex.toUpperCase()}`, 'invalid checksum digest format'],
      [`busybox@md5:${'a'.repeat(32)}`, 'unsupported digest algorithm'],
    ];
    for (const [input, message] of rejected) {
      assert.throws(() => parseReference(input), (err: Error) => isInvalidArgument(err) && err.message === message, input);
      assert.equal(referenceError(input), message, input);
    }
    assert.equal(referenceError(`docker.io/${hex}`), undefined, 'a hex path with a domain is a name');
    assert.equal(referenceError(`a/${'b'.repeat(253)}`), undefined, 'the limit counts the path only');
  });

  it('stays fast on long hostile input', () => {
    // Would take minutes if the grammar's expressions backtracked badly; finishing is the check.
    for (const unit of ['a-', 'a.', 'a/', 'a__', '0.0/_', 'A', 'a:1']) assert.ok(referenceError(unit.repeat(20000) + '!'));
  });
});

describe('referenceError without normalising', () => {
  it('checks the text as written, as distribution\'s Parse does', () => {
    assert.equal(referenceError('Busybox', { normalize: false }), 'repository name must be lowercase');
    assert.equal(referenceError('', { normalize: false }), 'repository name must have at least one component');
    assert.equal(referenceError('foo/bar:1', { normalize: false }), undefined);
    assert.equal(referenceError('busybox', { normalize: false }), undefined);
    assert.equal(referenceError('a b', { normalize: false }), 'invalid reference format');
    assert.equal(referenceError(`x@sha256:${hex.slice(2)}`, { normalize: false }), 'invalid checksum digest length');
  });
});

describe('digestError', () => {
  it('follows go-digest', () => {
    assert.equal(digestError(`sha256:${hex}`), undefined);
    assert.equal(digestError(`sha512:${hex}${hex}`), undefined);
    assert.equal(digestError('sha256'), 'invalid checksum digest format');
    assert.equal(digestError('sha256:'), 'invalid checksum digest format');
    assert.equal(digestError(`sha256:${hex}0`), 'invalid checksum digest length');
    assert.equal(digestError('foo:bar'), 'unsupported digest algorithm');
    assert.equal(digestError('Foo:bar'), 'invalid checksum digest format');
  });
});

describe('withTag / withDigest', () => {
  it('derives references of the same repository', () => {
    const ref = parseReference('localhost:5000/team/app:1');
    assert.equal(withTag(ref, 'v2').toString(), 'localhost:5000/team/app:v2');
    assert.throws(() => withTag(ref, '-bad'), /invalid tag format/);
    const d = digestOf('x');
    assert.equal(withDigest(ref, d).toString(), `localhost:5000/team/app@${d}`);
  });
});
