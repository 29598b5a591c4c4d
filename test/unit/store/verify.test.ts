import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { digestOf } from '../../../engine/src/image/digest';
import { mediaTypes } from '../../../engine/src/image/mediaTypes';
import { validateImage } from '../../../engine/src/image/validateImage';
import { writeBlobBytes } from '../../../engine/src/store/blobs';
import { OverlaySnapshotter } from '../../../engine/src/snapshot/overlaySnapshotter';
import { unpackLabel } from '../../../engine/src/snapshot/snapshotter';
import { unpackImage } from '../../../engine/src/snapshot/unpack';
import { LayoutImageStore } from '../../../engine/src/store/layoutImageStore';
import { Leases } from '../../../engine/src/store/leases';
import { OciLayoutStore } from '../../../engine/src/store/ociLayoutStore';
import type { StoreParts } from '../../../engine/src/store/storeParts';
import { imageFromStore, writeImage } from '../../../engine/src/store/storeImage';
import { repairStore, verifyStore } from '../../../engine/src/store/verify';
import { randomImage } from '../../fixtures/memoryImage';
import { removeScratch, requireRoot, scratchDir } from '../../fixtures/scratch';

describe('verifyStore / repairStore', () => {
  let dir: string;
  let parts: StoreParts;
  beforeEach(async () => {
    requireRoot();
    dir = scratchDir('verify');
    const root = join(dir, 'content');
    parts = { content: await OciLayoutStore.open(root), images: new LayoutImageStore(root), snapshotters: [await OverlaySnapshotter.open(join(dir, 'overlay'))], leases: new Leases() };
  });
  afterEach(() => removeScratch(dir));

  it('finds nothing wrong in a healthy store', async () => {
    const { image } = await randomImage(dir, 2);
    await writeImage(parts.content, parts.images, image, 'ok:1');
    await unpackImage(parts.snapshotters[0]!, image);
    assert.deepEqual(await verifyStore(parts), []);
  });

  it('accepts an index whose other platforms were never pulled, not one with none of its manifests', async () => {
    const { image } = await randomImage(dir, 1);
    const pulled = await writeImage(parts.content, undefined, image);
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: mediaTypes.ociIndex, manifests: [
      { ...pulled, platform: { os: 'linux', architecture: 'amd64' } },
      { mediaType: mediaTypes.ociManifest, digest: digestOf('arm64 manifest, never pulled'), size: 500, platform: { os: 'linux', architecture: 'arm64' } },
    ] }));
    const info = await writeBlobBytes(parts.content, 'index', index);
    await parts.images.set('multi:1', { mediaType: mediaTypes.ociIndex, digest: info.digest, size: info.size });
    assert.deepEqual(await verifyStore(parts), []);
    rmSync(parts.content.blobPath(pulled.digest));
    assert.match((await verifyStore(parts)).map((p) => `${p.object}: ${p.message}`).join('\n'), /image multi:1: index sha256:[0-9a-f]+: none of its 2 manifests is present/);
  });

  it('reports every kind of damage, repairs it, and leaves intact images usable', async () => {
    const a = (await randomImage(dir, 2)).image;
    const b = (await randomImage(dir, 1)).image;
    const c = (await randomImage(dir, 2)).image;
    await writeImage(parts.content, parts.images, a, 'a:1');
    await writeImage(parts.content, parts.images, b, 'b:1');
    await writeImage(parts.content, parts.images, c, 'c:1');
    const sn = parts.snapshotters[0]!;
    await unpackImage(sn, c);
    const root = parts.content.root;
    // damage: a corrupt layer of a, b's config gone, a stray temp file, an interrupted ingest,
    // a snapshot without its record, trash, an abandoned extraction, a missing oci-layout
    writeFileSync(parts.content.blobPath((await a.layers())[1]!.descriptor.digest), 'not the layer');
    rmSync(parts.content.blobPath((await b.manifest()).config.digest));
    writeFileSync(join(root, 'index.json.tmp-123-abcd'), '{');
    const w = await parts.content.openWriter('left-over');
    await w.write(Buffer.from('partial'));
    mkdirSync(join(dir, 'overlay/snapshots/deadbeef0000/fs'), { recursive: true });
    mkdirSync(join(dir, 'overlay/trash/cafe00000000/fs'), { recursive: true });
    await sn.prepare('extract-abandoned', undefined, { labels: { [unpackLabel]: 'x' } });
    writeFileSync(join(root, 'oci-layout'), '{"imageLayoutVersion": "0.9"}');

    // what a restarted daemon sees: the writer above belongs to a process that is gone
    const fresh: StoreParts = { ...parts, content: await OciLayoutStore.open(root), snapshotters: [await OverlaySnapshotter.open(join(dir, 'overlay'))] };
    const problems = await verifyStore(fresh);
    const text = problems.map((p) => `${p.object}: ${p.message}`).join('\n');
    for (const expected of [/oci-layout: missing or invalid/, /blob sha256:[0-9a-f]+: content hashes to/, /image a:1: blob .* is damaged/,
      /image b:1: blob .* is missing/, /index\.json\.tmp-123-abcd: leftover temp file/, /ingest left-over: interrupted write \(7 bytes\)/,
      /deadbeef0000 .*has no record/, /cafe00000000.*trash/, /snapshot extract-abandoned: interrupted layer extraction/]) {
      assert.match(text, expected);
    }
    assert.doesNotMatch(text, /image c:1/);

    const { remaining } = await repairStore(fresh);
    assert.deepEqual(remaining, []);
    assert.deepEqual(await verifyStore(fresh), []);
    await w.abort(); // closes the abandoned writer's file; repair already removed its directory
    assert.deepEqual((await fresh.images.list()).map((r) => r.name), ['c:1']);
    await validateImage(imageFromStore(fresh.content, (await fresh.images.get('c:1')).target));
    assert.equal(JSON.parse(readFileSync(join(root, 'oci-layout'), 'utf8')).imageLayoutVersion, '1.0.0');
  });
});
