// PUT /containers/{id}/archive at the tree level: untrusted tars never write outside the container's
// root or its mounts. Ports moby's `docker cp` breakout cases and runs the layer module's hostile
// corpus (test/fixtures/hostileTars.ts) through the copy path too.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { ContainerTree, type TreeMount } from '../../../engine/src/containerfs/containerTree';
import { containerOwner, extractArchive } from '../../../engine/src/containerfs/extractArchive';
import { craftTar, type CraftEntry } from '../../fixtures/craftTar';
import { containerContents, fakeContainer, hostContents, type FakeContainer } from '../../fixtures/fakeContainer';
import { hostileCases } from '../../fixtures/hostileTars';
import { removeScratch, requireRoot, scratchDir } from '../../fixtures/scratch';

/** Every path under `dir` with its type, size and mode: a fingerprint that must not change. */
function fingerprint(dir: string): string {
  return execFileSync('find', [dir, '-printf', '%p %y %s %m %U:%G\\n'], { encoding: 'utf8' }).split('\n').sort().join('\n');
}

describe('extractArchive', () => {
  let dir: string;
  let fake: FakeContainer;

  beforeEach(() => {
    requireRoot();
    dir = scratchDir('extract');
    fake = fakeContainer(dir);
  });
  afterEach(() => removeScratch(dir));

  async function put(path: string, entries: readonly CraftEntry[], options: { noOverwriteDirNonDir?: boolean; copyUidGid?: boolean; user?: string; mounts?: readonly TreeMount[]; readOnlyRoot?: boolean; gzip?: boolean } = {}): Promise<void> {
    const tree = ContainerTree.open(fake.rootfs, options.mounts ?? fake.mounts, options.readOnlyRoot ?? false);
    try {
      const tar = await craftTar(entries);
      const owner = options.copyUidGid ? containerOwner(tree, options.user ?? '') : undefined;
      await extractArchive(tree, path, Readable.from([options.gzip ? gzipSync(tar) : tar]), { ...options, ...(owner ? { owner } : {}), where: 'container c1' });
    } finally {
      tree.close();
    }
  }

  it('extracts files and directories into a directory, gzip too', async () => {
    await put('/tmp', [{ name: 'newdir/', type: 'directory', mode: 0o750 }, { name: 'newdir/f', content: 'hello', uid: 1000, gid: 1000, mode: 0o640 }], { gzip: true });
    const st = statSync(join(fake.rootfs, 'tmp/newdir/f'));
    assert.equal(readFileSync(join(fake.rootfs, 'tmp/newdir/f'), 'utf8'), 'hello');
    assert.deepEqual([st.uid, st.gid, st.mode & 0o777], [1000, 1000, 0o640]);
    assert.equal(statSync(join(fake.rootfs, 'tmp/newdir')).mode & 0o777, 0o750);
  });

  it('an upload cut off in the middle of a file leaves no truncated file', async () => {
    const tar = await craftTar([{ name: 'big', content: 'x'.repeat(100_000) }]);
    const tree = ContainerTree.open(fake.rootfs, fake.mounts, false);
    try {
      await assert.rejects(extractArchive(tree, '/tmp', Readable.from([tar.subarray(0, 50_000)])));
    } finally {
      tree.close();
    }
    assert.equal(existsSync(join(fake.rootfs, 'tmp/big')), false);
  });

  it('follows a symlinked destination in scope (moby TestCpToSymlinkDestination): /dir_link is /some', async () => {
    await put('/dir_link', [{ name: 'copied', content: 'x' }]);
    assert.equal(readFileSync(join(fake.rootfs, 'some/copied'), 'utf8'), 'x');
    assert.equal(lstatSync(join(fake.rootfs, 'dir_link')).isSymbolicLink(), true);
  });

  it('never writes through a destination that links to a host path', async () => {
    const before = fingerprint(fake.host);
    await assert.rejects(put('/hostlink/secret', [{ name: 'key', content: 'pwned' }]), /Could not find the file \/hostlink\/secret in container c1/);
    assert.equal(fingerprint(fake.host), before);
    assert.equal(readFileSync(join(fake.host, 'secret/key'), 'utf8'), hostContents);
  });

  it('routes entries into the volume and bind they fall in', async () => {
    await put('/', [{ name: 'data/new', content: 'into the volume' }, { name: 'data/sub/deeper', content: 'y' }]);
    assert.equal(readFileSync(join(fake.volume, 'new'), 'utf8'), 'into the volume');
    assert.equal(readFileSync(join(fake.volume, 'sub/deeper'), 'utf8'), 'y');
    assert.equal(existsSync(join(fake.rootfs, 'data/new')), false);
    await put('/datalink', [{ name: 'via-link', content: 'z' }]);
    assert.equal(readFileSync(join(fake.volume, 'via-link'), 'utf8'), 'z');
  });

  it('refuses read-only mounts, a read-only root and tmpfs mounts', async () => {
    await assert.rejects(put('/var/bound', [{ name: 'x', content: 'x' }]), /mounted volume is marked read-only/);
    await assert.rejects(put('/', [{ name: 'var/bound/x', content: 'x' }]), /mounted volume is marked read-only/);
    await assert.rejects(put('/tmp', [{ name: 'x', content: 'x' }], { readOnlyRoot: true }), /container rootfs is marked read-only/);
    await assert.rejects(put('/run/deep/tmp', [{ name: 'x', content: 'x' }]), /tmpfs mount, whose content exists only inside the running container/);
    assert.deepEqual(readdirSync(fake.bindDir), ['bound']);
    await assert.rejects(put('/etc', [{ name: 'motd', content: 'x' }]), /\/etc\/motd is a bind-mounted file; a copy cannot replace it/);
  });

  it('refuses a destination that is not a directory, or missing', async () => {
    await assert.rejects(put('/some/path/test', [{ name: 'x', content: 'x' }]), /extraction point is not a directory/);
    await assert.rejects(put('/nowhere', [{ name: 'x', content: 'x' }]), /Could not find the file \/nowhere in container c1/);
  });

  it('with noOverwriteDirNonDir, never replaces a directory by a file or the reverse', async () => {
    await assert.rejects(put('/', [{ name: 'some', content: 'x' }], { noOverwriteDirNonDir: true }), /cannot overwrite directory "\/some" with non-directory "some"/);
    await assert.rejects(put('/some/path', [{ name: 'test/', type: 'directory' }], { noOverwriteDirNonDir: true }), /cannot overwrite non-directory "\/some\/path\/test" with directory "test\/"/);
    assert.equal(readFileSync(join(fake.rootfs, 'some/path/test'), 'utf8'), containerContents);
    await put('/some/path', [{ name: 'test', content: 'replaced' }], { noOverwriteDirNonDir: true });
    assert.equal(readFileSync(join(fake.rootfs, 'some/path/test'), 'utf8'), 'replaced');
  });

  it("with copyUIDGID, gives everything to the container's user", async () => {
    await put('/tmp', [{ name: 'owned', content: 'x', uid: 4242, gid: 4242 }], { copyUidGid: true, user: 'berth' });
    const st = statSync(join(fake.rootfs, 'tmp/owned'));
    assert.deepEqual([st.uid, st.gid], [1000, 1000]);
    await put('/tmp', [{ name: 'kept', content: 'x', uid: 4242, gid: 4343 }]);
    assert.deepEqual([statSync(join(fake.rootfs, 'tmp/kept')).uid, statSync(join(fake.rootfs, 'tmp/kept')).gid], [4242, 4343]);
  });

  it('refuses entries that climb out, whiteouts, links across mounts and writes through a link the archive made', async () => {
    const before = fingerprint(dir);
    await assert.rejects(put('/tmp', [{ name: '../../../../escape', content: 'x' }]), /would be written outside the destination directory/);
    await assert.rejects(put('/tmp', [{ name: '.wh.passwd', content: '' }]), /layer whiteouts, which a copy does not write/);
    await assert.rejects(put('/', [{ name: 'data/l', type: 'link', linkname: 'etc/passwd' }]), /hard link to \/etc\/passwd would cross from one mount to another/);
    await assert.rejects(put('/tmp', [{ name: 'evil', type: 'symlink', linkname: fake.host }, { name: 'evil/secret/key', content: 'pwned' }]), /a symlink is on the way/);
    await assert.rejects(put('/tmp', [{ name: 'up', type: 'symlink', linkname: '/' }, { name: 'up/etc/passwd', content: 'pwned' }]), /a symlink is on the way/);
    assert.equal(readFileSync(join(fake.host, 'secret/key'), 'utf8'), hostContents);
    assert.equal(readFileSync(join(fake.rootfs, 'etc/passwd'), 'utf8').startsWith('root:'), true);
    // only the symlinks the two archives created before being refused differ
    const after = fingerprint(dir).split('\n').filter((l) => !l.includes('/rootfs/tmp/evil ') && !l.includes('/rootfs/tmp/up ')).join('\n');
    assert.equal(after, before);
  });

  it('strips a leading / from entry names, as Docker joins them onto the destination', async () => {
    await put('/tmp', [{ name: '/abs-name', content: 'x' }]);
    assert.equal(readFileSync(join(fake.rootfs, 'tmp/abs-name'), 'utf8'), 'x');
  });

  describe('the hostile layer corpus through docker cp', () => {
    for (const c of hostileCases.filter((h) => h.mangle === undefined && h.wrongDiffId === undefined)) {
      it(`${c.name} (${c.ports})`, async () => {
        const outside = join(dir, 'outside');
        mkdirSync(outside);
        writeFileSync(join(outside, 'victim'), 'untouched');
        writeFileSync(join(outside, 'perm400'), 'untouched');
        const before = fingerprint(outside);
        const hostBefore = fingerprint(fake.host);
        if (c.base) await put('/tmp', c.base).catch(() => undefined);
        await put('/tmp', c.entries(outside)).catch(() => undefined);
        assert.equal(fingerprint(outside), before, 'nothing outside the container changed');
        assert.equal(fingerprint(fake.host), hostBefore);
        assert.equal(readFileSync(join(fake.rootfs, 'etc/passwd'), 'utf8').startsWith('root:'), true, "the container's /etc/passwd is untouched");
      });
    }
  });
});
