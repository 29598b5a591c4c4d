import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { chownSync, lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseChmod } from '../../../engine/src/build/chmodSpec';
import { resolveOwner } from '../../../engine/src/build/chownSpec';
import { copyInto, viewOf, type LayerTarget } from '../../../engine/src/build/copyInto';
import { selectSources, type SourceTree } from '../../../engine/src/build/copySources';
import { createIgnoreMatcher } from '../../../engine/src/build/dockerignore';
import { MergedView } from '../../../engine/src/build/mergedView';
import { removeScratch, requireRoot, scratchDir } from '../../fixtures/scratch';
import { treeListing } from '../../fixtures/build/treeListing';

/**
 * Docker's documented COPY cases, each copied from a real build context into a fresh layer over a
 * real lower layer (an image with /etc/passwd, a merged-usr /bin symlink, an existing directory).
 */
describe('copyInto', () => {
  let scratch: string;
  let context: string;
  let lower: string;
  let n = 0;

  before(() => {
    requireRoot();
    scratch = scratchDir('copy');
    context = join(scratch, 'context');
    lower = join(scratch, 'lower');
    mkdirSync(join(context, 'dir', 'sub'), { recursive: true });
    writeFileSync(join(context, 'file.txt'), 'file\n');
    writeFileSync(join(context, 'other.txt'), 'other\n');
    writeFileSync(join(context, 'notes.md'), 'notes\n');
    writeFileSync(join(context, 'dir', 'a.txt'), 'a\n', { mode: 0o600 });
    writeFileSync(join(context, 'dir', 'run.sh'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(join(context, 'dir', 'sub', 'b.txt'), 'b\n');
    writeFileSync(join(context, 'dir', 'sub', 'c.md'), 'c\n');
    symlinkSync('a.txt', join(context, 'dir', 'alias'));
    symlinkSync('dir', join(context, 'dirlink'));
    writeFileSync(join(context, 'secret.key'), 'secret\n');
    chownSync(join(context, 'file.txt'), 4321, 4321);

    mkdirSync(join(lower, 'etc'), { recursive: true });
    mkdirSync(join(lower, 'usr', 'bin'), { recursive: true, mode: 0o755 });
    mkdirSync(join(lower, 'existing'), { mode: 0o750 });
    chownSync(join(lower, 'existing'), 7, 7);
    writeFileSync(join(lower, 'existing-file'), 'old\n');
    writeFileSync(join(lower, 'gone.txt'), 'old\n');
    symlinkSync('usr/bin', join(lower, 'bin'));
    writeFileSync(join(lower, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\napp:x:1001:1002::/home/app:/bin/sh\n');
    writeFileSync(join(lower, 'etc', 'group'), 'root:x:0:\napp:x:1002:\nstaff:x:50:\n');
  });

  after(() => removeScratch(scratch));

  function contextTree(ignore: string[] = []): SourceTree {
    return { view: new MergedView([context], false), owner: 'root', description: 'build context', ...(ignore.length ? { ignore: createIgnoreMatcher(ignore) } : {}) };
  }

  async function copy(sources: string[], dest: string, options: { chown?: string; chmod?: string; exclude?: string[]; parents?: boolean; ignore?: string[]; lowers?: string[] } = {}): Promise<string> {
    const upper = join(scratch, `upper-${n++}`);
    mkdirSync(upper);
    const target: LayerTarget = { upper, lowers: options.lowers ?? [lower], whiteouts: 'overlay' };
    const tree = contextTree(options.ignore);
    const exclude = options.exclude ? createIgnoreMatcher(options.exclude) : undefined;
    const selected = sources.flatMap((s) => selectSources(tree, s, { ...(exclude ? { exclude } : {}), parents: options.parents ?? false }));
    const owner = resolveOwner(options.chown ?? '', viewOf(target));
    const chmod = parseChmod(options.chmod ?? '');
    await copyInto(target, tree, selected, { dest, now: 1_700_000_000, ...(owner ? { owner } : {}), ...(chmod ? { chmod } : {}) });
    return upper;
  }

  it('copies a file to a new path as that path', async () => {
    const upper = await copy(['file.txt'], '/dest');
    assert.equal(readFileSync(join(upper, 'dest'), 'utf8'), 'file\n');
  });

  it('copies a file into a destination ending in /, creating it', async () => {
    const upper = await copy(['file.txt'], '/new/dir/');
    assert.equal(readFileSync(join(upper, 'new/dir/file.txt'), 'utf8'), 'file\n');
    assert.equal(lstatSync(join(upper, 'new/dir')).mode & 0o7777, 0o755);
  });

  it('copies a file into an existing directory under its own name, keeping the directory as it was', async () => {
    const upper = await copy(['file.txt'], '/existing');
    assert.equal(readFileSync(join(upper, 'existing/file.txt'), 'utf8'), 'file\n');
    const dir = lstatSync(join(upper, 'existing'));
    assert.deepEqual([dir.mode & 0o7777, dir.uid, dir.gid], [0o750, 7, 7]);
  });

  it('replaces an existing file', async () => {
    const upper = await copy(['file.txt'], '/existing-file');
    assert.equal(readFileSync(join(upper, 'existing-file'), 'utf8'), 'file\n');
  });

  it("copies a directory's contents, not the directory itself", async () => {
    const upper = await copy(['dir'], '/out');
    assert.deepEqual(treeListing(upper, 'out'), ['out/ d755', 'out/a.txt f600', 'out/alias l->a.txt', 'out/run.sh f755', 'out/sub/ d755', 'out/sub/b.txt f644', 'out/sub/c.md f644']);
  });

  it('follows a symlink given as the source, but copies symlinks inside a directory as symlinks', async () => {
    const upper = await copy(['dirlink'], '/via-link/');
    assert.equal(readlinkSync(join(upper, 'via-link/alias')), 'a.txt');
    assert.equal(readFileSync(join(upper, 'via-link/a.txt'), 'utf8'), 'a\n');
  });

  it('expands wildcards; several sources go into a directory', async () => {
    const upper = await copy(['*.txt', 'dir/sub/*.md'], '/multi/');
    assert.deepEqual(treeListing(upper, 'multi'), ['multi/ d755', 'multi/c.md f644', 'multi/file.txt f644', 'multi/other.txt f644']);
  });

  it('accepts a wildcard that matches nothing', async () => {
    const upper = await copy(['*.nothing'], '/none/');
    assert.deepEqual(treeListing(upper, 'none'), ['none/ d755']);
  });

  it('fails on a missing source, naming it', () => {
    assert.throws(() => selectSources(contextTree(), 'missing.txt'), /"\/missing.txt": not found in the build context/);
  });

  it('follows symlinks in the destination inside the image (merged /usr)', async () => {
    const upper = await copy(['file.txt'], '/bin/tool');
    assert.equal(readFileSync(join(upper, 'usr/bin/tool'), 'utf8'), 'file\n');
    assert.equal(lstatSync(join(upper, 'bin'), { throwIfNoEntry: false }), undefined);
  });

  it('makes context files 0:0 whatever their owner on the host', async () => {
    const upper = await copy(['file.txt'], '/owned');
    const st = lstatSync(join(upper, 'owned'));
    assert.deepEqual([st.uid, st.gid], [0, 0]);
  });

  it('--chown by name takes the user and its primary group from the image', async () => {
    const upper = await copy(['dir'], '/app/', { chown: 'app' });
    for (const p of ['app', 'app/a.txt', 'app/sub', 'app/sub/b.txt']) {
      const st = lstatSync(join(upper, p));
      assert.deepEqual([p, st.uid, st.gid], [p, 1001, 1002]);
    }
  });

  it('--chown with a user id alone uses it as the group id too; names and ids mix', async () => {
    let st = lstatSync(join(await copy(['file.txt'], '/f'), 'f'));
    assert.deepEqual([st.uid, st.gid], [0, 0]);
    st = lstatSync(join(await copy(['file.txt'], '/f', { chown: '1234' }), 'f'));
    assert.deepEqual([st.uid, st.gid], [1234, 1234]);
    st = lstatSync(join(await copy(['file.txt'], '/f', { chown: 'app:staff' }), 'f'));
    assert.deepEqual([st.uid, st.gid], [1001, 50]);
    assert.throws(() => resolveOwner('nobody-here', new MergedView([lower], true)), /unable to find user nobody-here/);
  });

  it('--chmod sets octal bits on files and directories', async () => {
    const upper = await copy(['dir'], '/m', { chmod: '640' });
    assert.deepEqual(treeListing(upper, 'm').filter((l) => !l.includes(' l->')), ['m/ d640', 'm/a.txt f640', 'm/run.sh f640', 'm/sub/ d640', 'm/sub/b.txt f640', 'm/sub/c.md f640']);
  });

  it('--chmod with a symbolic mode edits each entry, X only for directories and executables', async () => {
    const upper = await copy(['dir'], '/s', { chmod: 'go=rX' });
    assert.deepEqual(treeListing(upper, 's').filter((l) => !l.includes(' l->')), ['s/ d755', 's/a.txt f644', 's/run.sh f755', 's/sub/ d755', 's/sub/b.txt f644', 's/sub/c.md f644']);
  });

  it('--exclude leaves matching paths out', async () => {
    const upper = await copy(['dir'], '/e', { exclude: ['**/*.md', 'run.sh'] });
    assert.deepEqual(treeListing(upper, 'e'), ['e/ d755', 'e/a.txt f600', 'e/alias l->a.txt', 'e/sub/ d755', 'e/sub/b.txt f644']);
  });

  it('--parents keeps the source path, or the part after a /./ pivot', async () => {
    let upper = await copy(['dir/sub/b.txt', 'other.txt'], '/p/', { parents: true });
    assert.deepEqual(treeListing(upper, 'p'), ['p/ d755', 'p/dir/ d755', 'p/dir/sub/ d755', 'p/dir/sub/b.txt f644', 'p/other.txt f644']);
    upper = await copy(['dir/./sub/*.txt'], '/q/', { parents: true });
    assert.deepEqual(treeListing(upper, 'q'), ['q/ d755', 'q/sub/ d755', 'q/sub/b.txt f644']);
  });

  it('.dockerignore hides files from COPY, also inside copied directories', async () => {
    assert.throws(() => selectSources(contextTree(['*.key']), 'secret.key'), /not found in the build context \(or excluded by \.dockerignore\)/);
    const upper = await copy(['.'], '/all/', { ignore: ['*.key', 'dir/sub', '!dir/sub/b.txt', 'dirlink'] });
    assert.deepEqual(treeListing(upper, 'all').filter((l) => l.startsWith('all/dir/') || l.includes('key') || l.includes('dirlink')), ['all/dir/ d755', 'all/dir/a.txt f600', 'all/dir/alias l->a.txt', 'all/dir/run.sh f755', 'all/dir/sub/ d755', 'all/dir/sub/b.txt f644']);
  });

  it('reads sources through whiteouts and opaque directories of a layered tree', async () => {
    const top = join(scratch, 'top');
    mkdirSync(top);
    execFileSync('mknod', [join(top, 'gone.txt'), 'c', '0', '0']);
    const view = new MergedView([top, lower], true);
    assert.equal(view.lstat('/gone.txt'), undefined);
    assert.ok(view.readdir('/').includes('existing-file'));
    assert.ok(!view.readdir('/').includes('gone.txt'));
  });
});
