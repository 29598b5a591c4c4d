// A running container's process can swap a path for a symlink (or a FIFO) while berthd works on the
// container's files from the host (`docker cp`, export, commit). These tests make each swap happen
// at the worst moment, deterministically: the tree walker is lazy, so the swap is done between two
// of its entries; the chmod and the reads are called on what was swapped in.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRootFile } from '../../../engine/src/runtime/rootfsFiles';
import { encodeTar } from '../../../engine/src/layer/tarEncoder';
import { emptyHeader } from '../../../engine/src/layer/tarHeader';
import { lchmodat, O_DIRECTORY, O_RDONLY } from '../../../engine/src/layer/syscalls';
import { walkTree, type WalkedEntry } from '../../../engine/src/layer/walkTree';
import { readAll, removeScratch, requireRoot, scratchDir } from '../../fixtures/scratch';

describe('paths swapped while berthd works on them', () => {
  let dir: string;
  let outside: string;

  beforeEach(() => {
    requireRoot();
    dir = scratchDir('swapped');
    // stands for the host: what must never be read or changed through the container's tree
    outside = join(dir, 'host');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret'), 'TOP-SECRET-HOST-DATA', { mode: 0o600 });
  });
  afterEach(() => removeScratch(dir));

  it('lchmodat changes a directory it holds, and refuses an entry that became a symlink', () => {
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'sub'), { recursive: true });
    const fd = openSync(tree, O_RDONLY | O_DIRECTORY);
    try {
      lchmodat(fd, 'sub', 0o751);
      assert.equal(statSync(join(tree, 'sub')).mode & 0o7777, 0o751);
      symlinkSync(join(outside, 'secret'), join(tree, 'link'));
      assert.throws(() => lchmodat(fd, 'link', 0o777), /ELOOP/);
      assert.equal(statSync(join(outside, 'secret')).mode & 0o7777, 0o600, 'the host file keeps its mode');
    } finally {
      closeSync(fd);
    }
  });

  it('walkTree: a directory swapped for a symlink to the host after its entry fails the walk, and nothing of the host is read', async () => {
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'd'), { recursive: true });
    writeFileSync(join(tree, 'd', 'secret'), 'container data');
    const seen: string[] = [];
    const contents: string[] = [];
    await assert.rejects(
      (async () => {
        for await (const entry of walkTree(tree)) {
          seen.push(entry.header.name);
          if (entry.contentPath !== undefined) contents.push(readFileSync(entry.contentPath, 'utf8'));
          if (entry.header.name === 'd/') {
            renameSync(join(tree, 'd'), join(tree, 'd.old'));
            symlinkSync(outside, join(tree, 'd'));
          }
        }
      })(),
      /d: changed while the tree was read \(no longer a directory there\)/,
    );
    assert.deepEqual(seen, ['d/']);
    assert.ok(!contents.some((c) => c.includes('TOP-SECRET')));
  });

  it('walkTree: a parent swapped after its files were listed cannot redirect a later read', async () => {
    const tree = join(dir, 'tree');
    mkdirSync(join(tree, 'd'), { recursive: true });
    writeFileSync(join(tree, 'd', 'a'), 'first');
    writeFileSync(join(tree, 'd', 'secret'), 'container data');
    const contents: string[] = [];
    for await (const entry of walkTree(tree)) {
      if (entry.contentPath !== undefined) contents.push(readFileSync(entry.contentPath, 'utf8'));
      if (entry.header.name === 'd/a') {
        // the walk already holds d: the swap no longer changes what d/secret names
        renameSync(join(tree, 'd'), join(tree, 'd.old'));
        symlinkSync(outside, join(tree, 'd'));
      }
    }
    assert.deepEqual(contents, ['first', 'container data']);
  });

  it('encodeTar: a file swapped for a FIFO is an error, not a daemon blocked in open()', async () => {
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const header = { ...emptyHeader('etc/passwd', 'file'), size: 5 };
    const entries = (async function* (): AsyncGenerator<WalkedEntry> {
      yield { header, contentPath: fifo };
    })();
    await assert.rejects(readAll(encodeTar(entries, { context: 'archive' })), /archive: etc\/passwd changed while it was read \(no longer a regular file\)/);
  });

  it('readRootFile: a FIFO at /etc/passwd is refused at once', () => {
    const root = join(dir, 'root');
    mkdirSync(join(root, 'etc'), { recursive: true });
    execFileSync('mkfifo', [join(root, 'etc', 'passwd')]);
    const fd = openSync(root, O_RDONLY | O_DIRECTORY);
    try {
      assert.throws(() => readRootFile(fd, '/etc/passwd'), /\/etc\/passwd in the container is not a regular file/);
    } finally {
      closeSync(fd);
    }
  });
});
