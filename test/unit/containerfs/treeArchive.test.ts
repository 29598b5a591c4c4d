import * as assert from 'node:assert/strict';
import { linkSync } from 'node:fs';
import { join } from 'node:path';
import { ContainerTree } from '../../../engine/src/containerfs/containerTree';
import { absolutePath, goBase, statPath } from '../../../engine/src/containerfs/pathStat';
import { nodeEntries, tarStream } from '../../../engine/src/containerfs/treeArchive';
import { readTar } from '../../../engine/src/layer/tarReader';
import { containerContents, fakeContainer, type FakeContainer } from '../../fixtures/fakeContainer';
import { removeScratch, scratchDir } from '../../fixtures/scratch';

interface Listed { readonly name: string; readonly type: string; readonly body: string; readonly linkname: string }

describe('nodeEntries', () => {
  let dir: string;
  let fake: FakeContainer;
  let tree: ContainerTree;

  before(() => {
    dir = scratchDir('archive');
    fake = fakeContainer(dir);
    linkSync(join(fake.rootfs, 'some/path/test'), join(fake.rootfs, 'some/hardlink'));
  });
  beforeEach(() => {
    tree = ContainerTree.open(fake.rootfs, fake.mounts);
  });
  afterEach(() => tree.close());
  after(() => removeScratch(dir));

  /** What GET /containers/{id}/archive?path= sends, parsed by the engine's tar reader. */
  async function archive(path: string): Promise<Listed[]> {
    const { node } = statPath(tree, path, 'c1');
    const out: Listed[] = [];
    for await (const e of readTar(tarStream(nodeEntries(tree, node, goBase(absolutePath(path)))))) {
      const parts: Buffer[] = [];
      for await (const chunk of e.body) parts.push(chunk);
      out.push({ name: e.header.name, type: e.header.type, body: Buffer.concat(parts).toString(), linkname: e.header.linkname });
    }
    return out;
  }

  it('archives a file under its own name', async () => {
    assert.deepEqual(await archive('/some/path/test'), [{ name: 'test', type: 'file', body: containerContents, linkname: '' }]);
  });

  it('archives a final symlink as the link itself (moby TestCpAbsoluteSymlink)', async () => {
    assert.deepEqual(await archive('/container_path'), [{ name: 'container_path', type: 'symlink', body: '', linkname: '/some/path/test' }]);
  });

  it('archives a linked directory under the name asked for when the path ends in / (moby TestCpFromSymlinkToDirectory)', async () => {
    const names = (await archive('/dir_link/')).map((e) => e.name);
    assert.deepEqual(names, ['dir_link/', 'dir_link/hardlink', 'dir_link/path/', 'dir_link/path/test']);
  });

  it('names hard links by their full archive path', async () => {
    const entries = await archive('/some');
    const link = entries.find((e) => e.type === 'link');
    assert.deepEqual(link && { name: link.name, linkname: link.linkname }, { name: 'some/path/test', linkname: 'some/hardlink' });
  });

  it('includes volumes and binds below the archived directory, as the container sees them', async () => {
    const entries = await archive('/');
    const names = entries.map((e) => e.name);
    assert.equal(names[0], '/');
    assert.ok(names.includes('/data/in-volume'), names.join(' '));
    assert.ok(!names.includes('/data/hidden-by-volume'), 'rootfs content under a mount is hidden by it');
    assert.ok(names.includes('/var/bound/bound'));
    assert.ok(names.includes('/run/deep/tmp/'), 'a tmpfs mount is an empty directory');
    assert.equal(entries.find((e) => e.name === '/data/in-volume')?.body, 'volume data');
    assert.equal(entries.find((e) => e.name === '/etc/passwd')?.body.startsWith('root:'), true);
  });

  it('archives a file bind from its source', async () => {
    assert.deepEqual(await archive('/etc/motd'), [{ name: 'motd', type: 'file', body: 'a bound file', linkname: '' }]);
    assert.equal((await archive('/etc')).find((e) => e.name === 'etc/motd')?.body, 'a bound file');
  });

  it('archives a directory that exists only above a mount', async () => {
    assert.deepEqual((await archive('/run')).map((e) => e.name), ['run/', 'run/deep/', 'run/deep/tmp/']);
  });
});
