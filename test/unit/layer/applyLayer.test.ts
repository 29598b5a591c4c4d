import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { digestOf } from '../../../engine/src/image/digest';
import { applyLayer } from '../../../engine/src/layer/applyLayer';
import { createLayer } from '../../../engine/src/layer/createLayer';
import { craftTar } from '../../fixtures/craftTar';
import { buildSampleTree } from '../../fixtures/sampleTree';
import { bytesStream, readAll, removeScratch, requireRoot, requireTool, scratchDir } from '../../fixtures/scratch';
import { listTree } from '../../fixtures/treeListing';

describe('applyLayer', () => {
  let dir: string;
  let tree: string;
  before(() => {
    requireRoot();
    dir = scratchDir('apply');
    tree = join(dir, 'tree');
    buildSampleTree(tree);
  });
  after(() => removeScratch(dir));

  for (const compression of ['gzip', 'none'] as const) {
    it(`round-trips every kind of entry through a ${compression} layer: tree → createLayer → applyLayer → identical tree`, async () => {
      const layer = createLayer(tree, { compression });
      const bytes = await readAll(layer.stream);
      const created = await layer.done;
      const target = join(dir, `rt-${compression}`);
      mkdirSync(target);
      const applied = await applyLayer(target, bytesStream(bytes), { expectedDiffId: created.diffId });
      assert.equal(applied.diffId, created.diffId);
      assert.equal(applied.compression, compression);
      assert.deepEqual(listTree(target, { skipRoot: true }), listTree(tree, { skipRoot: true }));
    });
  }

  it('applies what GNU tar writes (PAX format with xattrs) to the same tree', async () => {
    requireTool('tar', 'tar');
    const archive = join(dir, 'gnu.tar.gz');
    execFileSync('tar', ['--format=posix', '--xattrs', '--xattrs-include=*', '--numeric-owner', '-czf', archive, '-C', tree, '.']);
    const target = join(dir, 'gnu');
    mkdirSync(target);
    await applyLayer(target, createReadStream(archive));
    assert.deepEqual(listTree(target, { skipRoot: true }), listTree(tree, { skipRoot: true }));
  });

  it('applies a zstd-compressed layer', async () => {
    requireTool('zstd', 'zstd');
    const archive = join(dir, 'layer.tar.zst');
    execFileSync('sh', ['-c', `tar --format=posix --xattrs --xattrs-include='*' --numeric-owner -cf - -C '${tree}' . | zstd -q -3 -o '${archive}'`]);
    const target = join(dir, 'zstd');
    mkdirSync(target);
    const result = await applyLayer(target, createReadStream(archive));
    assert.equal(result.compression, 'zstd');
    assert.deepEqual(listTree(target, { skipRoot: true }), listTree(tree, { skipRoot: true }));
  });

  it('fails with data-loss when the content does not hash to the expected diffId', async () => {
    const bytes = await craftTar([{ name: 'a', content: 'x' }]);
    const target = join(dir, 'diffid');
    mkdirSync(target);
    await assert.rejects(applyLayer(target, bytesStream(bytes), { expectedDiffId: digestOf('something else') }), /hashes to sha256:[0-9a-f]{64}, expected diffId/);
  });

  it('rejects a corrupt gzip stream with a clear error', async () => {
    const layer = createLayer(tree);
    const bytes = await readAll(layer.stream);
    bytes[bytes.length >> 1] ^= 0xff;
    const target = join(dir, 'corrupt');
    mkdirSync(target);
    await assert.rejects(applyLayer(target, bytesStream(bytes)), (err: Error) => /incorrect|invalid|check|header/i.test(err.message));
  });

  it('stops waiting for bytes when aborted, and leaves the stream destroyed', async () => {
    const bytes = await craftTar([{ name: 'a', content: 'x'.repeat(2000) }]);
    const stalled = new PassThrough();
    stalled.write(bytes.subarray(0, 700)); // the first header and part of its content; then nothing
    const target = join(dir, 'stalled');
    mkdirSync(target);
    const controller = new AbortController();
    const applied = applyLayer(target, stalled, { signal: controller.signal });
    setImmediate(() => controller.abort());
    await assert.rejects(applied, (err: Error) => err.name === 'AbortError');
    assert.ok(stalled.destroyed);
  });

  it('replaces entries whatever they were: file over dir, dir over file, symlink over file, file over a FIFO (never opened)', async () => {
    const target = join(dir, 'replace');
    mkdirSync(target);
    await applyLayer(target, bytesStream(await craftTar([
      { name: 'd/', type: 'directory' }, { name: 'd/child', content: 'c' },
      { name: 'f', content: 'file' }, { name: 'l', content: 'file' }, { name: 'p', type: 'fifo' },
    ])));
    await applyLayer(target, bytesStream(await craftTar([
      { name: 'd', content: 'now a file' }, { name: 'f/', type: 'directory' }, { name: 'l', type: 'symlink', linkname: '/etc/passwd' },
      { name: 'p', content: 'no longer a fifo' },
    ])));
    assert.equal(readFileSync(join(target, 'd'), 'utf8'), 'now a file');
    assert.equal(execFileSync('stat', ['-c', '%F', join(target, 'f'), join(target, 'l'), join(target, 'p')]).toString(), 'directory\nsymbolic link\nregular file\n');
    assert.equal(readFileSync('/etc/passwd', 'utf8').includes('root'), true);
  });

  it('keeps the mtime of an entry that replaced a directory earlier in the same layer', async () => {
    const target = join(dir, 'dirtime');
    mkdirSync(target);
    await applyLayer(target, bytesStream(await craftTar([{ name: 'a/', type: 'directory', mtime: 1_000_000 }, { name: 'a', content: 'file', mtime: 2_000_000 }])));
    assert.equal(execFileSync('stat', ['-c', '%F %Y', join(target, 'a')]).toString(), 'regular file 2000000\n');
  });

  it('names the entry when the filesystem refuses it', async () => {
    const target = join(dir, 'toolong');
    mkdirSync(target);
    await assert.rejects(applyLayer(target, bytesStream(await craftTar([{ name: 'n'.repeat(300), content: 'x' }]))),
      /layer entry "n{300}": ENAMETOOLONG/);
  });

  it('ignores AUFS bookkeeping entries and global PAX headers', async () => {
    const target = join(dir, 'aufs');
    mkdirSync(target);
    await applyLayer(target, bytesStream(await craftTar([
      { name: '.wh..wh.plnk/', type: 'directory' }, { name: '.wh..wh.plnk/123.456', content: 'x' }, { name: 'kept', content: 'k' },
    ])));
    assert.deepEqual(execFileSync('ls', ['-A', target]).toString(), 'kept\n');
    writeFileSync(join(dir, 'g.txt'), 'global');
    execFileSync('sh', ['-c', `cd '${dir}' && tar --format=posix --pax-option=globexthdr.comment=hello -cf g.tar g.txt`]);
    const target2 = join(dir, 'global');
    mkdirSync(target2);
    await applyLayer(target2, createReadStream(join(dir, 'g.tar')));
    assert.equal(existsSync(join(target2, 'g.txt')), true);
  });
});
