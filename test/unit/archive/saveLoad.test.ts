import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadImages, type LoadedImage } from '../../../engine/src/archive/loadImages';
import { saveImages, type SavedImage } from '../../../engine/src/archive/saveImages';
import { computeChainIds } from '../../../engine/src/image/chainId';
import type { Descriptor } from '../../../engine/src/image/descriptor';
import { digestOf } from '../../../engine/src/image/digest';
import { hostPlatform } from '../../../engine/src/image/platform';
import { parseReference } from '../../../engine/src/image/reference';
import { validateImage } from '../../../engine/src/image/validateImage';
import { imageFromStore, writeImage } from '../../../engine/src/store/storeImage';
import { verifyStore } from '../../../engine/src/store/verify';
import { memoryImage, randomImage } from '../../fixtures/memoryImage';
import { openTestStore } from '../../fixtures/registry/testStore';
import { readAll, removeScratch, requireTool, scratchDir } from '../../fixtures/scratch';
import { archiveStream, archiveTar, legacyArchive } from './archiveFixtures';

type TestStore = Awaited<ReturnType<typeof openTestStore>>;

async function load(store: TestStore, bytes: Buffer): Promise<LoadedImage[]> {
  return loadImages(archiveStream(bytes), {
    content: store.content, snapshotter: store.snapshotter, leases: store.leases, platform: hostPlatform(),
    name: async (image) => {
      for (const n of image.names) await store.images.set(n.toString(), image.target);
    },
  });
}

function tarList(path: string): string[] {
  return execFileSync('tar', ['-tf', path], { encoding: 'utf8' }).trim().split('\n');
}

describe('saveImages / loadImages', () => {
  let dir: string;
  let source: TestStore;
  let target: TestStore;
  let app: Descriptor;
  beforeEach(async () => {
    dir = scratchDir('saveload');
    source = await openTestStore(join(dir, 'a'));
    target = await openTestStore(join(dir, 'b'));
    app = await writeImage(source.content, source.images, (await randomImage(dir, 2)).image, 'docker.io/library/app:1');
  });
  afterEach(() => removeScratch(dir));

  const saved = (d: Descriptor, names: string[]): SavedImage => ({ target: d, manifest: d, names: names.map(parseReference) });

  it("writes Docker 25+'s layout: OCI index + blobs and the legacy manifest.json and repositories", async () => {
    const bytes = await readAll(saveImages(source.content, [saved(app, ['app:1', 'app:stable'])]));
    const file = join(dir, 'app.tar');
    writeFileSync(file, bytes);
    const names = tarList(file);
    assert.deepEqual(names.filter((n) => !n.startsWith('blobs/sha256/') || n === 'blobs/sha256/'), ['blobs/', 'blobs/sha256/', 'index.json', 'manifest.json', 'oci-layout', 'repositories']);
    assert.ok(names.includes(`blobs/sha256/${app.digest.slice(7)}`));
    const index = JSON.parse(execFileSync('tar', ['-xOf', file, 'index.json'], { encoding: 'utf8' })) as { manifests: { digest: string; annotations: Record<string, string> }[] };
    assert.deepEqual(index.manifests.map((m) => [m.digest, m.annotations['io.containerd.image.name'], m.annotations['org.opencontainers.image.ref.name']]), [
      [app.digest, 'docker.io/library/app:1', '1'], [app.digest, 'docker.io/library/app:stable', 'stable'],
    ]);
    const legacy = JSON.parse(execFileSync('tar', ['-xOf', file, 'manifest.json'], { encoding: 'utf8' })) as { Config: string; RepoTags: string[]; Layers: string[] }[];
    assert.deepEqual(legacy[0]!.RepoTags, ['app:1', 'app:stable']);
    assert.equal(legacy[0]!.Layers.length, 2);
    for (const path of [legacy[0]!.Config, ...legacy[0]!.Layers]) assert.ok(names.includes(path), path);
    const repositories = JSON.parse(execFileSync('tar', ['-xOf', file, 'repositories'], { encoding: 'utf8' })) as Record<string, Record<string, string>>;
    assert.deepEqual(Object.keys(repositories.app!).sort(), ['1', 'stable']);
  });

  it('round-trips: same manifest digest, valid image, layers unpacked, store healthy, names restored', async () => {
    const bytes = await readAll(saveImages(source.content, [saved(app, ['app:1'])]));
    const loaded = await load(target, bytes);
    assert.equal(loaded.length, 1);
    assert.equal(loaded[0]!.target.digest, app.digest);
    assert.deepEqual(loaded[0]!.names.map(String), ['docker.io/library/app:1']);
    const image = imageFromStore(target.content, (await target.images.get('docker.io/library/app:1')).target);
    await validateImage(image);
    const chainIds = computeChainIds(await Promise.all((await image.layers()).map((l) => l.diffId())));
    assert.equal((await target.snapshotter.stat(chainIds[1]!)).kind, 'committed');
    assert.deepEqual(await verifyStore(target), []);
    // loading the same archive again changes nothing
    const blobs = (await target.content.listBlobs()).length;
    await load(target, gzipSync(bytes));
    assert.equal((await target.content.listBlobs()).length, blobs);
  });

  it('saves several images in one archive and restores every name', async () => {
    const other = await writeImage(source.content, source.images, memoryImage((await randomImage(dir, 1)).layers), 'localhost:5000/team/other:7');
    const bytes = await readAll(saveImages(source.content, [saved(app, ['app:1', 'app:2']), saved(other, ['localhost:5000/team/other:7'])]));
    const loaded = await load(target, bytes);
    assert.deepEqual(loaded.flatMap((l) => l.names.map((n) => n.familiar())).sort(), ['app:1', 'app:2', 'localhost:5000/team/other:7']);
    assert.deepEqual((await target.images.list()).map((r) => r.name).sort(), ['docker.io/library/app:1', 'docker.io/library/app:2', 'localhost:5000/team/other:7']);
  });

  it('loads the legacy layout (uncompressed layer.tar per folder, symlinked duplicates) under its RepoTags', async () => {
    const { layers } = await randomImage(dir, 2);
    const legacy = await legacyArchive(layers, ['legacy/app:3']);
    legacy.entries.push({ name: 'dup/', type: 'directory' }, { name: 'dup/layer.tar', type: 'symlink', linkname: '../layer0/layer.tar' });
    const manifest = legacy.entries.find((e) => e.name === 'manifest.json')!;
    const items = JSON.parse(String(manifest.content)) as { Layers: string[] }[];
    items[0]!.Layers[0] = 'dup/layer.tar';
    Object.assign(manifest, { content: JSON.stringify(items) });
    const loaded = await load(target, await archiveTar(legacy.entries));
    assert.deepEqual(loaded[0]!.names.map((n) => n.familiar()), ['legacy/app:3']);
    await validateImage(imageFromStore(target.content, loaded[0]!.target));
    assert.deepEqual(await verifyStore(target), []);
    const kept = new Set((await target.content.listBlobs()).map((b) => b.digest));
    assert.equal(kept.size, 4, 'manifest, config and two layers; VERSION files are not kept');
  });

  it("loads a containerd-style export: an index holding one platform of several and an incomplete attestation", async () => {
    const layers = (await randomImage(dir, 1)).layers;
    const image = memoryImage(layers);
    const manifest = Buffer.from(await image.rawManifest());
    const config = Buffer.from(await image.rawConfig());
    const attestation = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: digestOf('{}'), size: 2 },
      layers: [{ mediaType: 'application/vnd.in-toto+json', digest: digestOf('absent'), size: 6 }],
    }));
    const index = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: digestOf(manifest), size: manifest.length, platform: { os: 'linux', architecture: 'amd64' } },
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: digestOf('arm64 manifest'), size: 14, platform: { os: 'linux', architecture: 'arm64' } },
        { mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: digestOf(attestation), size: attestation.length, platform: { os: 'unknown', architecture: 'unknown' }, annotations: { 'vnd.docker.reference.type': 'attestation-manifest' } },
      ],
    }));
    const blob = (bytes: Buffer) => ({ name: `blobs/sha256/${digestOf(bytes).slice(7)}`, content: bytes });
    const top = { mediaType: 'application/vnd.oci.image.index.v1+json', digest: digestOf(index), size: index.length, annotations: { 'io.containerd.image.name': 'docker.io/library/multi:1', 'org.opencontainers.image.ref.name': '1' } };
    const tar = await archiveTar([
      blob(index), blob(manifest), blob(config), blob(attestation), ...layers.map((l) => blob(l.bytes)),
      { name: 'index.json', content: JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [top] }) },
      { name: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}' },
    ]);
    const loaded = await load(target, tar);
    assert.deepEqual(loaded.map((l) => [l.target.digest, l.names.map(String)]), [[digestOf(index), ['docker.io/library/multi:1']]]);
    assert.deepEqual(await verifyStore(target), [], 'the incomplete attestation manifest was not kept');
    await assert.rejects(target.content.info(digestOf(attestation)), /not found/);
  });

  it('interoperates with skopeo: it reads our archive as docker-archive and oci-archive, and we load what it writes', async function () {
    this.timeout(120_000);
    requireTool('skopeo', 'skopeo');
    const ours = join(dir, 'ours.tar');
    writeFileSync(ours, await readAll(saveImages(source.content, [saved(app, ['app:1'])])));
    const asOci = JSON.parse(execFileSync('skopeo', ['inspect', `oci-archive:${ours}`], { encoding: 'utf8' })) as { Digest: string; Layers: string[] };
    assert.equal(asOci.Digest, app.digest, 'the OCI side keeps the manifest byte for byte');
    const asDocker = JSON.parse(execFileSync('skopeo', ['inspect', `docker-archive:${ours}`], { encoding: 'utf8' })) as { Layers: string[] };
    assert.equal(asDocker.Layers.length, 2);
    // skopeo writes the legacy layout (with symlinks) and OCI archives; both load
    const layout = join(dir, 'layout');
    execFileSync('skopeo', ['copy', '-q', `docker-archive:${ours}`, `oci:${layout}:x`]);
    const theirs = join(dir, 'theirs.tar');
    execFileSync('skopeo', ['copy', '-q', `oci:${layout}:x`, `docker-archive:${theirs}:skopeo/made:1`]);
    const fromDocker = await load(target, readFileSync(theirs));
    assert.deepEqual(fromDocker[0]!.names.map((n) => n.familiar()), ['skopeo/made:1']);
    await validateImage(imageFromStore(target.content, fromDocker[0]!.target));
    const ociTar = join(dir, 'theirs-oci.tar');
    execFileSync('skopeo', ['copy', '-q', `oci:${layout}:x`, `oci-archive:${ociTar}:skopeo/oci:2`]);
    const fromOci = await load(target, readFileSync(ociTar));
    await validateImage(imageFromStore(target.content, fromOci[0]!.target));
    assert.deepEqual(await verifyStore(target), []);
  });
});
