// The content store is a real OCI layout: skopeo copies images out of it and into it, umoci
// unpacks them, and what they write Berth reads back with identical digests.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { validateImage } from '../../../engine/src/image/validateImage';
import { CopySnapshotter } from '../../../engine/src/snapshot/copySnapshotter';
import { unpackImage } from '../../../engine/src/snapshot/unpack';
import { LayoutImageStore } from '../../../engine/src/store/layoutImageStore';
import { Leases } from '../../../engine/src/store/leases';
import { OciLayoutStore } from '../../../engine/src/store/ociLayoutStore';
import { imageFromStore, writeImage } from '../../../engine/src/store/storeImage';
import { verifyStore } from '../../../engine/src/store/verify';
import { craftTar } from '../../fixtures/craftTar';
import { layerFromDir, memoryImage, type MemoryLayer } from '../../fixtures/memoryImage';
import { buildSampleTree } from '../../fixtures/sampleTree';
import { removeScratch, requireRoot, requireTool, scratchDir } from '../../fixtures/scratch';
import { listTree } from '../../fixtures/treeListing';
import { mountAll } from '../snapshot/snapshotterSuite';
import { digestOf } from '../../../engine/src/image/digest';

const name = 'localhost/berth/interop:1';

describe('OCI layout interoperability (skopeo, umoci)', () => {
  let dir: string;
  let content: OciLayoutStore;
  let images: LayoutImageStore;
  let manifestDigest: string;
  before(async () => {
    requireRoot();
    requireTool('skopeo', 'skopeo');
    requireTool('umoci', 'umoci');
    dir = scratchDir('interop');
    content = await OciLayoutStore.open(join(dir, 'root/content'));
    images = new LayoutImageStore(join(dir, 'root/content'));
    buildSampleTree(join(dir, 'tree'));
    const second = await craftTar([{ name: 'etc/.wh.hosts' }, { name: 'usr/', type: 'directory' }, { name: 'usr/.wh..wh..opq' }, { name: 'usr/new', content: 'new' }]);
    // gzip: skopeo compresses uncompressed layers on copy, which would change the digests
    const gz = gzipSync(second);
    const top: MemoryLayer = { bytes: gz, diffId: digestOf(second), descriptor: { mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: digestOf(gz), size: gz.length } };
    const image = memoryImage([await layerFromDir(join(dir, 'tree')), top]);
    manifestDigest = (await writeImage(content, images, image, name)).digest;
  });
  after(() => removeScratch(dir));

  it('skopeo copies an image out of the store (oci:<root>/content:<ref>) with the same manifest digest', () => {
    execFileSync('skopeo', ['copy', '--quiet', `oci:${join(dir, 'root/content')}:${name}`, `oci:${join(dir, 'out')}:ref`]);
    const raw = execFileSync('skopeo', ['inspect', '--raw', `oci:${join(dir, 'out')}:ref`]);
    assert.equal(`sha256:${createHash('sha256').update(raw).digest('hex')}`, manifestDigest);
  });

  it('reads the layout skopeo wrote: same digests, valid image', async () => {
    const out = await OciLayoutStore.open(join(dir, 'out'));
    const record = await new LayoutImageStore(join(dir, 'out')).get('ref');
    assert.equal(record.target.digest, manifestDigest);
    await validateImage(imageFromStore(out, record.target));
  });

  it('stays a healthy store when skopeo writes into it', async () => {
    execFileSync('skopeo', ['copy', '--quiet', `oci:${join(dir, 'out')}:ref`, `oci:${join(dir, 'root/content')}:copied-by-skopeo`]);
    assert.equal((await images.get('copied-by-skopeo')).target.digest, manifestDigest);
    assert.equal((await images.get(name)).target.digest, manifestDigest);
    assert.deepEqual(await verifyStore({ content, images, snapshotters: [], leases: new Leases() }), []);
  });

  it('umoci unpacks the image to the same tree Berth unpacks', async () => {
    const bundle = join(dir, 'bundle');
    execFileSync('umoci', ['unpack', '--image', `${join(dir, 'root/content')}:${name}`, bundle], { stdio: 'pipe' });
    const sn = await CopySnapshotter.open(join(dir, 'snapshots'));
    const chainIds = await unpackImage(sn, imageFromStore(content, (await images.get(name)).target));
    const mnt = join(dir, 'mnt');
    mkdirSync(mnt);
    const unmount = mountAll(await sn.view('v', chainIds.at(-1)!), mnt);
    try {
      assert.deepEqual(listTree(join(bundle, 'rootfs'), { skipRoot: true, ignoreDirMtimes: true }), listTree(mnt, { skipRoot: true, ignoreDirMtimes: true }));
    } finally {
      unmount();
    }
  });
});
