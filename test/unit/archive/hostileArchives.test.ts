// `docker load` input is untrusted: every archive below must be refused with an error that says
// what is wrong, and leave the store exactly as it was (no name, no new blob, no snapshot).
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { extract } from 'tar-stream';
import { loadImages } from '../../../engine/src/archive/loadImages';
import { saveImages } from '../../../engine/src/archive/saveImages';
import { digestOf } from '../../../engine/src/image/digest';
import { hostPlatform } from '../../../engine/src/image/platform';
import { parseReference } from '../../../engine/src/image/reference';
import { writeImage } from '../../../engine/src/store/storeImage';
import { verifyStore } from '../../../engine/src/store/verify';
import { memoryImage, randomImage, type MemoryLayer } from '../../fixtures/memoryImage';
import { craftTar } from '../../fixtures/craftTar';
import { openTestStore } from '../../fixtures/registry/testStore';
import { readAll, removeScratch, scratchDir } from '../../fixtures/scratch';
import { archiveStream, archiveTar, legacyArchive, type ArchiveEntry } from './archiveFixtures';

type TestStore = Awaited<ReturnType<typeof openTestStore>>;

describe('loadImages with hostile archives', () => {
  let dir: string;
  let store: TestStore;
  let layers: MemoryLayer[];
  let good: Buffer;
  let preexisting: string[];

  before(async () => {
    dir = scratchDir('hostile-load');
    layers = (await randomImage(dir, 2)).layers;
    const source = await openTestStore(join(dir, 'source'));
    const d = await writeImage(source.content, source.images, memoryImage(layers), 'docker.io/library/good:1');
    good = await readAll(saveImages(source.content, [{ target: d, manifest: d, names: [parseReference('good:1')] }]));
  });
  after(() => removeScratch(dir));

  beforeEach(async () => {
    store = await openTestStore(join(dir, `store-${randomBytes(4).toString('hex')}`));
    // an unrelated image already in the store must come through untouched
    await writeImage(store.content, store.images, memoryImage((await randomImage(dir, 1)).layers), 'docker.io/library/kept:1');
    preexisting = (await store.content.listBlobs()).map((b) => b.digest).sort();
  });

  async function refuse(bytes: Buffer, message: RegExp): Promise<void> {
    await assert.rejects(loadImages(archiveStream(bytes), {
      content: store.content, snapshotter: store.snapshotter, leases: store.leases, platform: hostPlatform(),
      name: async (image) => {
        for (const n of image.names) await store.images.set(n.toString(), image.target);
      },
    }), message);
    assert.deepEqual((await store.images.list()).map((r) => r.name), ['docker.io/library/kept:1'], 'no name was recorded');
    assert.deepEqual((await store.content.listBlobs()).map((b) => b.digest).sort(), preexisting, 'no blob was left behind');
    assert.deepEqual(await store.snapshotter.list(), [], 'no snapshot was left behind');
    assert.deepEqual(await store.content.listIngests(), [], 'no ingest was left behind');
    assert.deepEqual((await verifyStore(store)).map((p) => p.message), []);
  }

  /** The good archive with entries replaced, removed or added. */
  async function edited(change: (entries: ArchiveEntry[]) => void): Promise<Buffer> {
    const entries: ArchiveEntry[] = [];
    const ex = extract();
    const done = new Promise<void>((resolve, reject) => {
      ex.on('entry', (header, stream, next) => {
        void readAll(stream as unknown as AsyncIterable<Buffer>).then((content) => {
          entries.push({ name: header.name, type: header.type === 'directory' ? 'directory' : 'file', content });
          next();
        });
      });
      ex.on('finish', resolve);
      ex.on('error', reject);
    });
    ex.end(good);
    await done;
    change(entries);
    return archiveTar(entries);
  }

  it('refuses what is not a tar, an empty tar, and a truncated one', async () => {
    await refuse(randomBytes(4096), /tar|not an image archive/);
    await refuse(Buffer.alloc(1024), /not an image archive: it has neither manifest.json nor index.json/);
    await refuse(good.subarray(0, 3000), /unexpected end of data/);
    await refuse(gzipSync(good).subarray(0, 2000), /unexpected end|tar|zlib|not an image archive/);
  });

  it('refuses a blob whose content does not match its name', async () => {
    const bytes = await edited((entries) => {
      const blob = entries.find((e) => e.name.startsWith('blobs/sha256/') && (e.content as Buffer).length > 1000)!;
      Object.assign(blob, { content: Buffer.concat([blob.content as Buffer, Buffer.from('x')]) });
    });
    await refuse(bytes, /archive entry blobs\/sha256\/[0-9a-f]{64}: content hashes to sha256:[0-9a-f]{64}; the archive is corrupt or was tampered with/);
  });

  it('refuses an archive that lists the same path twice', async () => {
    const bytes = await edited((entries) => entries.push({ name: 'manifest.json', content: '[]' }));
    await refuse(bytes, /archive lists "manifest.json" twice/);
  });

  it('refuses index.json entries whose blobs are missing, and says which', async () => {
    const bytes = await edited((entries) => {
      entries.splice(entries.findIndex((e) => e.name === 'manifest.json'), 1);
      const layer = entries.findIndex((e) => e.name.startsWith('blobs/sha256/') && (e.content as Buffer).length > 1000);
      entries.splice(layer, 1);
    });
    await refuse(bytes, /index.json: blobs\/sha256\/[0-9a-f]{64} is not in the archive/);
  });

  it('refuses manifest.json paths that leave the archive or lead nowhere', async () => {
    for (const [path, link] of [['../../etc/passwd', undefined], ['/etc/passwd', undefined], ['evil/layer.tar', '../../../../etc/passwd'], ['loop/layer.tar', '../loop2/layer.tar']] as const) {
      const legacy = await legacyArchive(layers, ['bad:1']);
      const manifest = legacy.entries.find((e) => e.name === 'manifest.json')!;
      const items = JSON.parse(String(manifest.content)) as { Layers: string[] }[];
      items[0]!.Layers[0] = path;
      Object.assign(manifest, { content: JSON.stringify(items) });
      if (link) legacy.entries.push({ name: path, type: 'symlink', linkname: link });
      if (path.startsWith('loop')) legacy.entries.push({ name: 'loop2/layer.tar', type: 'symlink', linkname: '../loop/layer.tar' });
      await refuse(await archiveTar(legacy.entries), /manifest.json\[0\]: Layers: the archive has no file/);
    }
    assert.equal(existsSync('/etc/passwd-berth'), false);
  });

  it('refuses manifest.json that is not JSON or not the expected shape', async () => {
    const legacy = await legacyArchive(layers, ['bad:1']);
    const manifest = legacy.entries.find((e) => e.name === 'manifest.json')!;
    Object.assign(manifest, { content: '[{"Config": 7}]' });
    await refuse(await archiveTar(legacy.entries), /manifest.json\[0\]: expected \{"Config": string/);
    Object.assign(manifest, { content: '{oops' });
    await refuse(await archiveTar(legacy.entries), /manifest.json: not valid JSON/);
  });

  it('refuses layers that do not match the diff_ids of the config, leaving no snapshot', async () => {
    const legacy = await legacyArchive(layers, ['bad:1'], { diffIds: [layers[0]!.diffId, digestOf('something else')] });
    await refuse(await archiveTar(legacy.entries), /hashes to sha256:[0-9a-f]{64}, expected diffId/);
  });

  it('refuses a config that does not parse', async () => {
    const legacy = await legacyArchive(layers, ['bad:1']);
    const config = legacy.entries.find((e) => e.name.endsWith('.json') && e.name !== 'manifest.json')!;
    Object.assign(config, { content: '{"architecture":"amd64"}' });
    await refuse(await archiveTar(legacy.entries), /config .*rootfs/);
  });

  it('refuses a layer that would write outside its snapshot, and nothing escapes', async () => {
    const escape = await craftTar([{ name: '../../../../tmp/berth-load-escape', content: 'pwned' }]);
    const diffId = digestOf(escape);
    const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [diffId] } }));
    const entries: ArchiveEntry[] = [
      { name: 'layer/layer.tar', content: escape },
      { name: 'config.json', content: config },
      { name: 'manifest.json', content: JSON.stringify([{ Config: 'config.json', RepoTags: ['evil:1'], Layers: ['layer/layer.tar'] }]) },
    ];
    await refuse(await archiveTar(entries), /layer entry "..\/..\/..\/..\/tmp\/berth-load-escape": path contains ".."/);
    assert.equal(existsSync('/tmp/berth-load-escape'), false);
  });
});
