import * as assert from 'node:assert/strict';
import { parseBind, parseMountObject, parseTmpfsMap } from '../../../engine/src/api/mountRequests';
import { isInvalidArgument } from '../../../engine/src/image/berthError';
import type { MountRequest } from '../../../engine/src/runtime/createOptions';

function bind(spec: string) {
  const out = { mounts: [] as MountRequest[], volumes: [] as unknown[], createSources: [] as string[] };
  parseBind(spec, out as Parameters<typeof parseBind>[1]);
  return out;
}

const invalid = (fn: () => unknown, pattern: RegExp) => assert.throws(fn, (err: unknown) => isInvalidArgument(err) && pattern.test((err as Error).message));

describe('parseBind', () => {
  it('reads host paths as binds with ro/rw and propagation, normalizing paths', () => {
    assert.deepEqual(bind('/a/../b:/c/:ro,rslave').mounts, [{ type: 'bind', source: '/b', target: '/c', readOnly: true, propagation: 'rslave' }]);
    // a trailing slash names the same target (an image's VOLUME /data is replaced, not mounted over)
    assert.deepEqual(bind('data:/data//').volumes, [{ name: 'data', target: '/data', readOnly: false, noCopy: false }]);
    assert.deepEqual(bind('/a:/').mounts[0]!.target, '/');
    assert.deepEqual(bind('/a:/b:z').mounts, [{ type: 'bind', source: '/a', target: '/b', readOnly: false }]);
  });

  it('reads names as named volumes and a lone path as an anonymous one', () => {
    assert.deepEqual(bind('data:/var/lib/data:ro,nocopy').volumes, [{ name: 'data', target: '/var/lib/data', readOnly: true, noCopy: true }]);
    assert.deepEqual(bind('/cache').volumes, [{ target: '/cache', readOnly: false, noCopy: false }]);
  });

  it("rejects what docker rejects, in docker's words", () => {
    invalid(() => bind('/a:b'), /mount path must be absolute/);
    invalid(() => bind('a:b:c:d'), /invalid volume specification: 'a:b:c:d'/);
    invalid(() => bind('/a:/b:rx'), /invalid mode: rx/);
    invalid(() => bind('my vol:/b'), /includes invalid characters for a local volume name/);
    invalid(() => bind('/a:/b:nocopy'), /nocopy applies to volumes/);
  });
});

describe('parseMountObject', () => {
  const one = (m: unknown) => {
    const out = { mounts: [] as MountRequest[], volumes: [] as unknown[] };
    parseMountObject(m, 0, out as Parameters<typeof parseMountObject>[2]);
    return out;
  };

  it('reads bind, volume and tmpfs entries', () => {
    assert.deepEqual(one({ Type: 'bind', Source: '/src', Target: '/dst', ReadOnly: true, BindOptions: { Propagation: 'shared' } }).mounts, [{ type: 'bind', source: '/src', target: '/dst', readOnly: true, propagation: 'shared' }]);
    assert.deepEqual(one({ Type: 'volume', Target: '/v', VolumeOptions: { DriverConfig: { Name: 'local' }, Labels: { a: 'b' } } }).volumes, [{ target: '/v', readOnly: false, noCopy: false, driver: 'local', labels: { a: 'b' } }]);
    assert.deepEqual(one({ Type: 'tmpfs', Target: '/t', TmpfsOptions: { SizeBytes: 4096, Mode: 0o700 } }).mounts, [{ type: 'tmpfs', target: '/t', readOnly: false, sizeBytes: 4096, mode: 0o700 }]);
  });

  it('rejects unknown types and missing fields', () => {
    invalid(() => one({ Type: 'npipe', Target: '/x' }), /mount type unknown/);
    invalid(() => one({ Type: 'bind', Target: '/x' }), /Source must not be empty/);
    invalid(() => one({ Type: 'tmpfs', Source: '/x', Target: '/y' }), /Source must not be specified/);
    invalid(() => one({ Type: 'bind', Source: '/x' }), /Target must not be empty/);
  });
});

describe('parseTmpfsMap', () => {
  it('reads size with units, octal mode and ro, ignores the flags a tmpfs has anyway', () => {
    assert.deepEqual(parseTmpfsMap('/run', 'size=1g,mode=755,ro,noexec'), { type: 'tmpfs', target: '/run', readOnly: true, sizeBytes: 1 << 30, mode: 0o755 });
    assert.deepEqual(parseTmpfsMap('/tmp', ''), { type: 'tmpfs', target: '/tmp', readOnly: false });
    invalid(() => parseTmpfsMap('/tmp', 'size=lots'), /invalid tmpfs option size=lots/);
    invalid(() => parseTmpfsMap('/tmp', 'uid=5'), /invalid tmpfs option uid=5/);
  });
});
