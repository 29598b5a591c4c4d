import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyLayer } from '../../../engine/src/layer/applyLayer';
import { createLayer, type CreateOptions } from '../../../engine/src/layer/createLayer';
import { readTar } from '../../../engine/src/layer/tarReader';
import { buildSampleTree } from '../../fixtures/sampleTree';
import { bytesStream, readAll, removeScratch, requireRoot, requireTool, scratchDir } from '../../fixtures/scratch';
import { listTree } from '../../fixtures/treeListing';

async function layerOf(dir: string, options: CreateOptions = {}) {
  const layer = createLayer(dir, options);
  const bytes = await readAll(layer.stream);
  return { bytes, ...(await layer.done) };
}

async function entryNames(bytes: Buffer): Promise<string[]> {
  const names: string[] = [];
  for await (const e of readTar(bytesStream(bytes))) {
    names.push(`${e.header.name}${e.header.xattrs.size ? ` [${[...e.header.xattrs.keys()].join(',')}]` : ''}`);
    for await (const _ of e.body) void _;
  }
  return names;
}

describe('createLayer', () => {
  let dir: string;
  let tree: string;
  before(() => {
    requireRoot();
    dir = scratchDir('create');
    tree = join(dir, 'tree');
    buildSampleTree(tree);
  });
  after(() => removeScratch(dir));

  it('is deterministic: the same tree gives the same digest, whatever its inodes and access times', async () => {
    const first = await layerOf(tree);
    const copy = join(dir, 'copy');
    execFileSync('cp', ['-a', tree, copy]); // new inodes, same content and metadata
    execFileSync('sh', ['-c', `find '${copy}' -type f -exec cat {} + > /dev/null`]); // touch atimes
    const second = await layerOf(copy);
    assert.equal(second.digest, first.digest);
    assert.equal(second.diffId, first.diffId);
    assert.equal(first.size, first.bytes.length);
    const third = await layerOf(tree);
    assert.deepEqual(third.bytes, first.bytes);
  });

  it('changes with an mtime, and SOURCE_DATE_EPOCH clamps later mtimes away', async () => {
    const a = join(dir, 'epoch-a');
    const b = join(dir, 'epoch-b');
    for (const [d, t] of [[a, 1_700_000_000], [b, 1_700_000_500]] as const) {
      mkdirSync(d);
      writeFileSync(join(d, 'f'), 'same');
      utimesSync(join(d, 'f'), t, t);
    }
    assert.notEqual((await layerOf(a)).digest, (await layerOf(b)).digest);
    assert.equal((await layerOf(a, { sourceDateEpoch: 1_600_000_000 })).digest, (await layerOf(b, { sourceDateEpoch: 1_600_000_000 })).digest);
  });

  it('writes a tar GNU tar extracts to the identical tree', async () => {
    requireTool('tar', 'tar');
    const { bytes } = await layerOf(tree);
    const out = join(dir, 'gnu-out');
    mkdirSync(out);
    execFileSync('tar', ['--xattrs', '--xattrs-include=*', '--same-owner', '-p', '--numeric-owner', '-xzf', '-', '-C', out], { input: bytes });
    assert.deepEqual(listTree(out, { skipRoot: true }), listTree(tree, { skipRoot: true }));
  });

  it('diffs an overlay upper dir into OCI whiteouts and opaque markers that reproduce the merged tree', async () => {
    const lower = join(dir, 'ov-lower');
    const upper = join(dir, 'ov-upper');
    const work = join(dir, 'ov-work');
    const merged = join(dir, 'ov-merged');
    for (const d of [upper, work, merged]) mkdirSync(d);
    buildSampleTree(lower, 'b');
    execFileSync('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${lower},upperdir=${upper},workdir=${work},index=off,redirect_dir=off,metacopy=off`, merged]);
    let expected: string[];
    try {
      rmSync(join(merged, 'etc/hosts'));
      rmSync(join(merged, 'usr/bin'), { recursive: true });
      mkdirSync(join(merged, 'usr/bin'));
      writeFileSync(join(merged, 'usr/bin/new'), 'new');
      writeFileSync(join(merged, 'etc/empty'), 'no longer empty');
      expected = listTree(merged, { skipRoot: true, ignoreDirMtimes: true });
    } finally {
      execFileSync('umount', [merged]);
    }
    const { bytes } = await layerOf(upper, { overlayUpper: true, compression: 'none' });
    const names = await entryNames(bytes);
    assert.ok(names.includes('etc/.wh.hosts'), names.join('\n'));
    assert.ok(names.includes('usr/bin/.wh..wh..opq'), names.join('\n'));
    assert.ok(!names.some((n) => n.includes('trusted.overlay')), names.join('\n'));
    // apply the diff onto a copy of the lower tree: same tree as the overlay showed
    const flat = join(dir, 'ov-flat');
    execFileSync('cp', ['-a', lower, flat]);
    await applyLayer(flat, bytesStream(bytes), { whiteouts: 'remove' });
    assert.deepEqual(listTree(flat, { skipRoot: true, ignoreDirMtimes: true }), expected);
  });

  it('diffs two trees (base option): the layer turns a copy of the base into the new tree', async () => {
    const base = join(dir, 'diff-base');
    const next = join(dir, 'diff-next');
    buildSampleTree(base, 'c');
    execFileSync('cp', ['-a', base, next]);
    const unchangedLayer = await layerOf(next, { base, compression: 'none' });
    assert.deepEqual(await entryNames(unchangedLayer.bytes), [], 'no change, empty layer');
    writeFileSync(join(next, 'etc/hosts'), 'changed');
    rmSync(join(next, 'etc/empty'));
    rmSync(join(next, 'usr/lib'), { recursive: true });
    mkdirSync(join(next, 'srv/new'), { recursive: true });
    writeFileSync(join(next, 'srv/new/file'), 'new');
    rmSync(join(next, 'tmp/fifo'));
    mkdirSync(join(next, 'tmp/fifo'));
    execFileSync('chmod', ['0750', join(next, 'home')]);
    const { bytes } = await layerOf(next, { base, compression: 'none' });
    const names = await entryNames(bytes);
    assert.ok(names.includes('etc/.wh.empty') && names.includes('usr/.wh.lib') && names.includes('srv/new/file'), names.join('\n'));
    assert.ok(!names.some((n) => n.startsWith('usr/bin') || n.startsWith('opt')), `unchanged entries were written:\n${names.join('\n')}`);
    const target = join(dir, 'diff-applied');
    execFileSync('cp', ['-a', base, target]);
    await applyLayer(target, bytesStream(bytes));
    assert.deepEqual(listTree(target, { skipRoot: true }), listTree(next, { skipRoot: true }));
  });
});
