import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { computeChainIds } from '../../../engine/src/image/chainId';
import { digestOf } from '../../../engine/src/image/digest';
import { CopySnapshotter } from '../../../engine/src/snapshot/copySnapshotter';
import { OverlaySnapshotter } from '../../../engine/src/snapshot/overlaySnapshotter';
import type { Snapshotter } from '../../../engine/src/snapshot/snapshotter';
import { applyTarget, unpackImage } from '../../../engine/src/snapshot/unpack';
import { craftTar, type CraftEntry } from '../../fixtures/craftTar';
import { memoryImage, type MemoryLayer } from '../../fixtures/memoryImage';
import { removeScratch, requireRoot, scratchDir } from '../../fixtures/scratch';
import { listTree } from '../../fixtures/treeListing';
import { mountAll } from './snapshotterSuite';

async function layer(entries: CraftEntry[]): Promise<MemoryLayer> {
  const bytes = await craftTar(entries);
  return { bytes, diffId: digestOf(bytes), descriptor: { mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: digestOf(bytes), size: bytes.length } };
}

const layers = Promise.all([
  layer([{ name: 'bin/', type: 'directory' }, { name: 'bin/sh', content: 'sh', mode: 0o755 }, { name: 'etc/', type: 'directory' }, { name: 'etc/a', content: 'a' },
    { name: 'etc/b', content: 'b' }, { name: 'var/', type: 'directory' }, { name: 'var/cache/', type: 'directory' }, { name: 'var/cache/x', content: 'x' }]),
  layer([{ name: 'etc/.wh.a' }, { name: 'var/cache/', type: 'directory' }, { name: 'var/cache/.wh..wh..opq' }, { name: 'var/cache/y', content: 'y' },
    { name: 'bin/sh', content: 'new sh', mode: 0o755 }, { name: 'bin/ln', type: 'link', linkname: 'bin/sh' }]),
  layer([{ name: 'etc/a', content: 'back' }, { name: '.wh.var' }, { name: 'home/', type: 'directory', mode: 0o700, uid: 1000, gid: 1000 }]),
]);

/** The merged tree a container would see, read through a real mount of a view. */
async function mergedView(sn: Snapshotter, top: string, where: string): Promise<string[]> {
  const key = `view-${Math.random()}`;
  const unmount = mountAll(await sn.view(key, top), where);
  try {
    return listTree(where, { skipRoot: true, ignoreDirMtimes: true });
  } finally {
    unmount();
    await sn.remove(key);
  }
}

describe('unpackImage', () => {
  let dir: string;
  before(() => {
    requireRoot();
    dir = scratchDir('unpack');
  });
  after(() => removeScratch(dir));

  it('gives the same merged tree through overlay and through copies, with whiteouts and opaque dirs applied', async () => {
    const image = memoryImage(await layers);
    const overlay = await OverlaySnapshotter.open(join(dir, 'overlay'));
    const copy = await CopySnapshotter.open(join(dir, 'copy'));
    const chainIds = await unpackImage(overlay, image);
    assert.deepEqual(await unpackImage(copy, image), chainIds);
    const viaOverlay = await mergedView(overlay, chainIds[2]!, join(dir, 'mnt-overlay'));
    const viaCopy = await mergedView(copy, chainIds[2]!, join(dir, 'mnt-copy'));
    assert.deepEqual(viaOverlay, viaCopy);
    assert.deepEqual(viaOverlay.map((l) => l.split(' ')[0]), ['bin', 'bin/ln', 'bin/sh', 'etc', 'etc/a', 'etc/b', 'home']);
    assert.equal(viaOverlay.find((l) => l.startsWith('bin/sh')), 'bin/sh =bin/ln'); // hard link kept
  });

  it('extracts each ChainID once and shares it between images and concurrent unpacks', async () => {
    const [l1, l2, l3] = await layers;
    const sn = await OverlaySnapshotter.open(join(dir, 'shared'));
    const a = memoryImage([l1!, l2!, l3!]);
    const b = memoryImage([l1!, l2!, await layer([{ name: 'other', content: 'o' }])]);
    const [ca, again] = await Promise.all([unpackImage(sn, a), unpackImage(sn, a)]);
    assert.deepEqual(ca, again);
    const cb = await unpackImage(sn, b);
    assert.deepEqual(cb.slice(0, 2), ca.slice(0, 2));
    assert.deepEqual(cb, computeChainIds([l1!.diffId, l2!.diffId, digestOf(await craftTar([{ name: 'other', content: 'o' }]))]));
    assert.deepEqual((await sn.list()).map((s) => s.name).sort(), [...new Set([...ca, ...cb])].sort());
  });

  it('maps mount specs to where a layer is written', () => {
    assert.deepEqual(applyTarget([{ type: 'bind', source: '/s/fs', options: ['rw', 'rbind'] }]), { dir: '/s/fs', whiteouts: 'remove', lowerDirs: [] });
    assert.deepEqual(applyTarget([{ type: 'overlay', source: 'overlay', options: ['index=off', 'lowerdir=/a:/b', 'upperdir=/u', 'workdir=/w'] }]), { dir: '/u', whiteouts: 'overlay', lowerDirs: ['/a', '/b'] });
    assert.throws(() => applyTarget([{ type: 'bind', source: '/s', options: ['ro'] }]), /expected one writable bind or overlay mount/);
  });
});
