// pullImage against the in-process registry: manifests of every kind, platform selection, digest
// references, progress in Docker's shapes, skipping what is there, and unpacking.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isNotFound } from '../../../engine/src/image/berthError';
import { mediaTypes } from '../../../engine/src/image/mediaTypes';
import { parsePlatform } from '../../../engine/src/image/platform';
import { validateImage } from '../../../engine/src/image/validateImage';
import type { ProgressEvent } from '../../../engine/src/registry/progress';
import { pullImage } from '../../../engine/src/registry/pull';
import { isRegistryError } from '../../../engine/src/registry/registryError';
import { imageFromStore } from '../../../engine/src/store/storeImage';
import { layerFromDir, randomImage } from '../../fixtures/memoryImage';
import { blobGet } from '../../fixtures/registry/faults';
import { MemoryRegistry } from '../../fixtures/registry/memoryRegistry';
import { buildImage, seedImage, seedIndex } from '../../fixtures/registry/seedImages';
import { assertCleanAfterFailure, openTestStore } from '../../fixtures/registry/testStore';
import { removeScratch, requireRoot, scratchDir } from '../../fixtures/scratch';

describe('pullImage', () => {
  let dir: string;
  let registry: MemoryRegistry;
  let parts: Awaited<ReturnType<typeof openTestStore>>;
  before(() => requireRoot());
  beforeEach(async () => {
    dir = scratchDir('pull');
    registry = await MemoryRegistry.start();
    parts = await openTestStore(dir);
  });
  afterEach(async () => {
    await registry.close();
    removeScratch(dir);
  });

  it('pulls an OCI image by tag: content verified, name recorded, Docker progress', async () => {
    const { layers } = await randomImage(dir, 2);
    const seeded = seedImage(registry, 'team/app', buildImage(layers), 'v1');
    const events: ProgressEvent[] = [];
    const result = await pullImage(`${registry.host}/team/app:v1`, { store: parts, onProgress: (e) => events.push(e) });
    assert.equal(result.descriptor.digest, seeded.digest);
    assert.equal(result.name, `${registry.host}/team/app:v1`);
    assert.equal((await parts.images.get(result.name)).target.digest, seeded.digest);
    await validateImage(imageFromStore(parts.content, result.descriptor));
    const statuses = events.map((e) => e.status);
    assert.equal(statuses[0], 'Pulling from team/app');
    const id = layers[0]!.descriptor.digest.slice(7, 19);
    for (const s of ['Pulling fs layer', 'Downloading', 'Verifying Checksum', 'Download complete', 'Pull complete']) {
      assert.ok(events.some((e) => e.status === s && e.id === id), `${s} for ${id}`);
    }
    assert.equal(statuses.at(-2), `Digest: ${seeded.digest}`);
    assert.equal(statuses.at(-1), `Status: Downloaded newer image for ${registry.host}/team/app:v1`);
    const downloading = events.filter((e) => e.status === 'Downloading' && e.id === id).at(-1)!;
    assert.deepEqual(downloading.progressDetail, { current: layers[0]!.descriptor.size, total: layers[0]!.descriptor.size });
  });

  it('keeps the manifest byte for byte (its digest is the registry\'s)', async () => {
    const { layers } = await randomImage(dir, 1);
    const seeded = seedImage(registry, 'app', buildImage(layers, { docker: true }), 'latest');
    const result = await pullImage(`${registry.host}/app`, { store: parts });
    assert.equal(result.manifest.mediaType, mediaTypes.dockerManifest);
    const stored = await parts.content.openBlob(result.manifest.digest);
    const chunks: Buffer[] = [];
    for await (const c of stored) chunks.push(c as Buffer);
    assert.deepEqual(Buffer.concat(chunks), seeded.manifest);
  });

  it('picks the platform from a Docker manifest list and fetches only that image', async () => {
    const amd = seedImage(registry, 'multi', buildImage((await randomImage(dir, 1)).layers, { docker: true }));
    const arm = seedImage(registry, 'multi', buildImage((await randomImage(dir, 1)).layers, { docker: true, architecture: 'arm64' }));
    const index = seedIndex(registry, 'multi', [{ image: amd, platform: {} }, { image: arm, platform: { architecture: 'arm64', variant: 'v8' } }], '1', true);
    const result = await pullImage(`${registry.host}/multi:1`, { store: parts, platform: parsePlatform('linux/arm64') });
    assert.equal(result.descriptor.digest, index.digest);
    assert.equal(result.descriptor.mediaType, mediaTypes.dockerManifestList);
    assert.equal(result.manifest.digest, arm.digest);
    assert.equal(registry.requestsTo(amd.layers[0]!.descriptor.digest).length, 0, 'the other platform is not downloaded');
    await validateImage(imageFromStore(parts.content, result.manifest));
  });

  it('says which platforms an index offers when the wanted one is missing', async () => {
    const amd = seedImage(registry, 'multi', buildImage((await randomImage(dir, 1)).layers));
    seedIndex(registry, 'multi', [{ image: amd, platform: {} }], '1');
    await assert.rejects(pullImage(`${registry.host}/multi:1`, { store: parts, platform: parsePlatform('linux/s390x') }), /no manifest for linux\/s390x \(it offers linux\/amd64\)/);
  });

  it('pulls name@sha256: and records the digest reference', async () => {
    const seeded = seedImage(registry, 'pinned', buildImage((await randomImage(dir, 1)).layers));
    const result = await pullImage(`${registry.host}/pinned@${seeded.digest}`, { store: parts });
    assert.equal(result.name, `${registry.host}/pinned@${seeded.digest}`);
    assert.equal(result.reference.tag, undefined);
    assert.ok(registry.requestsTo(`/manifests/${seeded.digest}`).length > 0);
  });

  it('downloads nothing again: layers already exist, image up to date', async () => {
    seedImage(registry, 'again', buildImage((await randomImage(dir, 2)).layers), 'latest');
    await pullImage(`${registry.host}/again`, { store: parts, snapshotter: parts.snapshotter });
    registry.log.length = 0;
    const events: ProgressEvent[] = [];
    const second = await pullImage(`${registry.host}/again`, { store: parts, snapshotter: parts.snapshotter, onProgress: (e) => events.push(e) });
    assert.equal(second.updated, false);
    assert.equal(registry.log.filter((r) => r.url.includes('/blobs/')).length, 0, 'no blob requests');
    assert.equal(events.filter((e) => e.status === 'Already exists').length, 2);
    assert.equal(events.at(-1)!.status, `Status: Image is up to date for ${registry.host}/again:latest`);
  });

  it('unpacks each layer into its ChainID snapshot', async () => {
    seedImage(registry, 'unpack', buildImage((await randomImage(dir, 3)).layers), 'latest');
    const events: ProgressEvent[] = [];
    const result = await pullImage(`${registry.host}/unpack`, { store: parts, snapshotter: parts.snapshotter, onProgress: (e) => events.push(e) });
    assert.equal(result.chainIds.length, 3);
    for (const chainId of result.chainIds) assert.equal((await parts.snapshotter.stat(chainId)).kind, 'committed');
    assert.ok(events.some((e) => e.status === 'Extracting'));
    assert.equal(events.filter((e) => e.status === 'Pull complete').length, 3);
  });

  it('unpacks a layer whose parent is there while it is still downloading', async () => {
    const tree = join(dir, 'big-tree');
    mkdirSync(tree);
    writeFileSync(join(tree, 'blob.bin'), randomBytes(3 << 20));
    const layer = await layerFromDir(tree);
    seedImage(registry, 'stream', buildImage([layer]), 'latest');
    const id = layer.descriptor.digest.slice(7, 19);
    let extracting!: () => void;
    const extractionStarted = new Promise<void>((resolve) => (extracting = resolve));
    let restSentAfterExtraction = false;
    registry.hooks.push(async (req, res) => {
      if (!blobGet(layer.descriptor.digest)(req)) return false;
      res.writeHead(200, { 'content-length': layer.bytes.length });
      res.write(layer.bytes.subarray(0, 2 << 20));
      await extractionStarted; // the rest only once the layer is being extracted
      restSentAfterExtraction = true;
      res.end(layer.bytes.subarray(2 << 20));
      return true;
    });
    const result = await pullImage(`${registry.host}/stream`, {
      store: parts, snapshotter: parts.snapshotter,
      onProgress: (e) => e.status === 'Extracting' && e.id === id && extracting(),
    });
    assert.ok(restSentAfterExtraction);
    assert.equal((await parts.snapshotter.stat(result.chainIds[0]!)).kind, 'committed');
    await validateImage(imageFromStore(parts.content, result.manifest));
  });

  it('pulls the same image twice at once: the pull that loses a layer to the other unpacks it from the store', async () => {
    // both pulls stream layer 0 into its snapshot as it downloads; one commits the blob first, the
    // other then finds it stored, drops its own stream and unpacks from the store
    seedImage(registry, 'twice', buildImage((await randomImage(dir, 2)).layers), 'latest');
    const options = { store: parts, snapshotter: parts.snapshotter };
    const [first, second] = await Promise.all([pullImage(`${registry.host}/twice`, options), pullImage(`${registry.host}/twice`, options)]);
    assert.deepEqual(first.chainIds, second.chainIds);
    for (const chainId of first.chainIds) assert.equal((await parts.snapshotter.stat(chainId)).kind, 'committed');
    await validateImage(imageFromStore(parts.content, first.manifest));
    assert.deepEqual((await parts.snapshotter.list()).filter((s) => s.kind !== 'committed'), [], 'no extraction left active');
  });

  it('refuses a layer whose content is not the diffId the config names', async () => {
    const { layers } = await randomImage(dir, 2);
    const lying = { ...layers[1]!, diffId: layers[0]!.diffId };
    seedImage(registry, 'lying', buildImage([layers[0]!, lying]), 'latest');
    await assert.rejects(pullImage(`${registry.host}/lying`, { store: parts, snapshotter: parts.snapshotter }),
      new RegExp(`unpack layer 1 ${layers[1]!.descriptor.digest}: layer content hashes to ${layers[1]!.diffId}, expected diffId ${layers[0]!.diffId}`));
    await assertCleanAfterFailure(parts);
  });

  it('names the image on 404', async () => {
    registry.repo('exists');
    await assert.rejects(pullImage(`${registry.host}/exists:nope`, { store: parts }), (err: Error) => {
      assert.ok(isRegistryError(err) && isNotFound(err));
      assert.match(err.message, new RegExp(`^pull ${registry.host.replace(/\./g, '\\.')}/exists:nope: manifest: MANIFEST_UNKNOWN: manifest unknown`));
      return true;
    });
    await assert.rejects(pullImage(`${registry.host}/missing`, { store: parts }), /missing:latest: manifest: NAME_UNKNOWN/);
  });
});
