import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { Builder } from '../../../engine/src/build/builder';
import { collectGarbage } from '../../../engine/src/store/gc';
import type { StoreParts } from '../../../engine/src/store/storeParts';
import { storeBaseImage } from '../../fixtures/build/baseImage';
import { openHarness, type Harness } from '../../fixtures/build/buildHarness';
import { requireRoot } from '../../fixtures/scratch';

/**
 * Garbage collection and the build cache: the layers cache records name are GC roots
 * (StoreParts.roots, fed by Builder.cachedLayers), so a GC (berthd runs one at every start, and
 * after rmi and prunes) leaves a rebuild fully cached even when no image holds those layers.
 */
describe('build cache layers as GC roots', function () {
  let h: Harness;
  const dockerfile = 'FROM base:1\nCOPY a.txt /a.txt\nCOPY b.txt /b.txt\n';

  before(async () => {
    requireRoot();
    h = await openHarness();
    await storeBaseImage(h, 'docker.io/library/base:1');
  });
  after(async () => h?.close());

  const parts = (withRoots: boolean): StoreParts => ({
    content: h.content, images: h.images, snapshotters: [h.snapshotter], leases: h.leases,
    ...(withRoots ? { roots: () => Builder.cachedLayers(join(h.dir, 'store', 'build')) } : {}),
  });

  it('lists the layers of the cache records under a builder root (before any Builder is open)', async () => {
    const ctx = h.context('listed', { 'a.txt': 'a\n', 'b.txt': 'b\n' });
    const built = await h.build(ctx, dockerfile);
    const layers = built.record.steps.flatMap((s) => (s.layer ? [s.layer.digest] : []));
    assert.equal(layers.length, 2);
    const roots = await Builder.cachedLayers(join(h.dir, 'store', 'build'));
    for (const digest of layers) assert.ok(roots.includes(digest), `${digest} is a root`);
    assert.deepEqual(await Builder.cachedLayers(join(h.dir, 'no-builder-here')), []);
  });

  it('keeps cached layers no image holds, so the rebuild hits the cache', async () => {
    const ctx = h.context('kept', { 'a.txt': 'kept a\n', 'b.txt': 'kept b\n' });
    const first = await h.build(ctx, dockerfile, { tags: ['kept:1'] });
    await h.images.delete('docker.io/library/kept:1');
    const gc = await collectGarbage(parts(true));
    for (const step of first.record.steps) if (step.layer) assert.ok(!gc.removedBlobs.includes(step.layer.digest as never), `${step.text}: layer kept`);
    const second = await h.build(ctx, dockerfile);
    assert.deepEqual(second.record.steps.map((s) => [s.text, s.cached]), first.record.steps.map((s) => [s.text, true]));
    assert.equal(second.imageId, first.imageId);
  });

  it('without the roots hook the same GC deletes them and the rebuild misses (the behaviour the hook fixes)', async () => {
    const ctx = h.context('lost', { 'a.txt': 'lost a\n', 'b.txt': 'lost b\n' });
    const first = await h.build(ctx, dockerfile, { tags: ['lost:1'] });
    await h.images.delete('docker.io/library/lost:1');
    const gc = await collectGarbage(parts(false));
    const layers = first.record.steps.flatMap((s) => (s.layer ? [s.layer.digest] : []));
    for (const digest of layers) assert.ok(gc.removedBlobs.includes(digest as never), `${digest} collected`);
    const second = await h.build(ctx, dockerfile);
    assert.deepEqual(second.record.steps.filter((s) => s.instruction === 'COPY').map((s) => [s.cached, s.reason]), [
      [false, 'its cached result is gone (pruned or garbage-collected)'],
      [false, 'its cached result is gone (pruned or garbage-collected)'],
    ]);
  });
});
