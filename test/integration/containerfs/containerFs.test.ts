// A container's filesystem under real containers (crun, conmon), with the overlay and the copy
// snapshotter: docker diff, export, commit (the new image runs), and the docker cp endpoints' work
// on stopped and running containers, volumes included, with moby's `docker cp` symlink cases where
// a container process prepares the tricks itself.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { containerChanges, changeKinds } from '../../../engine/src/containerfs/changes';
import { commitContainer } from '../../../engine/src/containerfs/commitContainer';
import { withDiffSource } from '../../../engine/src/containerfs/diffSource';
import { extractArchive } from '../../../engine/src/containerfs/extractArchive';
import { absolutePath, goBase, statPath } from '../../../engine/src/containerfs/pathStat';
import { nodeEntries, tarStream } from '../../../engine/src/containerfs/treeArchive';
import { withContainerTree } from '../../../engine/src/containerfs/withContainerTree';
import type { Descriptor } from '../../../engine/src/image/descriptor';
import type { Image } from '../../../engine/src/image/image';
import { validateImage } from '../../../engine/src/image/validateImage';
import { readTar } from '../../../engine/src/layer/tarReader';
import { walkTree } from '../../../engine/src/layer/walkTree';
import type { ContainerRecord } from '../../../engine/src/runtime/containerRecord';
import { Leases } from '../../../engine/src/store/leases';
import { OciLayoutStore } from '../../../engine/src/store/ociLayoutStore';
import { imageFromStore, writeImage } from '../../../engine/src/store/storeImage';
import { busyboxImage } from '../../fixtures/busyboxImage';
import { craftTar } from '../../fixtures/craftTar';
import { makeUsable, type RuntimeFixup } from '../runtime/runtimesUnderTest';
import { Testbed } from '../runtime/runtimeTestbed';

interface Listed { readonly name: string; readonly type: string; readonly body: string; readonly linkname: string }

async function listTar(source: AsyncIterable<Buffer>): Promise<Listed[]> {
  const out: Listed[] = [];
  for await (const e of readTar(source)) {
    const parts: Buffer[] = [];
    for await (const chunk of e.body) parts.push(chunk);
    out.push({ name: e.header.name, type: e.header.type, body: Buffer.concat(parts).toString(), linkname: e.header.linkname });
  }
  return out;
}

for (const kind of ['overlay', 'copy'] as const) {
  describe(`container filesystems (${kind} snapshotter)`, function () {
    this.timeout(180_000);
    let tb: Testbed;
    let fixup: RuntimeFixup;
    let content: OciLayoutStore;
    let base: Image;
    const leases = new Leases();
    const hostDir = () => join(tb.dir, 'host');

    before(async () => {
      fixup = await makeUsable('crun');
      tb = await Testbed.open('crun', {}, kind);
      content = await OciLayoutStore.open(join(tb.dir, 'content'));
      const d = await writeImage(content, undefined, await busyboxImage());
      base = imageFromStore(content, d);
      // the host holds files at the paths the container's links name: none may ever be read or written
      mkdirSync(join(hostDir(), 'some/path'), { recursive: true });
      writeFileSync(join(hostDir(), 'some/path/test'), 'ON THE HOST');
    });
    after(async () => {
      try {
        await tb?.close();
      } finally {
        await fixup?.undo();
      }
    });

    /** Runs `script` in a new container of `image` to the end; the container is kept. */
    async function prepared(script: string, options: { image?: Image; keepRunning?: boolean; mounts?: ContainerRecord['hostConfig']['mounts'] } = {}): Promise<ContainerRecord> {
      const record = await tb.runtime.create({
        image: { reference: 'busybox', image: options.image ?? base }, cmd: ['sh', '-c', options.keepRunning ? `${script}; touch /ready; exec sleep 1000` : script],
        network: { mode: { kind: 'none' } }, ...(options.mounts ? { mounts: options.mounts } : {}),
      });
      const started = tb.waitForEvent(record.id, 'start');
      await tb.runtime.start(record.id);
      await started;
      if (options.keepRunning) {
        // the script has run once /ready exists: an exec in the container waits for it
        const exec = tb.runtime.io.execCreate(record.id, { cmd: ['sh', '-c', 'while [ ! -e /ready ]; do sleep 0.05; done'] });
        await tb.runtime.io.execStart(exec, { detach: true });
        assert.equal((await tb.runtime.io.execDone(exec)).exitCode, 0);
      } else {
        assert.equal((await tb.runtime.wait(record.id)).statusCode, 0);
      }
      return tb.runtime.inspect(record.id);
    }

    async function archive(id: string, path: string): Promise<Listed[]> {
      return withContainerTree(tb.runtime, id, async (tree, record) => {
        const { node } = statPath(tree, path, record.name);
        return listTar(tarStream(nodeEntries(tree, node, goBase(absolutePath(path)))));
      });
    }

    async function put(id: string, path: string, tar: Buffer, options: { noOverwriteDirNonDir?: boolean } = {}): Promise<void> {
      await withContainerTree(tb.runtime, id, (tree, record) => extractArchive(tree, path, Readable.from([tar]), { ...options, where: `container ${record.name}` }));
    }

    it('diff: added, changed and deleted paths, without what the runtime made', async () => {
      const c = await prepared('mkdir -p /newdir && echo x > /newdir/f && echo changed >> /etc/passwd && rm /etc/group && rm -rf /home');
      const { changes } = await withDiffSource(tb.snapshotter, c, containerChanges);
      const paths = changes.map((ch) => `${'CAD'[ch.Kind]} ${ch.Path}`);
      for (const expected of ['C /etc', 'C /etc/passwd', 'D /etc/group', 'A /newdir', 'A /newdir/f', 'D /home']) assert.ok(paths.includes(expected), `${expected} in ${paths.join(', ')}`);
      assert.ok(!paths.some((p) => /\/etc\/(hosts|hostname|resolv\.conf)$/.test(p)), paths.join(', '));
      assert.ok(!paths.some((p) => p.startsWith('A /proc') || p.startsWith('A /sys') || p.startsWith('A /dev')), paths.join(', '));
      await tb.runtime.remove(c.id);
    });

    it('export: the merged root filesystem as a tar, without volume contents', async () => {
      const vol = join(tb.dir, 'export-volume');
      mkdirSync(vol);
      const c = await prepared('echo hello > /greeting; echo in-volume > /vol/v', { mounts: [{ type: 'bind', source: vol, target: '/vol' }] });
      const entries = await tb.runtime.withRootfs(c.id, (rootfs) => listTar(tarStream(walkTree(rootfs))));
      const names = entries.map((e) => e.name);
      assert.ok(names.includes('bin/busybox'));
      assert.equal(entries.find((e) => e.name === 'greeting')?.body, 'hello\n');
      assert.ok(names.includes('vol/'), 'the mount point is there');
      assert.ok(!names.includes('vol/v'), 'a volume\'s content is not part of an export');
      await tb.runtime.remove(c.id);
    });

    it('commit: the changes become a layer; the new image runs and has the changes, the config and history', async () => {
      const c = await prepared('echo committed > /state && rm /etc/group && mkdir /newdir');
      let named: Descriptor | undefined;
      const target = await commitContainer({ runtime: tb.runtime, snapshotter: tb.snapshotter, content, leases }, c.id, {
        changes: ['ENV COMMITTED=yes', 'CMD ["cat", "/state"]'], author: 'tester', comment: 'a commit', name: async (d) => { named = d; },
      });
      assert.equal(named?.digest, target.digest);
      const image = imageFromStore(content, target);
      await validateImage(image);
      const config = await image.config();
      assert.equal(config.rootfs.diff_ids.length, 2);
      assert.deepEqual(config.config?.Cmd, ['cat', '/state']);
      assert.ok(config.config?.Env?.includes('COMMITTED=yes'));
      assert.equal(config.raw.author, 'tester');
      assert.deepEqual(config.history?.at(-1), { ...config.history!.at(-1), created_by: `sh -c ${c.args[1]}`, author: 'tester', comment: 'a commit' });
      const layer = await listTar((await (await image.layers())[1]!.uncompressed()) as AsyncIterable<Buffer>);
      const names = layer.map((e) => e.name);
      assert.ok(names.includes('state') && names.includes('etc/.wh.group') && names.includes('newdir/'), names.join(' '));
      assert.ok(!names.some((n) => /hosts|hostname|resolv/.test(n)), `the runtime's files stay out: ${names.join(' ')}`);
      const next = await prepared('test ! -e /etc/group && test -d /newdir && test "$COMMITTED" = yes && cat /state', { image });
      const logs: string[] = [];
      for await (const e of tb.runtime.io.logs(next.id, {})) logs.push(e.line.toString());
      assert.deepEqual(logs, ['committed\n']);
      await tb.runtime.remove(next.id);
      await tb.runtime.remove(c.id);
    });

    it('commit of an unchanged container adds no layer, only an empty history entry', async () => {
      const c = await tb.runtime.create({ image: { reference: 'busybox', image: base }, cmd: ['true'], network: { mode: { kind: 'none' } } });
      const target = await commitContainer({ runtime: tb.runtime, snapshotter: tb.snapshotter, content, leases }, c.id, { name: async () => undefined });
      const config = await imageFromStore(content, target).config();
      assert.equal(config.rootfs.diff_ids.length, 1);
      assert.equal(config.history?.at(-1)?.empty_layer, true);
      await tb.runtime.remove(c.id);
    });

    it('commit pauses a running container meanwhile and leaves it running', async () => {
      const c = await prepared('echo live > /live', { keepRunning: true });
      const target = await commitContainer({ runtime: tb.runtime, snapshotter: tb.snapshotter, content, leases }, c.id, { name: async () => undefined });
      assert.ok(tb.events.some((e) => e.id === c.id && e.action === 'pause'));
      assert.equal(tb.runtime.inspect(c.id).state.status, 'running');
      const layer = await listTar((await (await imageFromStore(content, target).layers())[1]!.uncompressed()) as AsyncIterable<Buffer>);
      assert.equal(layer.find((e) => e.name === 'live')?.body, 'live\n');
      await tb.runtime.remove(c.id, { force: true });
    });

    describe('docker cp', () => {
      let c: ContainerRecord;
      const volume = () => join(tb.dir, 'cp-volume');

      before(async () => {
        mkdirSync(volume());
        writeFileSync(join(volume(), 'in-volume'), 'volume data');
        // moby's cp tests: the container makes its own links, absolute and relative, to its paths and the host's
        c = await prepared([
          'mkdir -p /some/path && echo -n in-container > /some/path/test',
          'ln -s /some/path/test /container_path',
          'ln -s /some /dir_link',
          'ln -s ../../../../../../some/path /climber',
          `ln -s ${hostDir()} /hostlink`,
          'ln -s / /rootlink',
        ].join(' && '), { keepRunning: true, mounts: [{ type: 'bind', source: volume(), target: '/vol' }, { type: 'tmpfs', target: '/scratch' }] });
      });
      after(async () => {
        await tb.runtime.remove(c.id, { force: true });
        assert.equal(readFileSync(join(hostDir(), 'some/path/test'), 'utf8'), 'ON THE HOST');
      });

      it('reads paths in the container, never the host\'s (moby TestCpGarbagePath, TestCpAbsolutePath, TestCpSymlinkComponent)', async () => {
        for (const path of ['/some/path/test', 'some/path/test', '../../../../../../some/path/test', '/dir_link/path/test', '/climber/test', '/rootlink/some/path/test']) {
          const [entry] = await archive(c.id, path);
          assert.deepEqual(entry && { name: entry.name, body: entry.body }, { name: 'test', body: 'in-container' }, path);
        }
      });

      it('copies a final symlink as a link, and its target when the path ends in / (moby TestCpAbsoluteSymlink, TestCpFromSymlinkToDirectory)', async () => {
        assert.deepEqual(await archive(c.id, '/container_path'), [{ name: 'container_path', type: 'symlink', body: '', linkname: '/some/path/test' }]);
        assert.deepEqual((await archive(c.id, '/dir_link/')).map((e) => e.name), ['dir_link/', 'dir_link/path/', 'dir_link/path/test']);
      });

      it('never reaches the host through a link to a host path', async () => {
        await assert.rejects(archive(c.id, '/hostlink/some/path/test'), /Could not find the file/);
        await assert.rejects(put(c.id, '/hostlink/some/path', await craftTar([{ name: 'test', content: 'pwned' }])), /Could not find the file/);
        await assert.rejects(put(c.id, '/tmp', await craftTar([{ name: 'esc', type: 'symlink', linkname: hostDir() }, { name: 'esc/some/path/test', content: 'pwned' }])), /a symlink is on the way/);
      });

      it('writes into a running container, through a linked destination in scope (moby TestCpToSymlinkDestination)', async () => {
        await put(c.id, '/dir_link', await craftTar([{ name: 'copied', content: 'from outside' }]));
        const exec = tb.runtime.io.execCreate(c.id, { cmd: ['cat', '/some/copied'], attachStdout: true, attachStderr: true });
        const attachment = await tb.runtime.io.execStart(exec, {});
        let out = '';
        const ended = new Promise((resolve) => attachment?.output.on('end', resolve));
        attachment?.output.on('data', (f: { data: Buffer }) => { out += f.data.toString(); });
        await tb.runtime.io.execDone(exec);
        await ended;
        assert.equal(out, 'from outside');
      });

      it('reads and writes volumes and binds as the container sees them; tmpfs is not reachable', async () => {
        assert.equal((await archive(c.id, '/vol/in-volume'))[0]?.body, 'volume data');
        await put(c.id, '/', await craftTar([{ name: 'vol/from-cp', content: 'via the root' }]));
        assert.equal(readFileSync(join(volume(), 'from-cp'), 'utf8'), 'via the root');
        assert.ok((await archive(c.id, '/')).some((e) => e.name === '/vol/in-volume'));
        await assert.rejects(put(c.id, '/scratch', await craftTar([{ name: 'x', content: 'x' }])), /tmpfs mount/);
      });

      it('refuses to replace a directory by a file (noOverwriteDirNonDir, as the docker CLI asks)', async () => {
        await assert.rejects(put(c.id, '/', await craftTar([{ name: 'some', content: 'x' }]), { noOverwriteDirNonDir: true }), /cannot overwrite directory "\/some"/);
      });

      it('copies into a created container that never ran (moby TestCopyCreatedContainer)', async () => {
        const created = await tb.runtime.create({ image: { reference: 'busybox', image: base }, cmd: ['true'], network: { mode: { kind: 'none' } } });
        await put(created.id, '/tmp', await craftTar([{ name: 'early', content: 'before start' }]));
        assert.equal((await archive(created.id, '/tmp/early'))[0]?.body, 'before start');
        const { changes } = await withDiffSource(tb.snapshotter, tb.runtime.inspect(created.id), containerChanges);
        assert.deepEqual(changes.filter((ch) => ch.Kind === changeKinds.added).map((ch) => ch.Path), ['/tmp/early']);
        await tb.runtime.remove(created.id);
      });
    });
  });
}
