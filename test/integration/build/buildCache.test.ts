import { strict as assert } from 'node:assert';
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSteps } from '../../../engine/src/build/buildRecords';
import type { BuildResult } from '../../../engine/src/build/buildRequest';
import { storeBaseImage } from '../../fixtures/build/baseImage';
import { openHarness, type Harness } from '../../fixtures/build/buildHarness';
import { builtConfig } from '../../fixtures/build/builtImage';
import { requireRoot } from '../../fixtures/scratch';

function hits(result: BuildResult): [string, boolean, string?][] {
  return result.record.steps.map((s) => (s.cached ? [s.text, true] : [s.text, false, s.reason]));
}

/** Cache keys from contents, not mtimes; misses explained against the previous build of the file. */
describe('build: cache', function () {
  let h: Harness;
  let ctx: string;
  const dockerfile = 'FROM base:1\nCOPY a.txt /a.txt\nCOPY b.txt /b.txt\nLABEL x=1\n';

  before(async () => {
    requireRoot();
    h = await openHarness();
    await storeBaseImage(h, 'docker.io/library/base:1');
    ctx = h.context('cache', { 'a.txt': 'a\n', 'b.txt': 'b\n', 'c.txt': 'c\n' });
  });

  after(async () => h?.close());

  it('takes a fully cached build from the cache and gives the same image', async () => {
    const first = await h.build(ctx, dockerfile);
    assert.deepEqual(hits(first), [
      ['FROM base:1', true],
      ['COPY a.txt /a.txt', false, 'not built before'],
      ['COPY b.txt /b.txt', false, 'not built before'],
      ['LABEL x=1', false, 'an earlier step ran (line 2: not built before)'],
    ]);
    const second = await h.build(ctx, dockerfile);
    assert.ok(hits(second).every(([, cached]) => cached));
    assert.equal(second.imageId, first.imageId);
  });

  it('keeps a touched but unchanged file cached', async () => {
    const before = await h.build(ctx, dockerfile);
    utimesSync(join(ctx, 'a.txt'), new Date(2030, 1, 1), new Date(2030, 1, 1));
    const after = await h.build(ctx, dockerfile);
    assert.ok(hits(after).every(([, cached]) => cached), JSON.stringify(hits(after)));
    assert.equal(after.imageId, before.imageId);
  });

  it('misses exactly the steps a one-byte change reaches, and says why', async () => {
    writeFileSync(join(ctx, 'b.txt'), 'B\n');
    const result = await h.build(ctx, dockerfile);
    assert.deepEqual(hits(result), [
      ['FROM base:1', true],
      ['COPY a.txt /a.txt', true],
      ['COPY b.txt /b.txt', false, 'b.txt changed'],
      ['LABEL x=1', false, 'an earlier step ran (line 3: b.txt changed)'],
    ]);
  });

  it('notices content changes that keep size and mtime (the ctime changes)', async () => {
    await h.build(ctx, dockerfile);
    const time = new Date(2031, 1, 1);
    utimesSync(join(ctx, 'b.txt'), time, time);
    await h.build(ctx, dockerfile);
    writeFileSync(join(ctx, 'b.txt'), 'C\n');
    utimesSync(join(ctx, 'b.txt'), time, time);
    const result = await h.build(ctx, dockerfile);
    assert.deepEqual(hits(result)[2], ['COPY b.txt /b.txt', false, 'b.txt changed']);
  });

  it('explains misses caused by build arguments and by edited instructions', async () => {
    const args = 'FROM base:1\nARG NAME=a\nCOPY ${NAME}.txt /x\n';
    await h.build(ctx, args);
    let result = await h.build(ctx, args, { buildArgs: { NAME: 'c' } });
    assert.deepEqual(hits(result)[2], ['COPY ${NAME}.txt /x', false, 'instruction changed (was: COPY a.txt /x)']);
    result = await h.build(ctx, args.replace('/x', '/y'), { buildArgs: { NAME: 'c' } });
    assert.deepEqual(hits(result)[2], ['COPY ${NAME}.txt /y', false, 'instruction changed (was: COPY c.txt /x)']);
  });

  it('--no-cache runs every step again and writes the same layers (deterministic)', async () => {
    const cached = await h.build(ctx, dockerfile, { noCache: true });
    const fresh = await h.build(ctx, dockerfile, { noCache: true });
    assert.deepEqual(hits(fresh).slice(1).map(([, c, r]) => [c, r]), [[false, '--no-cache'], [false, '--no-cache'], [false, '--no-cache']]);
    const layers = (r: BuildResult) => r.record.steps.filter((s) => s.layer).map((s) => s.layer!.digest);
    assert.deepEqual(layers(fresh), layers(cached));
  });

  it('COPY --link stays cached when the layers below change; the steps after it do not', async () => {
    const linked = 'FROM base:link\nCOPY --link a.txt /linked.txt\nCOPY c.txt /c.txt\n';
    await storeBaseImage(h, 'docker.io/library/base:link', { Labels: { v: '1' } });
    await h.build(ctx, linked);
    const base = await storeBaseImage(h, 'docker.io/library/base:link', { Labels: { v: '2' } });
    const result = await h.build(ctx, linked);
    assert.deepEqual(hits(result).slice(1), [
      ['COPY --link a.txt /linked.txt', true],
      ['COPY c.txt /c.txt', false, `an earlier step changed (line 1: base image base:link changed (now ${base.digest.slice(0, 19)}…))`],
    ]);
  });

  it('says a step missed because its cached layer was pruned', async () => {
    await h.build(ctx, dockerfile);
    const pruned = await h.builder.prune();
    assert.ok(pruned.records > 0);
    const result = await h.build(ctx, dockerfile);
    assert.deepEqual(hits(result)[1], ['COPY a.txt /a.txt', false, 'its cached result is gone (pruned or garbage-collected)']);
  });

  it('predicts which steps would hit, with the keys the build then uses', async () => {
    await h.build(ctx, dockerfile);
    let prediction = await h.builder.predict(await h.request(ctx, dockerfile));
    assert.ok(prediction.steps.every((s) => s.cached));
    writeFileSync(join(ctx, 'a.txt'), 'changed\n');
    prediction = await h.builder.predict(await h.request(ctx, dockerfile));
    assert.deepEqual(prediction.steps.map((s) => [s.text, s.cached, s.reason]), [
      ['FROM base:1', true, undefined],
      ['COPY a.txt /a.txt', false, 'a.txt changed'],
      ['COPY b.txt /b.txt', false, 'an earlier step changed (line 2: a.txt changed)'],
      ['LABEL x=1', false, 'an earlier step ran (line 2: a.txt changed)'],
    ]);
    const built = await h.build(ctx, dockerfile);
    assert.deepEqual(built.record.steps.map((s) => s.key), prediction.steps.map((s) => s.key));
    assert.ok((await h.builder.predict(await h.request(ctx, dockerfile))).steps.every((s) => s.cached));
  });

  it('records each step with its lines, key, layer size and time; the editor reads them as BuildHistory steps', async () => {
    writeFileSync(join(ctx, 'big.txt'), 'x'.repeat(100_000));
    const text = 'FROM base:1\n\nCOPY \\\n  big.txt /big.txt\nENV A=1\n';
    await h.build(ctx, text);
    const last = await h.builder.lastBuild(join(ctx, 'Dockerfile'));
    assert.ok(last);
    assert.equal(last.status, 'succeeded');
    const steps = buildSteps(last);
    assert.deepEqual(steps.map((s) => [s.startLine, s.endLine]), [[0, 0], [2, 3], [4, 4]]);
    assert.ok(steps[1]!.layerSize! > 100_000 && steps[1]!.layerSize! < 110_000, String(steps[1]!.layerSize));
    assert.equal(steps[2]!.layerSize, 0);
    assert.ok(last.steps.every((s) => s.key.startsWith('sha256:') && s.durationMs >= 0));
    assert.equal(last.steps[1]!.layer?.size, (await h.content.info(last.steps[1]!.layer!.digest as never)).size);
    const config = await builtConfig(h.content, last.imageId as never);
    assert.equal(config.rootfs.diff_ids.at(-1), last.steps[1]!.layer!.diffId);
  });
});
