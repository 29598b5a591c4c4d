// pushImage from the store into the in-process registry: byte-identical manifests, skipping
// existing blobs, cross-repository mounts, chunked uploads that survive a dropped connection,
// indexes pushed last.
import * as assert from 'node:assert/strict';
import { isFailedPrecondition, isNotFound } from '../../../engine/src/image/berthError';
import { digestOf } from '../../../engine/src/image/digest';
import { mediaTypes } from '../../../engine/src/image/mediaTypes';
import { validateImage } from '../../../engine/src/image/validateImage';
import type { ProgressEvent } from '../../../engine/src/registry/progress';
import { pullImage } from '../../../engine/src/registry/pull';
import { pushImage } from '../../../engine/src/registry/push';
import { writeBlobBytes } from '../../../engine/src/store/blobs';
import { imageFromStore, writeImage } from '../../../engine/src/store/storeImage';
import { memoryImage, randomImage } from '../../fixtures/memoryImage';
import { failWith } from '../../fixtures/registry/faults';
import { MemoryRegistry } from '../../fixtures/registry/memoryRegistry';
import { openTestStore } from '../../fixtures/registry/testStore';
import { removeScratch, scratchDir } from '../../fixtures/scratch';

describe('pushImage', () => {
  let dir: string;
  let registry: MemoryRegistry;
  let parts: Awaited<ReturnType<typeof openTestStore>>;
  const retry = { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 };
  beforeEach(async () => {
    dir = scratchDir('push');
    registry = await MemoryRegistry.start();
    parts = await openTestStore(dir);
  });
  afterEach(async () => {
    await registry.close();
    removeScratch(dir);
  });

  async function storedImage(name: string, layers = 2) {
    const { image } = await randomImage(dir, layers);
    const d = await writeImage(parts.content, parts.images, image, name);
    return { image, d };
  }

  it('pushes blobs and the manifest byte for byte; a pull gets the same digests back', async () => {
    const name = `${registry.host}/team/app:1`;
    const { image, d } = await storedImage(name);
    const events: ProgressEvent[] = [];
    const result = await pushImage(name, { store: parts, onProgress: (e) => events.push(e) });
    assert.equal(result.descriptor.digest, d.digest);
    assert.deepEqual(registry.repo('team/app').manifests.get(d.digest)!.bytes, Buffer.from(await image.rawManifest()));
    assert.equal(registry.repo('team/app').tags.get('1'), d.digest);
    assert.equal(events[0]!.status, `The push refers to repository [${registry.host}/team/app]`);
    const id = (await (await image.layers())[0]!.diffId()).slice(7, 19);
    for (const s of ['Preparing', 'Pushing', 'Pushed']) assert.ok(events.some((e) => e.status === s && e.id === id), `${s} ${id}`);
    assert.equal(events.at(-2)!.status, `1: digest: ${d.digest} size: ${d.size}`);
    assert.deepEqual(events.at(-1)!.aux, { Tag: '1', Digest: d.digest, Size: d.size });

    const other = await openTestStore(scratchDir('push-back'));
    const pulled = await pullImage(name, { store: other });
    assert.equal(pulled.descriptor.digest, d.digest);
    await validateImage(imageFromStore(other.content, pulled.manifest));
    removeScratch(other.content.root.replace(/\/content$/, ''));
  });

  it('skips blobs the registry has (HEAD), uploading nothing twice', async () => {
    const name = `${registry.host}/app:1`;
    await storedImage(name);
    await pushImage(name, { store: parts });
    registry.log.length = 0;
    const events: ProgressEvent[] = [];
    await pushImage(name, { store: parts, onProgress: (e) => events.push(e) });
    assert.equal(registry.log.filter((r) => r.method === 'PUT' && r.url.includes('/blobs/')).length, 0);
    assert.equal(events.filter((e) => e.status === 'Layer already exists').length, 2);
  });

  it('mounts blobs from another repository of the same registry', async () => {
    const first = `${registry.host}/base:1`;
    const { d } = await storedImage(first);
    await pushImage(first, { store: parts });
    await parts.images.set(`${registry.host}/derived:1`, d);
    registry.log.length = 0;
    const events: ProgressEvent[] = [];
    await pushImage(`${registry.host}/derived:1`, { store: parts, onProgress: (e) => events.push(e) });
    assert.equal(events.filter((e) => e.status === 'Mounted from base').length, 2);
    assert.ok(registry.log.some((r) => r.method === 'POST' && r.url.includes('mount=') && r.url.includes('from=base')));
    assert.equal(registry.log.filter((r) => r.method === 'PUT' && r.url.includes('/blobs/uploads/')).length, 0, 'no bytes uploaded');
    assert.equal(registry.repo('derived').tags.get('1'), d.digest);
  });

  it('uploads in chunks and resumes a chunk whose connection dropped', async () => {
    const name = `${registry.host}/chunked:1`;
    const { image, d } = await storedImage(name, 1);
    const layer = (await image.layers())[0]!.descriptor;
    let patches = 0;
    registry.hooks.push(async (req) => {
      if (req.method !== 'PATCH' || ++patches !== 2) return false;
      req.socket.destroy(); // the second chunk never arrives
      return true;
    });
    await pushImage(name, { store: parts, chunkSize: 4096, retry });
    const patchRanges = registry.log.filter((r) => r.method === 'PATCH').map((r) => r.headers['content-range']);
    assert.equal(patchRanges[0], '0-4095');
    assert.equal(patchRanges[1], '4096-8191');
    assert.equal(patchRanges[2], '4096-8191', 'the lost chunk is sent again after asking the registry');
    assert.ok(registry.log.some((r) => r.method === 'GET' && r.url.includes('/blobs/uploads/')), 'upload status asked');
    assert.ok(registry.repo('chunked').blobs.has(layer.digest));
    assert.equal(registry.repo('chunked').tags.get('1'), d.digest);
  });

  it('starts a monolithic upload over after a 500', async () => {
    const name = `${registry.host}/retry:1`;
    await storedImage(name, 1);
    registry.hooks.push(failWith(registry, (req) => req.method === 'PUT' && (req.url ?? '').includes('/blobs/uploads/'), 500, 1));
    await pushImage(name, { store: parts, retry });
    assert.equal(registry.log.filter((r) => r.method === 'PUT' && r.url.includes('/blobs/uploads/')).length, 3, 'one failed PUT, then config and layer');
  });

  it('pushes each platform image first and the index last, by digest', async () => {
    const { layers } = await randomImage(dir, 2);
    const amd = memoryImage([layers[0]!]);
    const arm = memoryImage([layers[1]!], { architecture: 'arm64' });
    const a = await writeImage(parts.content, undefined, amd);
    const b = await writeImage(parts.content, undefined, arm);
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: mediaTypes.ociIndex, manifests: [
      { ...a, platform: { architecture: 'amd64', os: 'linux' } }, { ...b, platform: { architecture: 'arm64', os: 'linux' } }] }));
    await writeBlobBytes(parts.content, 'index', index);
    const name = `${registry.host}/multi:1`;
    await parts.images.set(name, { mediaType: mediaTypes.ociIndex, digest: digestOf(index), size: index.length });
    await pushImage(name, { store: parts });
    const manifestPuts = registry.log.filter((r) => r.method === 'PUT' && r.url.includes('/manifests/')).map((r) => r.url.split('/manifests/')[1]);
    assert.deepEqual(manifestPuts, [a.digest, b.digest, '1']);
    assert.deepEqual(registry.repo('multi').manifests.get(digestOf(index))!.bytes, index);
  });

  it('refuses an index whose platforms were not all pulled, saying which', async () => {
    const { layers } = await randomImage(dir, 1);
    const a = await writeImage(parts.content, undefined, memoryImage([layers[0]!]));
    const missing = { mediaType: mediaTypes.ociManifest, digest: digestOf('absent'), size: 10, platform: { architecture: 'arm64', os: 'linux' } };
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, manifests: [{ ...a, platform: { architecture: 'amd64', os: 'linux' } }, missing] }));
    await writeBlobBytes(parts.content, 'index', index);
    await parts.images.set(`${registry.host}/partial:1`, { mediaType: mediaTypes.ociIndex, digest: digestOf(index), size: index.length });
    await assert.rejects(pushImage(`${registry.host}/partial:1`, { store: parts }), (err: Error) =>
      isFailedPrecondition(err) && err.message.includes(`the index lists linux/arm64 (${missing.digest}), which was not pulled`));
  });

  it('says when no local image has the name', async () => {
    await assert.rejects(pushImage(`${registry.host}/nothing:1`, { store: parts }), (err: Error) =>
      isNotFound(err) && err.message === `push ${registry.host}/nothing:1: an image does not exist locally with the tag ${registry.host}/nothing:1`);
  });
});
