import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyLayer } from '../../../engine/src/layer/applyLayer';
import { lgetxattr } from '../../../engine/src/layer/syscalls';
import { craftTar, type CraftEntry } from '../../fixtures/craftTar';
import { bytesStream, removeScratch, requireRoot, scratchDir } from '../../fixtures/scratch';
import { listTree } from '../../fixtures/treeListing';

const base: CraftEntry[] = [
  { name: 'etc/', type: 'directory' }, { name: 'etc/keep', content: 'keep' }, { name: 'etc/gone', content: 'gone' },
  { name: 'opaque/', type: 'directory' }, { name: 'opaque/old', content: 'old' }, { name: 'opaque/sub/', type: 'directory' }, { name: 'opaque/sub/deep', content: 'deep' },
  { name: 'tree/', type: 'directory' }, { name: 'tree/a/', type: 'directory' }, { name: 'tree/a/b', content: 'b' },
];
const top: CraftEntry[] = [
  { name: 'etc/.wh.gone' },
  { name: 'opaque/', type: 'directory' }, { name: 'opaque/new', content: 'new' }, { name: 'opaque/.wh..wh..opq' },
  { name: '.wh.tree' },
  { name: 'added', content: 'added' }, { name: '.wh.added' }, // a whiteout never hides its own layer's entries
];
const expected = ['added', 'etc', 'etc/keep', 'opaque', 'opaque/new'];

function names(root: string): string[] {
  return listTree(root, { skipRoot: true }).map((l) => l.split(' ')[0]!);
}

describe('whiteouts and opaque directories', () => {
  let dir: string;
  before(() => {
    requireRoot();
    dir = scratchDir('whiteout');
  });
  after(() => removeScratch(dir));

  it('remove mode deletes what whiteouts hide from lower layers, keeps what the same layer adds', async () => {
    const target = join(dir, 'flat');
    mkdirSync(target);
    await applyLayer(target, bytesStream(await craftTar(base)));
    await applyLayer(target, bytesStream(await craftTar(top)), { whiteouts: 'remove' });
    assert.deepEqual(names(target), expected);
  });

  it('overlay mode writes 0/0 character devices and trusted.overlay.opaque, and the kernel overlay shows the same tree', async () => {
    const lower = join(dir, 'lower');
    const upper = join(dir, 'upper');
    const work = join(dir, 'work');
    const merged = join(dir, 'merged');
    for (const d of [lower, upper, work, merged]) mkdirSync(d);
    await applyLayer(lower, bytesStream(await craftTar(base)));
    await applyLayer(upper, bytesStream(await craftTar(top)), { whiteouts: 'overlay', lowerDirs: [lower] });
    assert.equal(execFileSync('stat', ['-c', '%F %t,%T', join(upper, 'etc/gone'), join(upper, 'tree')]).toString(), 'character special file 0,0\ncharacter special file 0,0\n');
    assert.equal(lgetxattr(join(upper, 'opaque'), 'trusted.overlay.opaque')?.toString(), 'y');
    execFileSync('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${lower},upperdir=${upper},workdir=${work}`, merged]);
    try {
      assert.deepEqual(names(merged), expected);
    } finally {
      execFileSync('umount', [merged]);
    }
  });

  it('overlay mode copies implied parent directories from the lower layer and refuses to shadow a lower symlink', async () => {
    const lower = join(dir, 'lower2');
    const upper = join(dir, 'upper2');
    mkdirSync(lower);
    mkdirSync(upper);
    await applyLayer(lower, bytesStream(await craftTar([
      { name: 'srv/', type: 'directory', mode: 0o711, uid: 7, gid: 8 }, { name: 'lib', type: 'symlink', linkname: 'usr/lib' },
    ])));
    await applyLayer(upper, bytesStream(await craftTar([{ name: 'srv/file', content: 'x' }])), { whiteouts: 'overlay', lowerDirs: [lower] });
    assert.equal(execFileSync('stat', ['-c', '%a %u:%g', join(upper, 'srv')]).toString(), '711 7:8\n');
    const upper3 = join(dir, 'upper3');
    mkdirSync(upper3);
    await assert.rejects(applyLayer(upper3, bytesStream(await craftTar([{ name: 'lib/x', content: 'x' }])), { whiteouts: 'overlay', lowerDirs: [lower] }),
      /layer path "lib": is \(or goes through\) a symlink in a parent layer/);
  });

  it('a whiteout of a symlink removes the link, not what it points at (containerd WhiteoutSymlink)', async () => {
    const target = join(dir, 'wsym');
    mkdirSync(join(target, 'etc'), { recursive: true });
    writeFileSync(join(target, 'etc/passwd'), 'all users');
    execFileSync('ln', ['-s', '/etc', join(target, 'localetc')]);
    await applyLayer(target, bytesStream(await craftTar([{ name: '.wh.localetc' }])));
    assert.deepEqual(names(target), ['etc', 'etc/passwd']);
  });
});
