// Against the real registry (docker-registry, distribution v2.8) on loopback, anonymous: berth
// push then skopeo pull, skopeo push then berth pull, and an index round trip, all agreeing on
// every digest; plus the catalog.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { digestOf } from '../../../engine/src/image/digest';
import { parseManifest } from '../../../engine/src/image/manifest';
import { mediaTypes } from '../../../engine/src/image/mediaTypes';
import { parsePlatform } from '../../../engine/src/image/platform';
import { validateImage } from '../../../engine/src/image/validateImage';
import { catalog } from '../../../engine/src/registry/catalog';
import { HttpTransport } from '../../../engine/src/registry/httpTransport';
import { pullImage } from '../../../engine/src/registry/pull';
import { pushImage } from '../../../engine/src/registry/push';
import { writeBlobBytes } from '../../../engine/src/store/blobs';
import { imageFromStore, writeImage } from '../../../engine/src/store/storeImage';
import { memoryImage, randomImage } from '../../fixtures/memoryImage';
import { startDockerRegistry, type DockerRegistry } from '../../fixtures/registry/dockerRegistry';
import { openTestStore } from '../../fixtures/registry/testStore';
import { removeScratch, requireRoot, requireTool, scratchDir } from '../../fixtures/scratch';

describe('docker-registry (anonymous) round trips', () => {
  let dir: string;
  let registry: DockerRegistry;
  let transport: HttpTransport;
  before(async () => {
    requireRoot();
    requireTool('skopeo', 'skopeo');
    dir = scratchDir('docker-registry');
    registry = await startDockerRegistry(join(dir, 'registry'));
    transport = new HttpTransport();
  });
  after(async () => {
    transport.close();
    await registry?.stop();
    removeScratch(dir);
  });
  const store = (name: string) => openTestStore(join(dir, name));
  const skopeo = (...args: string[]) => execFileSync('skopeo', args, { encoding: 'utf8' });

  it('berth push, then skopeo pull: same manifest, config and layer digests', async () => {
    const parts = await store('push-src');
    const { image } = await randomImage(dir, 3);
    const name = `${registry.host}/berth/pushed:1`;
    const d = await writeImage(parts.content, parts.images, image, name);
    const result = await pushImage(name, { store: parts, transport });
    assert.equal(result.descriptor.digest, d.digest);
    const raw = skopeo('inspect', '--raw', '--tls-verify=false', `docker://${name}`);
    assert.equal(digestOf(raw), d.digest, 'the registry serves our manifest bytes');
    skopeo('copy', '--quiet', '--src-tls-verify=false', '--preserve-digests', `docker://${name}`, `oci:${join(dir, 'skopeo-out')}:copy`);
    const layout = JSON.parse(readFileSync(join(dir, 'skopeo-out', 'index.json'), 'utf8')) as { manifests: { digest: string }[] };
    assert.equal(layout.manifests[0]!.digest, d.digest);
    const ours = parseManifest(await image.rawManifest());
    const theirs = parseManifest(readFileSync(join(dir, 'skopeo-out', 'blobs', 'sha256', d.digest.slice(7))));
    assert.deepEqual(theirs.layers.map((l) => l.digest), ours.layers.map((l) => l.digest));
    assert.equal(theirs.config.digest, ours.config.digest);
  });

  it('skopeo push, then berth pull (unpacked): same digests, valid image', async () => {
    const src = await store('skopeo-src');
    const { image } = await randomImage(dir, 2);
    const d = await writeImage(src.content, src.images, image, 'src');
    const name = `${registry.host}/skopeo/pushed:2`;
    skopeo('copy', '--quiet', '--dest-tls-verify=false', '--preserve-digests', `oci:${src.content.root}:src`, `docker://${name}`);
    const parts = await store('pull-dst');
    const result = await pullImage(name, { store: parts, snapshotter: parts.snapshotter, transport });
    assert.equal(result.descriptor.digest, d.digest);
    await validateImage(imageFromStore(parts.content, result.manifest));
    for (const chainId of result.chainIds) assert.equal((await parts.snapshotter.stat(chainId)).kind, 'committed');
  });

  it('pushes an index (platform images first) and pulls either platform from it', async () => {
    const parts = await store('index-src');
    const { layers } = await randomImage(dir, 2);
    const a = await writeImage(parts.content, undefined, memoryImage([layers[0]!]));
    const b = await writeImage(parts.content, undefined, memoryImage([layers[1]!], { architecture: 'arm64' }));
    const index = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: mediaTypes.ociIndex, manifests: [
      { ...a, platform: { architecture: 'amd64', os: 'linux' } }, { ...b, platform: { architecture: 'arm64', os: 'linux' } }] }));
    await writeBlobBytes(parts.content, 'index', index);
    const name = `${registry.host}/berth/multi:1`;
    await parts.images.set(name, { mediaType: mediaTypes.ociIndex, digest: digestOf(index), size: index.length });
    await pushImage(name, { store: parts, transport });
    assert.equal(digestOf(skopeo('inspect', '--raw', '--tls-verify=false', `docker://${name}`)), digestOf(index));
    const dst = await store('index-dst');
    const arm = await pullImage(name, { store: dst, platform: parsePlatform('linux/arm64'), transport });
    assert.equal(arm.descriptor.digest, digestOf(index));
    assert.equal(arm.manifest.digest, b.digest);
    const amd = await pullImage(name, { store: dst, platform: parsePlatform('linux/amd64'), transport });
    assert.equal(amd.manifest.digest, a.digest);
  });

  it('lists the repositories', async () => {
    const repos = await catalog(registry.host, { transport });
    for (const r of ['berth/pushed', 'skopeo/pushed', 'berth/multi']) assert.ok(repos.includes(r), r);
  });

  it('names the image when it is not there', async () => {
    const parts = await store('missing');
    await assert.rejects(pullImage(`${registry.host}/berth/pushed:nope`, { store: parts, transport }), /^RegistryError: pull 127\.0\.0\.1:\d+\/berth\/pushed:nope: manifest: MANIFEST_UNKNOWN: manifest unknown/);
  });
});
