import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { computeChainIds } from '../../../engine/src/image/chainId';
import { isNotFound } from '../../../engine/src/image/berthError';
import { validateImage } from '../../../engine/src/image/validateImage';
import { OverlaySnapshotter } from '../../../engine/src/snapshot/overlaySnapshotter';
import { unpackLabel } from '../../../engine/src/snapshot/snapshotter';
import { unpackImage } from '../../../engine/src/snapshot/unpack';
import { writeBlobBytes } from '../../../engine/src/store/blobs';
import { diskUsage } from '../../../engine/src/store/diskUsage';
import { collectGarbage, mark } from '../../../engine/src/store/gc';
import { LayoutImageStore } from '../../../engine/src/store/layoutImageStore';
import { Leases } from '../../../engine/src/store/leases';
import { OciLayoutStore } from '../../../engine/src/store/ociLayoutStore';
import type { StoreParts } from '../../../engine/src/store/storeParts';
import { imageFromStore, writeImage } from '../../../engine/src/store/storeImage';
import { memoryImage, randomImage } from '../../fixtures/memoryImage';
import { removeScratch, requireRoot, scratchDir } from '../../fixtures/scratch';

describe('mark', () => {
  it('reaches everything reachable and nothing else', async () => {
    const graph: Record<string, string[]> = { a: ['b', 'c'], b: ['d'], c: ['d', 'a'], d: [], e: ['a'] };
    assert.deepEqual([...(await mark(['a'], async (n) => graph[n] ?? []))].sort(), ['a', 'b', 'c', 'd']);
  });
});

describe('collectGarbage', () => {
  let dir: string;
  let parts: StoreParts;
  before(() => requireRoot());
  beforeEach(async () => {
    dir = scratchDir('gc');
    const root = join(dir, 'content');
    parts = { content: await OciLayoutStore.open(root), images: new LayoutImageStore(root), snapshotters: [await OverlaySnapshotter.open(join(dir, 'overlay'))], leases: new Leases() };
  });
  afterEach(() => removeScratch(dir));

  it('removes unreferenced blobs, snapshots and stale ingests; keeps what names, leases and containers use', async () => {
    const { layers } = await randomImage(dir, 3);
    const a = memoryImage([layers[0]!, layers[1]!]);
    const b = memoryImage([layers[0]!, layers[2]!]);
    await writeImage(parts.content, parts.images, a, 'a:1');
    await writeImage(parts.content, parts.images, b, 'b:1');
    const sn = parts.snapshotters[0]!;
    const chainA = await unpackImage(sn, a);
    const chainB = await unpackImage(sn, b);
    await sn.prepare('container-1', chainB[1]!); // a container on b keeps b's chain
    const orphan = await writeBlobBytes(parts.content, 'orphan', Buffer.from('orphan'));
    const leased = await writeBlobBytes(parts.content, 'leased', Buffer.from('leased'));
    const lease = parts.leases.acquire();
    lease.addContent(leased.digest);
    const stale = await parts.content.openWriter('stale-ingest');
    await stale.write(Buffer.from('half'));
    await sn.prepare('extract-dead', chainB[1]!, { labels: { [unpackLabel]: 'x' } });
    const usage = await diskUsage(parts);
    assert.ok(usage.blobs.reclaimableBytes >= 'orphan'.length);

    await parts.images.delete('a:1');
    // a fresh store object over the same files: the unfinished ingest is now a crash leftover
    const report = await collectGarbage({ ...parts, content: await OciLayoutStore.open(parts.content.root) });
    const aDigest = await a.digest();
    assert.ok(report.removedBlobs.includes(aDigest), 'manifest of a');
    assert.ok(report.removedBlobs.includes(layers[1]!.descriptor.digest), 'layer only a used');
    assert.ok(report.removedBlobs.includes(orphan.digest));
    assert.ok(!report.removedBlobs.includes(leased.digest), 'leased blob kept');
    assert.ok(!report.removedBlobs.includes(layers[0]!.descriptor.digest), 'shared layer kept');
    assert.deepEqual(report.removedIngests, ['stale-ingest']);
    assert.deepEqual([...report.removedSnapshots].sort(), [`overlay:${chainA[1]}`, 'overlay:extract-dead'].sort());
    assert.deepEqual((await sn.list()).map((s) => s.name).sort(), [chainB[0]!, chainB[1]!, 'container-1'].sort());
    await validateImage(imageFromStore(parts.content, (await parts.images.get('b:1')).target));
    assert.deepEqual(computeChainIds(await Promise.all((await b.layers()).map((l) => l.diffId()))), chainB);

    lease.release();
    const second = await collectGarbage(parts);
    assert.deepEqual(second.removedBlobs, [leased.digest]);
    await assert.rejects(parts.content.info(leased.digest), (err) => isNotFound(err));
    const after = await diskUsage(parts);
    assert.equal(after.blobs.reclaimableBytes, 0);
    assert.equal(after.snapshots[0]!.reclaimableBytes, 0);
    await stale.abort(); // close the abandoned writer's file
  });

  it('removes what a crash left in the snapshotter (a create without its record, an unfinished removal), never a snapshot being made', async () => {
    mkdirSync(join(dir, 'overlay/snapshots/deadbeef0000/fs'), { recursive: true });
    mkdirSync(join(dir, 'overlay/trash/cafe00000000/fs'), { recursive: true });
    // what the restarted daemon opens
    const fresh: StoreParts = { ...parts, snapshotters: [await OverlaySnapshotter.open(join(dir, 'overlay'))] };
    // a create under way in this process has no record yet either: it must survive the GC
    mkdirSync(join(dir, 'overlay/snapshots/0123456789ab/fs'), { recursive: true });
    const result = await collectGarbage(fresh);
    assert.ok(result.removedSnapshots.some((s) => s.endsWith('/snapshots/deadbeef0000')), result.removedSnapshots.join());
    assert.ok(result.removedSnapshots.some((s) => s.endsWith('/trash/cafe00000000')), result.removedSnapshots.join());
    assert.ok(!existsSync(join(dir, 'overlay/snapshots/deadbeef0000')));
    assert.deepEqual(readdirSync(join(dir, 'overlay/trash')), []);
    assert.ok(existsSync(join(dir, 'overlay/snapshots/0123456789ab')), 'a directory that appeared after open is not a crash leftover');
  });
});
