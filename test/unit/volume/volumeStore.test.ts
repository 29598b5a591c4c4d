import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, promises as fsp, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMountPoint } from '../../../engine/src/runtime/rootfsMount';
import { anonymousLabel } from '../../../engine/src/volume/volumeName';
import { VolumeStore } from '../../../engine/src/volume/volumeStore';
import { removeScratch, requireRoot, scratchDir } from '../../fixtures/scratch';

describe('VolumeStore', () => {
  let dir: string;
  let users: Map<string, string[]>;
  const open = () => VolumeStore.open({ dir: join(dir, 'volumes'), users: (name) => users.get(name) ?? [] });

  beforeEach(() => {
    dir = scratchDir('volumes');
    users = new Map();
  });
  afterEach(() => removeScratch(dir));

  it('creates a named volume with its data directory and an atomic record, and finds it again after reopening', async () => {
    const store = await open();
    const { volume, created } = await store.create({ name: 'data', labels: { app: 'web' } });
    assert.equal(created, true);
    assert.deepEqual({ ...volume, createdAt: '' }, { name: 'data', driver: 'local', createdAt: '', labels: { app: 'web' }, options: null });
    assert.equal(store.mountpoint('data'), join(dir, 'volumes', 'data', '_data'));
    writeFileSync(join(store.mountpoint('data'), 'f'), 'kept');
    const again = await (await open()).create({ name: 'data' });
    assert.equal(again.created, false);
    assert.deepEqual(again.volume.labels, { app: 'web' });
    assert.equal(readFileSync(join((await open()).mountpoint('data'), 'f'), 'utf8'), 'kept');
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'volumes', 'data', 'volume.json'), 'utf8')).name, 'data');
  });

  it('names anonymous volumes with 64 hex digits and the anonymous label', async () => {
    const store = await open();
    const { volume } = await store.create({ anonymous: true });
    assert.match(volume.name, /^[0-9a-f]{64}$/);
    assert.deepEqual(volume.labels, { [anonymousLabel]: '' });
  });

  it('rejects bad names, other drivers and unknown driver options', async () => {
    const store = await open();
    await assert.rejects(store.create({ name: 'a b' }), /"a b" includes invalid characters for a local volume name/);
    await assert.rejects(store.create({ name: 'xx', driver: 'nfs-plugin' }), /plugin "nfs-plugin" not found/);
    await assert.rejects(store.create({ name: 'xx', options: { colour: 'red' } }), /invalid option: "colour"/);
    await assert.rejects(store.create({ name: 'xx', options: { type: 'tmpfs' } }), /missing required option: "device"/);
    await assert.rejects(store.create({ name: 'xx', options: { size: '1g' } }), /quota size requested but no quota support/);
    assert.deepEqual(store.list(), []);
  });

  it('refuses to remove a volume in use (force or not), and removes it once unused', async () => {
    const store = await open();
    await store.create({ name: 'busy' });
    users.set('busy', ['c1']);
    await assert.rejects(store.remove('busy'), /remove busy: volume is in use - \[c1\]/);
    await assert.rejects(store.remove('busy', { force: true }), /volume is in use/);
    users.delete('busy');
    await store.remove('busy');
    assert.equal(existsSync(join(dir, 'volumes', 'busy')), false);
    await assert.rejects(store.remove('busy'), /get busy: no such volume/);
    await store.remove('busy', { force: true });
  });

  it('holds names for creates in progress so prune and remove leave them alone', async () => {
    const store = await open();
    await store.create({ name: 'pending', anonymous: true });
    store.hold(['pending'], 60_000);
    store.hold(['pending'], 60_000);
    await assert.rejects(store.remove('pending'), /in use - \[\(a container being created\)\]/);
    assert.deepEqual((await store.prune(() => true)).removed, []);
    store.release(['pending']);
    await assert.rejects(store.remove('pending'), /in use/);
    store.release(['pending']);
    assert.deepEqual((await store.prune(() => true)).removed, ['pending']);
    await store.create({ name: 'expired' });
    store.hold(['expired'], -1); // a create that failed never releases: the hold lapses
    await store.remove('expired');
  });

  it('prunes what the predicate accepts and no container uses, counting the bytes', async () => {
    const store = await open();
    const a = (await store.create({ anonymous: true })).volume.name;
    const b = (await store.create({ anonymous: true })).volume.name;
    await store.create({ name: 'named' });
    await fsp.writeFile(join(store.mountpoint(a), 'blob'), Buffer.alloc(64 * 1024, 1));
    users.set(b, ['c2']);
    const { removed, reclaimedBytes } = await store.prune((v) => v.labels !== null && anonymousLabel in v.labels);
    assert.deepEqual(removed, [a]);
    assert.ok(reclaimedBytes >= 64 * 1024, `reclaimed ${reclaimedBytes}`);
    assert.deepEqual(store.list().map((v) => v.name).sort(), [b, 'named'].sort());
  });

  it('removes an owner container\'s anonymous volumes with rm -v, and always for --rm containers', async () => {
    const store = await open();
    const kept = (await store.create({ anonymous: true })).volume.name;
    const removedWithV = (await store.create({ anonymous: true })).volume.name;
    const autoRemoved = (await store.create({ anonymous: true })).volume.name;
    await store.setOwner(kept, { container: 'c1', autoRemove: false });
    await store.setOwner(removedWithV, { container: 'c2', autoRemove: false });
    await store.setOwner(autoRemoved, { container: 'c3', autoRemove: true });
    assert.deepEqual(await store.containerRemoved('c1', { removeAnonymous: false }), []);
    assert.deepEqual(await store.containerRemoved('c2', { removeAnonymous: true }), [removedWithV]);
    assert.deepEqual(await store.containerRemoved('c3', { removeAnonymous: false }), [autoRemoved]);
    assert.deepEqual(store.list().map((v) => v.name), [kept]);
    assert.deepEqual((await open()).get(kept).owner, { container: 'c1', autoRemove: false });
  });

  it('after a crash: drops an empty half-created volume, keeps data without a record, finishes interrupted removals', async () => {
    const root = join(dir, 'volumes');
    mkdirSync(join(root, 'half', '_data'), { recursive: true });
    mkdirSync(join(root, 'orphan', '_data'), { recursive: true });
    writeFileSync(join(root, 'orphan', '_data', 'precious'), 'x');
    mkdirSync(join(root, '.trash-gone-1234', '_data'), { recursive: true });
    const store = await open();
    assert.deepEqual(store.list().map((v) => v.name), ['orphan']);
    assert.equal(existsSync(join(root, 'half')), false);
    assert.equal(existsSync(join(root, '.trash-gone-1234')), false);
    assert.equal(readFileSync(join(store.mountpoint('orphan'), 'precious'), 'utf8'), 'x');
  });

  it('mounts a tmpfs volume (type/device/o) on first use and unmounts it on removal', async () => {
    requireRoot();
    const store = await open();
    await store.create({ name: 'ram', options: { type: 'tmpfs', device: 'tmpfs', o: 'size=1m,mode=0750' } });
    const path = await store.use('ram');
    assert.equal(isMountPoint(path), true);
    assert.equal((await fsp.stat(path)).mode & 0o7777, 0o750);
    await store.use('ram'); // already mounted: nothing stacks
    await store.remove('ram');
    assert.equal(isMountPoint(path), false);
  });

  it('binds a host directory read-only with type=none,o=bind,ro', async () => {
    requireRoot();
    const host = join(dir, 'host');
    mkdirSync(host);
    writeFileSync(join(host, 'file'), 'from host');
    const store = await open();
    await store.create({ name: 'hostdir', options: { type: 'none', device: host, o: 'bind,ro' } });
    const path = await store.use('hostdir');
    try {
      assert.equal(readFileSync(join(path, 'file'), 'utf8'), 'from host');
      await assert.rejects(fsp.writeFile(join(path, 'new'), 'x'), /EROFS/);
    } finally {
      await store.remove('hostdir');
    }
    assert.equal(readFileSync(join(host, 'file'), 'utf8'), 'from host', 'removing the volume must not delete the bound directory');
  });
});
