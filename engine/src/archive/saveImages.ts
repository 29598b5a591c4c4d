// `docker save`: images from the content store as one tar in the layout Docker 25+ writes: the
// OCI image layout (index.json naming each image with io.containerd.image.name, blobs/) plus the
// legacy manifest.json and repositories pointing at the same blobs, so both `docker load`
// generations, skopeo's docker-archive and oci-archive transports read it. Blobs are written
// as stored, so manifest digests survive a save/load round trip.
import { Readable } from 'node:stream';
import { berthError } from '../image/berthError';
import { refNameAnnotation, descriptorJson, type Descriptor } from '../image/descriptor';
import { digestHex, type Digest } from '../image/digest';
import { parseImageConfig } from '../image/imageConfig';
import { parseIndexManifest, parseManifest } from '../image/manifest';
import { isIndexMediaType, mediaTypes } from '../image/mediaTypes';
import type { Reference } from '../image/reference';
import { readBlob } from '../store/blobs';
import type { Provider } from '../store/contentStore';
import { blobPath, imageNameAnnotation, type ManifestItem } from './archiveLayout';
import { directoryHeader, endOfArchive, fileHeader, paddingAfter, smallFile } from './tarBlocks';

export interface SavedImage {
  /** What the names point at: a manifest, or an index. */
  readonly target: Descriptor;
  /** The manifest for the platform the legacy manifest.json describes. */
  readonly manifest: Descriptor;
  readonly names: readonly Reference[];
}

interface Plan {
  readonly blobs: Map<Digest, number>;
  readonly index: Record<string, unknown>[];
  readonly legacy: ManifestItem[];
  readonly repositories: Record<string, Record<string, string>>;
}

async function present(content: Provider, digest: Digest): Promise<boolean> {
  return content.info(digest).then(() => true, () => false);
}

/** Adds a manifest, its config and its layers to the plan; returns the config's diffIds. */
async function addManifest(content: Provider, d: Descriptor, blobs: Map<Digest, number>): Promise<{ config: Digest; layers: Digest[]; diffIds: readonly Digest[] }> {
  const manifest = parseManifest(await readBlob(content, d.digest), `manifest ${d.digest}`, d.mediaType);
  const config = parseImageConfig(await readBlob(content, manifest.config.digest), `config ${manifest.config.digest}`);
  blobs.set(d.digest, d.size);
  blobs.set(manifest.config.digest, manifest.config.size);
  for (const l of manifest.layers) {
    if (l.urls?.length && !(await present(content, l.digest))) continue; // foreign layers stay where their URLs say
    blobs.set(l.digest, l.size);
  }
  return { config: manifest.config.digest, layers: manifest.layers.map((l) => l.digest), diffIds: config.rootfs.diff_ids };
}

async function plan(content: Provider, images: readonly SavedImage[]): Promise<Plan> {
  const blobs = new Map<Digest, number>();
  const index: Record<string, unknown>[] = [];
  const legacy: ManifestItem[] = [];
  const repositories: Record<string, Record<string, string>> = {};
  for (const image of images) {
    let entry = image.manifest;
    if (isIndexMediaType(image.target.mediaType)) {
      const children = parseIndexManifest(await readBlob(content, image.target.digest), `index ${image.target.digest}`, image.target.mediaType).manifests;
      const all = (await Promise.all(children.map((c) => present(content, c.digest)))).every(Boolean);
      if (all) {
        blobs.set(image.target.digest, image.target.size);
        for (const child of children) if (!isIndexMediaType(child.mediaType)) await addManifest(content, child, blobs);
        entry = image.target;
      }
    }
    const saved = await addManifest(content, image.manifest, blobs);
    const plain = { mediaType: entry.mediaType, digest: entry.digest, size: entry.size };
    const tagged = image.names.filter((n) => n.tag !== undefined);
    if (image.names.length === 0) index.push(descriptorJson(plain));
    for (const name of image.names) {
      index.push(descriptorJson({ ...plain, annotations: { [imageNameAnnotation]: name.toString(), ...(name.tag === undefined ? {} : { [refNameAnnotation]: name.tag }) } }));
    }
    legacy.push({ Config: blobPath(saved.config), RepoTags: tagged.map((n) => n.familiar()), Layers: saved.layers.map(blobPath) });
    const top = saved.diffIds[saved.diffIds.length - 1];
    for (const name of tagged) {
      if (top === undefined) continue;
      (repositories[name.familiarName()] ??= {})[name.tag!] = digestHex(top);
    }
  }
  return { blobs, index, legacy, repositories };
}

async function* archiveChunks(content: Provider, images: readonly SavedImage[], signal?: AbortSignal): AsyncGenerator<Buffer> {
  const p = await plan(content, images);
  yield directoryHeader('blobs');
  yield directoryHeader('blobs/sha256');
  for (const digest of [...p.blobs.keys()].sort()) {
    signal?.throwIfAborted();
    const size = p.blobs.get(digest)!;
    yield fileHeader(blobPath(digest), size);
    let written = 0;
    for await (const chunk of (await content.openBlob(digest, signal)) as AsyncIterable<Buffer>) {
      written += chunk.length;
      if (written > size) break;
      yield chunk;
    }
    if (written !== size) throw berthError('data-loss', `save: blob ${digest} has ${written} bytes, its descriptor says ${size}; run berth system check`);
    yield paddingAfter(size);
  }
  const json = (value: unknown) => Buffer.from(JSON.stringify(value));
  yield* smallFile('index.json', json({ schemaVersion: 2, mediaType: mediaTypes.ociIndex, manifests: p.index }));
  yield* smallFile('manifest.json', json(p.legacy));
  yield* smallFile('oci-layout', json({ imageLayoutVersion: '1.0.0' }));
  if (Object.keys(p.repositories).length > 0) yield* smallFile('repositories', json(p.repositories));
  yield endOfArchive;
}

/** The archive as a stream; fails (destroying the stream) if a blob is missing or damaged. */
export function saveImages(content: Provider, images: readonly SavedImage[], signal?: AbortSignal): Readable {
  return Readable.from(archiveChunks(content, images, signal), { objectMode: false });
}
