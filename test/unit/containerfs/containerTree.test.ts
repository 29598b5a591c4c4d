import * as assert from 'node:assert/strict';
import { ContainerTree } from '../../../engine/src/containerfs/containerTree';
import { statPath } from '../../../engine/src/containerfs/pathStat';
import { fakeContainer, type FakeContainer } from '../../fixtures/fakeContainer';
import { removeScratch, scratchDir } from '../../fixtures/scratch';

describe('ContainerTree', () => {
  let dir: string;
  let fake: FakeContainer;
  let tree: ContainerTree;

  before(() => {
    dir = scratchDir('tree');
    fake = fakeContainer(dir);
  });
  beforeEach(() => {
    tree = ContainerTree.open(fake.rootfs, fake.mounts);
  });
  afterEach(() => tree.close());
  after(() => removeScratch(dir));

  const resolved = (path: string, follow = false) => tree.resolve(path, follow).path;

  it('resolves mount targets inside the container, through its symlinks', () => {
    assert.deepEqual(tree.mounts.map((m) => m.path).sort(), ['/data', '/etc/motd', '/run/deep/tmp', '/var/bound']);
  });

  it('keeps absolute, relative and garbage paths inside the root (moby TestCpGarbagePath, TestCpRelativePath, TestCpAbsolutePath)', () => {
    assert.equal(resolved('/some/path/test'), '/some/path/test');
    assert.equal(resolved('some/path/test'), '/some/path/test');
    assert.equal(resolved('../../../../../../../../some/path/test'), '/some/path/test');
    assert.equal(resolved('/some/../../../etc/passwd'), '/etc/passwd');
  });

  it('does not follow a final symlink unless the path asserts a directory (moby TestCpAbsoluteSymlink, TestCpFromSymlinkToDirectory)', () => {
    const link = tree.resolve('/container_path', false);
    assert.equal(link.stats?.isSymbolicLink(), true);
    assert.equal(resolved('/container_path', true), '/some/path/test');
    assert.equal(tree.resolve('/dir_link/', true).stats?.isDirectory(), true);
    assert.equal(resolved('/dir_link/', true), '/some');
  });

  it('follows symlinks in the middle in scope (moby TestCpSymlinkComponent)', () => {
    assert.equal(resolved('/dir_link/path/test'), '/some/path/test');
    assert.equal(resolved('/climber/test'), '/some/path/test');
    assert.equal(resolved('/etc_link/passwd'), '/etc/passwd');
  });

  it('resolves a link to a host path inside the container, where it does not exist', () => {
    const node = tree.resolve(`/hostlink/secret/key`, false);
    assert.equal(node.exists, false);
    assert.equal(node.path, `${fake.host}/secret/key`);
    assert.throws(() => statPath(tree, '/hostlink/secret/key', 'c1'), /Could not find the file \/hostlink\/secret\/key in container c1/);
  });

  it('refuses a symlink loop', () => {
    assert.throws(() => tree.resolve('/loop/x', false), /too many levels of symbolic links/);
  });

  it('enters volumes and binds at their targets, also through links', () => {
    const inVolume = tree.resolve('/data/in-volume', false);
    assert.equal(inVolume.mount?.target, '/data');
    assert.equal(inVolume.stats?.isFile(), true);
    assert.equal(tree.resolve('/datalink/sub', false).mount?.target, '/data');
    assert.equal(tree.resolve('/data/hidden-by-volume', false).exists, false);
    assert.equal(tree.resolve('/var/bound/bound', false).mount?.readOnly, true);
    // a link inside a volume still resolves in the container's root
    assert.equal(resolved('/data/abs-link', true), '/etc/passwd');
    assert.equal(tree.resolve('/data/abs-link', true).mount, undefined);
  });

  it('shows directories that exist only above a mount, and tmpfs mounts as empty', () => {
    const run = tree.resolve('/run/deep', false);
    assert.equal(run.exists, true);
    assert.equal(run.virtual, true);
    const tmpfs = tree.resolve('/run/deep/tmp', false);
    assert.equal(tmpfs.virtual, true);
    assert.equal(tmpfs.mount?.source, undefined);
    assert.equal(tree.resolve('/run/deep/tmp/x', false).exists, false);
  });

  it('describes a path as Docker stat does', () => {
    const { stat } = statPath(tree, '/container_path', 'c1');
    assert.equal(stat.name, 'container_path');
    assert.equal(stat.linkTarget, '/some/path/test');
    assert.equal(stat.mode, 2 ** 27 + 0o777);
    const file = statPath(tree, '/some/path/test', 'c1').stat;
    assert.deepEqual({ name: file.name, size: file.size, linkTarget: file.linkTarget }, { name: 'test', size: 16, linkTarget: '' });
    assert.equal(statPath(tree, '/dir_link/', 'c1').stat.name, 'dir_link');
    assert.equal(statPath(tree, '/', 'c1').stat.name, '/');
  });
});
