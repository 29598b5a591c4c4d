import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recoverStore } from '../../../engine/src/daemon/recoverStore';
import { unpackLabel } from '../../../engine/src/snapshot/snapshotter';
import { writeImage } from '../../../engine/src/store/storeImage';
import { verifyStore } from '../../../engine/src/store/verify';
import { memoryImage, randomImage } from '../../fixtures/memoryImage';
import { openTestStore } from '../../fixtures/registry/testStore';
import { removeScratch, scratchDir } from '../../fixtures/scratch';

describe('recoverStore', () => {
  let dir: string;
  beforeEach(() => (dir = scratchDir('recover')));
  afterEach(() => removeScratch(dir));

  it('removes what a crash leaves (ingests, half-extracted snapshots, orphan blobs, temp files) and keeps named images', async () => {
    const before = await openTestStore(dir);
    const kept = await writeImage(before.content, before.images, memoryImage((await randomImage(dir, 1)).layers), 'docker.io/library/kept:1');
    await writeImage(before.content, undefined, memoryImage((await randomImage(dir, 1)).layers)); // blobs of a pull that never got its name
    const writer = await before.content.openWriter('pull-interrupted');
    await writer.write(Buffer.from('half a layer'));
    await before.snapshotter.prepare('extract-123', undefined, { labels: { [unpackLabel]: 'sha256:x' } });
    writeFileSync(join(before.content.root, 'index.json.tmp-999-abcd'), '{');
    // killed between creating an ingest directory and writing its ref
    mkdirSync(join(before.content.root, 'ingest', 'killed-early'));
    writeFileSync(join(before.content.root, 'ingest', 'killed-early', 'ref'), '');
    assert.ok((await verifyStore(before)).length > 0, 'the crash left problems');

    // a new process: nothing is being written any more
    const after = await openTestStore(dir);
    const recovered = await recoverStore(after);
    assert.equal(recovered.removedIngests, 2);
    assert.equal(recovered.removedSnapshots, 1);
    assert.equal(recovered.removedBlobs, 3, 'manifest, config and layer of the unnamed image');
    assert.equal(recovered.otherLeftovers, 1);
    assert.deepEqual(await verifyStore(after), []);
    assert.equal((await after.images.get('docker.io/library/kept:1')).target.digest, kept.digest);
    assert.equal(existsSync(join(after.content.root, 'index.json.tmp-999-abcd')), false);
    assert.equal(existsSync(join(after.content.root, 'ingest', 'killed-early')), false);
  });
});
