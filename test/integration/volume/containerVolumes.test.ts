// Volumes under real containers (crun, conmon, overlayfs): named volumes outlive containers, new
// volumes get the image's content (copy-up), anonymous volumes come from VOLUME and go with
// `rm -v` or --rm, device volumes (tmpfs, bind) are mounted once and unmounted on removal, and many
// cycles leave nothing behind.
import * as assert from 'node:assert/strict';
import { chownSync, chmodSync, mkdirSync, promises as fsp, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Image } from '../../../engine/src/image/image';
import { mountPoints } from '../../../engine/src/runtime/rootfsMount';
import { ContainerVolumes, volumeUsers, type VolumeRequest } from '../../../engine/src/volume/containerMounts';
import { VolumeStore } from '../../../engine/src/volume/volumeStore';
import { busyboxLayer } from '../../fixtures/busyboxImage';
import { layerFromDir, memoryImage } from '../../fixtures/memoryImage';
import { makeUsable, type RuntimeFixup } from '../runtime/runtimesUnderTest';
import { Testbed } from '../runtime/runtimeTestbed';

describe('volumes in containers', function () {
  this.timeout(180_000);
  let tb: Testbed;
  let fixup: RuntimeFixup;
  let store: VolumeStore;
  let volumes: ContainerVolumes;
  let appImage: Image;

  before(async () => {
    fixup = await makeUsable('crun');
    tb = await Testbed.open('crun');
    store = await VolumeStore.open({ dir: join(tb.root, 'volumes'), users: (name) => volumeUsers(tb.runtime.list({ all: true }), name) });
    volumes = await ContainerVolumes.open({ volumes: store, snapshotter: tb.snapshotter, scratchDir: join(tb.runRoot, 'copyup') });
    // an image whose VOLUME holds files: /var/lib/app (owned 1000:1000, mode 0750) with a seed file
    const tree = join(tb.dir, 'app-layer');
    mkdirSync(join(tree, 'var/lib/app/conf'), { recursive: true });
    writeFileSync(join(tree, 'var/lib/app/seed'), 'from the image');
    writeFileSync(join(tree, 'var/lib/app/conf/app.ini'), 'x=1');
    chownSync(join(tree, 'var/lib/app'), 1000, 1000);
    chmodSync(join(tree, 'var/lib/app'), 0o750);
    appImage = memoryImage([await busyboxLayer(), await layerFromDir(tree)], {
      config: { Env: ['PATH=/bin'], Cmd: ['sh'], Volumes: { '/var/lib/app': {} } },
    });
  });
  after(async () => {
    try {
      assert.deepEqual(readdirSync(join(tb.runRoot, 'copyup')), [], 'no copy-up mount point left');
      await tb?.close();
    } finally {
      await fixup?.undo();
    }
  });

  /** create (through the resolver), run to the end, return stdout; the container is kept. */
  async function run(cmd: string[], requests: VolumeRequest[], options: { image?: Image; autoRemove?: boolean } = {}) {
    const image = options.image ?? tb.image;
    const mounts = await volumes.resolve(requests, { image }, []);
    const record = await tb.runtime.create({ image: { reference: 'app', image }, cmd, network: { mode: { kind: 'none' } }, mounts, ...(options.autoRemove ? { autoRemove: true } : {}) });
    await volumes.created(record);
    const attachment = await tb.runtime.io.attach(record.id, { stdout: true, stderr: true });
    let out = '';
    attachment.output.on('data', (f: { data: Buffer }) => { out += f.data.toString(); });
    const ended = new Promise((resolve) => attachment.output.on('end', resolve));
    await tb.runtime.start(record.id);
    const { statusCode } = await tb.runtime.wait(record.id, 'not-running');
    await ended;
    return { id: record.id, out, statusCode, mounts };
  }

  async function remove(id: string, removeAnonymous = false): Promise<string[]> {
    await tb.runtime.remove(id, { force: true });
    return volumes.removed(id, { removeAnonymous });
  }

  it('keeps a named volume\'s data after the container is removed; the next container sees it', async () => {
    const first = await run(['sh', '-c', 'echo x > /data/f'], [{ name: 'shared', target: '/data', readOnly: false, noCopy: false }]);
    assert.equal(first.statusCode, 0, first.out);
    assert.deepEqual(await remove(first.id, true), [], 'a named volume is never removed with its container');
    const second = await run(['cat', '/data/f'], [{ name: 'shared', target: '/data', readOnly: false, noCopy: false }]);
    assert.equal(second.out, 'x\n');
    await assert.rejects(store.remove('shared'), new RegExp(`remove shared: volume is in use - \\[${second.id}\\]`));
    await remove(second.id);
    await store.remove('shared');
  });

  it('fills a new volume with what the image holds at the target (owner and mode too); not with nocopy, not a used one', async () => {
    const filled = await run(['sh', '-c', 'cat /var/lib/app/seed; stat -c %u:%g:%a /var/lib/app; ls /var/lib/app/conf'], [{ name: 'appdata', target: '/var/lib/app', readOnly: false, noCopy: false }], { image: appImage });
    assert.equal(filled.out, 'from the image1000:1000:750\napp.ini\n');
    assert.deepEqual((await fsp.readFile(join(store.mountpoint('appdata'), 'seed'), 'utf8')), 'from the image');
    await remove(filled.id);
    await fsp.writeFile(join(store.mountpoint('appdata'), 'seed'), 'changed by a container');
    const again = await run(['cat', '/var/lib/app/seed'], [{ name: 'appdata', target: '/var/lib/app', readOnly: false, noCopy: false }], { image: appImage });
    assert.equal(again.out, 'changed by a container', 'a volume with content is never overwritten');
    await remove(again.id);
    const empty = await run(['ls', '-A', '/var/lib/app'], [{ name: 'nocopy', target: '/var/lib/app', readOnly: false, noCopy: true }], { image: appImage });
    assert.equal(empty.out, '');
    await remove(empty.id);
    await store.remove('appdata');
    await store.remove('nocopy');
  });

  it('gives each image VOLUME an anonymous volume, removed by rm -v and kept otherwise', async () => {
    const c = await run(['cat', '/var/lib/app/seed'], [], { image: appImage });
    assert.equal(c.out, 'from the image');
    const anonymous = c.mounts.map((m) => (m.type === 'volume' ? m.name : ''));
    assert.equal(anonymous.length, 1);
    assert.match(anonymous[0]!, /^[0-9a-f]{64}$/);
    assert.deepEqual(await remove(c.id, true), anonymous);
    assert.equal(store.find(anonymous[0]!), undefined);
    const kept = await run(['true'], [], { image: appImage });
    const keptName = (kept.mounts[0] as { name: string }).name;
    assert.deepEqual(await remove(kept.id, false), []);
    assert.ok(store.find(keptName), 'docker rm without -v keeps anonymous volumes');
    await store.remove(keptName);
  });

  it('removes the anonymous volumes of a --rm container when it goes', async () => {
    const c = await run(['true'], [{ target: '/scratch', readOnly: false, noCopy: false }], { autoRemove: true });
    const name = (c.mounts[0] as { name: string }).name;
    await tb.runtime.wait(c.id, 'removed').catch(() => undefined);
    assert.deepEqual(await volumes.removed(c.id, { removeAnonymous: false }), [name]);
  });

  it('mounts read-only volumes read-only', async () => {
    await store.create({ name: 'ro' });
    const c = await run(['sh', '-c', 'touch /ro/x 2>&1; echo $?'], [{ name: 'ro', target: '/ro', readOnly: true, noCopy: false }]);
    assert.match(c.out, /Read-only file system\n1\n/);
    await remove(c.id);
    await store.remove('ro');
  });

  it('mounts a tmpfs volume (local driver options) on first use and unmounts it when removed', async () => {
    const c = await run(['sh', '-c', 'echo in-ram > /ram/f; grep " /ram " /proc/mounts | cut -d" " -f3'], [{ name: 'ram', target: '/ram', readOnly: false, noCopy: false, driverOptions: { type: 'tmpfs', device: 'tmpfs', o: 'size=4m' } }]);
    assert.equal(c.out, 'tmpfs\n');
    assert.equal(await fsp.readFile(join(store.mountpoint('ram'), 'f'), 'utf8'), 'in-ram\n');
    await remove(c.id);
    await store.remove('ram');
    assert.equal(mountPoints().includes(store.mountpoint('ram')), false);
  });

  it('leaves nothing behind after many cycles of containers with anonymous, named and tmpfs volumes', async () => {
    for (let i = 0; i < 20; i++) {
      const c = await run(['sh', '-c', 'echo $0 > /cache/n; echo $0 > /ram/n; cat /var/lib/app/seed >/dev/null', String(i)], [
        { name: 'cycle', target: '/cache', readOnly: false, noCopy: false },
        { name: 'cycle-ram', target: '/ram', readOnly: false, noCopy: false, driverOptions: { type: 'tmpfs', device: 'tmpfs' } },
      ], { image: appImage, autoRemove: i % 2 === 0 });
      assert.equal(c.statusCode, 0, c.out);
      if (i % 2 === 0) {
        await tb.runtime.wait(c.id, 'removed').catch(() => undefined);
        await volumes.removed(c.id, { removeAnonymous: false });
      } else {
        await remove(c.id, true);
      }
    }
    assert.equal(await fsp.readFile(join(store.mountpoint('cycle'), 'n'), 'utf8'), '19\n');
    assert.deepEqual(store.list().map((v) => v.name), ['cycle', 'cycle-ram'], 'only the named volumes are left');
    await store.remove('cycle');
    await store.remove('cycle-ram');
    assert.deepEqual(mountPoints().filter((p) => p.startsWith(tb.dir)), []);
    assert.deepEqual(readdirSync(join(tb.root, 'volumes')), []);
    assert.equal(statSync(join(tb.runRoot, 'copyup')).isDirectory(), true);
    assert.deepEqual(readdirSync(join(tb.runRoot, 'copyup')), []);
    assert.deepEqual((await tb.snapshotter.list()).filter((s) => s.kind !== 'committed').map((s) => s.name), [], 'no copy-up view left');
  });
});
