// A registry that sends wrong bytes, cuts bodies short, answers 500, lies about lengths or sends
// endless bodies: every pull either completes with verified content or fails with an error that
// names the blob, and never leaves a broken image behind.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDataLoss } from '../../../engine/src/image/berthError';
import { validateImage } from '../../../engine/src/image/validateImage';
import type { ProgressEvent } from '../../../engine/src/registry/progress';
import { pullImage, type PullOptions } from '../../../engine/src/registry/pull';
import { isRegistryError } from '../../../engine/src/registry/registryError';
import type { Snapshotter } from '../../../engine/src/snapshot/snapshotter';
import { imageFromStore } from '../../../engine/src/store/storeImage';
import { layerFromDir, randomImage } from '../../fixtures/memoryImage';
import { announceLength, blobGet, corrupt, endless, failWith, ignoreRange, manifestGet, oversize, truncate } from '../../fixtures/registry/faults';
import { MemoryRegistry } from '../../fixtures/registry/memoryRegistry';
import { buildImage, seedImage, type SeededImage } from '../../fixtures/registry/seedImages';
import { assertCleanAfterFailure, openTestStore } from '../../fixtures/registry/testStore';
import { removeScratch, requireRoot, scratchDir } from '../../fixtures/scratch';

/** `snapshotter` with its prepare replaced (to delay or fail the unpack of a streamed layer). */
function withPrepare(snapshotter: Snapshotter, prepare: Snapshotter['prepare']): Snapshotter {
  return new Proxy(snapshotter, { get: (target, key) => (key === 'prepare' ? prepare : Reflect.get(target, key, target) as unknown) });
}

describe('pullImage from a misbehaving registry', () => {
  let dir: string;
  let registry: MemoryRegistry;
  let parts: Awaited<ReturnType<typeof openTestStore>>;
  let image: SeededImage;
  let big: string; // the larger layer's digest
  let options: PullOptions;
  before(() => requireRoot());
  beforeEach(async () => {
    dir = scratchDir('hostile');
    registry = await MemoryRegistry.start();
    parts = await openTestStore(dir);
    image = seedImage(registry, 'app', buildImage((await randomImage(dir, 2)).layers), 'latest');
    big = image.layers[1]!.descriptor.digest;
    options = { store: parts, snapshotter: parts.snapshotter, retry: { attempts: 4, baseDelayMs: 1, maxDelayMs: 5 } };
  });
  afterEach(async () => {
    await registry.close();
    removeScratch(dir);
  });
  const ref = () => `${registry.host}/app`;

  it('fails on wrong bytes, naming the blob, and stores nothing broken', async () => {
    registry.hooks.push(corrupt(registry, big));
    await assert.rejects(pullImage(ref(), options), (err: Error) => {
      assert.ok(isDataLoss(err));
      assert.match(err.message, new RegExp(`layer 1 ${big}: the registry sent wrong bytes \\(content hashes to sha256:[0-9a-f]{64}, expected ${big}\\); nothing was stored`));
      return true;
    });
    await assertCleanAfterFailure(parts);
  });

  it('fails on wrong bytes in a layer being unpacked while it downloads, leaving no snapshot', async () => {
    const first = image.layers[0]!.descriptor.digest; // its parent is the empty stack: streamed
    registry.hooks.push(corrupt(registry, first));
    await assert.rejects(pullImage(ref(), options), (err: Error) => isDataLoss(err) && err.message.includes(`layer 0 ${first}: the registry sent wrong bytes`));
    assert.deepEqual((await parts.snapshotter.list()).filter((s) => s.kind === 'committed'), []);
    await assertCleanAfterFailure(parts);
  });

  it('resumes a body cut short with a Range request', async () => {
    registry.hooks.push(truncate(registry, big, 5000, 2));
    const events: ProgressEvent[] = [];
    const result = await pullImage(ref(), { ...options, onProgress: (e) => events.push(e) });
    assert.equal(events.filter((e) => e.id === big.slice(7, 19) && e.status === 'Retrying in 1 second').length, 2, 'Docker\'s retry line per resume');
    await validateImage(imageFromStore(parts.content, result.manifest));
    const ranges = registry.requestsTo(big).map((r) => r.headers.range);
    assert.deepEqual(ranges, [undefined, 'bytes=5000-', 'bytes=10000-']);
  });

  it('resumes from a registry that ignores Range, skipping what it already has', async () => {
    registry.hooks.push(truncate(registry, big, 7000, 1), ignoreRange(registry, big));
    const result = await pullImage(ref(), options);
    await validateImage(imageFromStore(parts.content, result.manifest));
    assert.equal(registry.requestsTo(big).length, 2);
  });

  it('gives up on a body that is always cut short, naming the blob', async () => {
    registry.hooks.push(truncate(registry, big, 100));
    await assert.rejects(pullImage(ref(), options), new RegExp(`layer 1 ${big}`));
    assert.equal(registry.requestsTo(big).length, 4, 'as many attempts as the policy allows');
    await assertCleanAfterFailure(parts);
  });

  it('retries 500s with backoff and succeeds when they pass', async () => {
    registry.hooks.push(failWith(registry, manifestGet('latest'), 500, 2), failWith(registry, blobGet(big), 503, 2));
    await pullImage(ref(), options);
    assert.equal(registry.requestsTo('/manifests/latest').length, 3);
  });

  it('fails with a temporary RegistryError when 500s persist, and stores nothing broken', async () => {
    registry.hooks.push(failWith(registry, blobGet(big), 500));
    await assert.rejects(pullImage(ref(), options), (err: Error) => {
      assert.ok(isRegistryError(err) && err.temporary() && err.status === 500);
      assert.match(err.message, new RegExp(`^pull ${registry.host}/app:latest: layer 1 ${big}: UNAVAILABLE: injected 500 \\(GET http://${registry.host}/v2/app/blobs/${big} → 500\\)$`));
      return true;
    });
    await assertCleanAfterFailure(parts);
  });

  it('does not retry what cannot pass (400)', async () => {
    registry.hooks.push(failWith(registry, blobGet(big), 400, Infinity, 'BLOB_UNKNOWN'));
    await assert.rejects(pullImage(ref(), options), /BLOB_UNKNOWN/);
    assert.equal(registry.requestsTo(big).length, 1);
    await assertCleanAfterFailure(parts);
  });

  it('rejects a Content-Length that contradicts the manifest before reading the body', async () => {
    registry.hooks.push(announceLength(registry, big, image.layers[1]!.descriptor.size + 100));
    await assert.rejects(pullImage(ref(), options), new RegExp(`announces ${image.layers[1]!.descriptor.size + 100} bytes, the manifest says ${image.layers[1]!.descriptor.size}`));
    await assertCleanAfterFailure(parts);
  });

  it('stops reading a blob that runs past its size', async () => {
    registry.hooks.push(oversize(registry, big, 1 << 20));
    await assert.rejects(pullImage(ref(), options), /more than the expected \d+ bytes/);
    await assertCleanAfterFailure(parts);
  });

  it('refuses a huge manifest without reading it all', async () => {
    const sent = { bytes: 0 };
    registry.hooks.push(endless(manifestGet('latest'), 256 << 20, sent));
    await assert.rejects(pullImage(ref(), options), /manifest: larger than 4194304 bytes; refusing to read it/);
    assert.ok(sent.bytes < 64 << 20, `the client stopped early (server wrote ${sent.bytes} bytes)`);
    await assertCleanAfterFailure(parts);
  });

  it('rejects a manifest that does not match the digest asked for', async () => {
    const other = Buffer.from(image.manifest.toString().replace('"schemaVersion": 2', '"schemaVersion":2'));
    registry.hooks.push(async (req, res) => {
      if (!manifestGet(image.digest)(req)) return false;
      res.writeHead(200, { 'content-type': image.mediaType }).end(other);
      return true;
    });
    await assert.rejects(pullImage(`${registry.host}/app@${image.digest}`, options), /the registry sent a manifest that hashes to sha256:[0-9a-f]+, not sha256:/);
    await assertCleanAfterFailure(parts);
  });

  it('stops at once when aborted, leaving nothing broken', async () => {
    const controller = new AbortController();
    registry.hooks.push(async (req) => {
      if (blobGet(big)(req)) controller.abort();
      return false;
    });
    await assert.rejects(pullImage(ref(), { ...options, signal: controller.signal }), (err: Error) => err.name === 'AbortError');
    await assertCleanAfterFailure(parts);
  });

  it('stops when aborted while a layer unpacked as it downloads is still being prepared', async () => {
    // the download of layer 0 fails before its unpack opens the stream it feeds: the unpack must
    // see that failure instead of waiting for bytes that will never come
    const controller = new AbortController();
    const first = image.layers[0]!.descriptor.digest;
    registry.hooks.push(async (req) => {
      if (blobGet(first)(req)) controller.abort();
      return false;
    });
    const snapshotter = withPrepare(parts.snapshotter, async (...args) => {
      if (!controller.signal.aborted) await once(controller.signal, 'abort');
      await sleep(100); // the aborted download has failed and dropped its feed by now
      return parts.snapshotter.prepare(...args);
    });
    await assert.rejects(pullImage(ref(), { ...options, snapshotter, signal: controller.signal }), (err: Error) => err.name === 'AbortError');
    await assertCleanAfterFailure(parts);
  });

  it('fails, without waiting on the download, when a big layer\'s unpack gives up before reading it', async () => {
    // prepare fails, so nothing reads the stream the download feeds; a layer bigger than what the
    // stream buffers would otherwise leave the download waiting for room forever
    const tree = join(dir, 'big-tree');
    mkdirSync(tree);
    writeFileSync(join(tree, 'blob.bin'), randomBytes(12 << 20));
    seedImage(registry, 'big', buildImage([await layerFromDir(tree)]), 'latest');
    const snapshotter = withPrepare(parts.snapshotter, async () => {
      throw new Error('injected: no room for a snapshot');
    });
    await assert.rejects(pullImage(`${registry.host}/big`, { ...options, snapshotter }), /injected: no room for a snapshot/);
    await assertCleanAfterFailure(parts);
  });
});
