import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { Readable } from 'node:stream';
import { importImage } from '../../../engine/src/archive/importImage';
import type { Descriptor } from '../../../engine/src/image/descriptor';
import { validateImage } from '../../../engine/src/image/validateImage';
import { imageFromStore } from '../../../engine/src/store/storeImage';
import { verifyStore } from '../../../engine/src/store/verify';
import { craftTar } from '../../fixtures/craftTar';
import { openTestStore } from '../../fixtures/registry/testStore';
import { removeScratch, scratchDir } from '../../fixtures/scratch';

type TestStore = Awaited<ReturnType<typeof openTestStore>>;

describe('importImage', () => {
  let dir: string;
  let store: TestStore;
  beforeEach(async () => {
    dir = scratchDir('import');
    store = await openTestStore(dir);
  });
  afterEach(() => removeScratch(dir));

  const run = (bytes: Buffer, changes: string[] = [], named: Descriptor[] = []) => importImage(Readable.from([bytes]), {
    content: store.content, snapshotter: store.snapshotter, leases: store.leases,
    platform: { os: 'linux', architecture: 'arm64' }, changes, message: 'from a test',
    name: async (d) => {
      named.push(d);
      await store.images.set('docker.io/library/imported:1', d);
    },
  });

  it('makes a one-layer image from a plain or compressed rootfs tar, with --change applied and the layer unpacked', async () => {
    const tar = await craftTar([{ name: 'etc/', type: 'directory' }, { name: 'etc/motd', content: 'hello\n' }, { name: 'bin/', type: 'directory' }]);
    const named: Descriptor[] = [];
    const d = await run(gzipSync(tar), ['CMD ["/bin/sh", "-c", "echo hi"]', 'ENV PATH=/bin GREETING="hello world"', 'WORKDIR /srv', 'EXPOSE 8080 53/udp', 'LABEL a=b'], named);
    assert.deepEqual(named, [d]);
    const image = imageFromStore(store.content, d);
    await validateImage(image);
    const config = await image.config();
    assert.equal(config.architecture, 'arm64');
    assert.deepEqual(config.config?.Cmd, ['/bin/sh', '-c', 'echo hi']);
    assert.deepEqual(config.config?.Env, ['PATH=/bin', 'GREETING=hello world']);
    assert.equal(config.config?.WorkingDir, '/srv');
    assert.deepEqual(Object.keys(config.config?.ExposedPorts ?? {}), ['8080/tcp', '53/udp']);
    assert.deepEqual(config.config?.Labels, { a: 'b' });
    assert.equal(config.history?.[0]?.comment, 'from a test');
    const snapshot = (await store.snapshotter.list()).find((s) => s.name === config.rootfs.diff_ids[0]);
    assert.equal(snapshot?.kind, 'committed');
    const mounts = await store.snapshotter.view('check', snapshot!.name);
    assert.equal(readFileSync(join(mounts[0]!.source, 'etc/motd'), 'utf8'), 'hello\n');
  });

  it('refuses garbage, empty input, bad changes and hostile tars, leaving nothing behind', async () => {
    const cases: [Buffer, string[], RegExp][] = [
      [Buffer.from('this is not a tar archive at all, just text'.repeat(40)), [], /tar/],
      [Buffer.alloc(0), [], /the input is empty/],
      [await craftTar([{ name: 'a', content: 'x' }]), ['RUN rm -rf /'], /RUN is not a valid change command/],
      [await craftTar([{ name: '../../../tmp/berth-import-escape', content: 'x' }]), [], /path contains ".."/],
    ];
    for (const [bytes, changes, message] of cases) {
      await assert.rejects(run(bytes, changes), message);
      assert.deepEqual(await store.content.listBlobs(), []);
      assert.deepEqual(await store.snapshotter.list(), []);
      assert.deepEqual(await store.images.list(), []);
      assert.deepEqual(await verifyStore(store), []);
    }
    assert.equal(existsSync('/tmp/berth-import-escape'), false);
  });
});
