// Which images an archive holds and under which names. The OCI index.json is preferred (its
// manifests are kept byte for byte, so digests survive the round trip); Docker's legacy
// manifest.json is the fallback (older docker save output, skopeo's docker-archive), from which a
// manifest is written. Names come from io.containerd.image.name, a full ref.name, and RepoTags.
import { berthError } from '../image/berthError';
import { refNameAnnotation, type Descriptor } from '../image/descriptor';
import { digestOf, type Digest } from '../image/digest';
import { parseImageConfig } from '../image/imageConfig';
import { parseIndexManifest, parseManifest } from '../image/manifest';
import { isIndexMediaType, isManifestMediaType, mediaTypes, ociLayerMediaType } from '../image/mediaTypes';
import { parseReference, referenceError, type Reference } from '../image/reference';
import { detectCompression } from '../layer/compression';
import { readBlob, writeBlobBytes } from '../store/blobs';
import type { ContentStore, Provider } from '../store/contentStore';
import type { Lease } from '../store/leases';
import { blobPath, imageNameAnnotation, indexFile, manifestFile, type ManifestItem } from './archiveLayout';
import type { ArchiveEntries } from './archiveEntries';
import { isImageManifest } from './platformManifest';

export interface ArchiveImage {
  readonly target: Descriptor;
  readonly names: Reference[];
}

export interface ArchiveImages {
  readonly images: ArchiveImage[];
  /** Every blob the images need: what must survive the load. */
  readonly reachable: Set<Digest>;
  /** Blobs written while resolving (manifests made for legacy entries). */
  readonly added: Set<Digest>;
}

function nameOf(text: string | undefined): Reference | undefined {
  return text !== undefined && referenceError(text) === undefined ? parseReference(text) : undefined;
}

/** The blob a descriptor names, present with the right size, or why not. */
function missing(entries: ArchiveEntries, d: Descriptor): string | undefined {
  const file = entries.files.get(blobPath(d.digest));
  if (!file) return `${blobPath(d.digest)} is not in the archive`;
  if (file.size !== d.size) return `${blobPath(d.digest)} has ${file.size} bytes, its descriptor says ${d.size}`;
  return undefined;
}

/** Marks a manifest's blobs reachable; returns its config digest, or why it is incomplete. */
async function checkManifest(content: Provider, entries: ArchiveEntries, d: Descriptor, reachable: Set<Digest>): Promise<Digest | string> {
  const problem = missing(entries, d);
  if (problem) return problem;
  const manifest = parseManifest(await readBlob(content, d.digest), `manifest ${d.digest}`, d.mediaType);
  for (const child of [manifest.config, ...manifest.layers]) {
    const why = missing(entries, child);
    if (why) return why;
    reachable.add(child.digest);
  }
  reachable.add(d.digest);
  return manifest.config.digest;
}

async function fromIndex(content: Provider, entries: ArchiveEntries, reachable: Set<Digest>): Promise<{ images: ArchiveImage[]; configs: Map<Digest, ArchiveImage> } | string> {
  const index = parseIndexManifest(entries.metadata.get(indexFile)!, indexFile, mediaTypes.ociIndex);
  const byDigest = new Map<Digest, ArchiveImage>();
  const configs = new Map<Digest, ArchiveImage>();
  for (const d of index.manifests) {
    const image = byDigest.get(d.digest) ?? { target: { mediaType: d.mediaType, digest: d.digest, size: d.size }, names: [] };
    if (isManifestMediaType(d.mediaType)) {
      const config = await checkManifest(content, entries, d, reachable);
      if (!config.startsWith('sha256:')) return config;
      configs.set(config as Digest, image);
    } else if (isIndexMediaType(d.mediaType)) {
      const why = missing(entries, d);
      if (why) return why;
      reachable.add(d.digest);
      const children = parseIndexManifest(await readBlob(content, d.digest), `index ${d.digest}`, d.mediaType).manifests;
      // an exported index may hold one platform of many; attestations and absent platforms are left out
      let complete = 0;
      for (const child of children.filter((c) => isImageManifest(c) && entries.files.has(blobPath(c.digest)))) {
        const config = await checkManifest(content, entries, child, reachable);
        if (!config.startsWith('sha256:')) continue;
        configs.set(config as Digest, image);
        complete++;
      }
      if (complete === 0) return `index ${d.digest}: none of its image manifests is complete in the archive`;
    } else continue; // artifacts and other documents are not images
    const refName = d.annotations?.[refNameAnnotation];
    for (const name of [nameOf(d.annotations?.[imageNameAnnotation]), refName !== undefined && /[:/@]/.test(refName) ? nameOf(refName) : undefined]) {
      if (name && !image.names.some((n) => n.toString() === name.toString())) image.names.push(name);
    }
    byDigest.set(d.digest, image);
  }
  return { images: [...byDigest.values()], configs };
}

function readManifestItems(bytes: Buffer): ManifestItem[] {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw berthError('invalid-argument', `${manifestFile}: not valid JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(value)) throw berthError('invalid-argument', `${manifestFile}: expected a JSON array`);
  return value.map((item: unknown, i) => {
    const obj = item as Partial<ManifestItem> | null;
    const strings = (v: unknown) => Array.isArray(v) && v.every((s) => typeof s === 'string');
    if (typeof obj !== 'object' || obj === null || typeof obj.Config !== 'string' || !strings(obj.Layers) || !(obj.RepoTags == null || strings(obj.RepoTags))) {
      throw berthError('invalid-argument', `${manifestFile}[${i}]: expected {"Config": string, "Layers": [string], "RepoTags": [string]}`);
    }
    return obj as ManifestItem;
  });
}

/** Writes an OCI manifest for a legacy manifest.json item. */
async function fromLegacyItem(content: ContentStore, entries: ArchiveEntries, item: ManifestItem, i: number, lease: Lease, added: Set<Digest>, reachable: Set<Digest>): Promise<ArchiveImage> {
  const where = `${manifestFile}[${i}]`;
  const config = entries.lookup(item.Config, `${where}: Config`);
  parseImageConfig(await readBlob(content, config.digest), `${where}: config ${item.Config}`);
  const layers = [];
  for (const path of item.Layers) {
    const file = entries.lookup(path, `${where}: Layers`);
    const head = await content.openBlob(file.digest);
    const first = (await head[Symbol.asyncIterator]().next()).value as Buffer | undefined;
    head.destroy();
    layers.push({ mediaType: ociLayerMediaType(detectCompression(first ?? Buffer.alloc(0))), digest: file.digest, size: file.size });
    reachable.add(file.digest);
  }
  const bytes = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: mediaTypes.ociManifest,
    config: { mediaType: mediaTypes.ociConfig, digest: config.digest, size: config.size }, layers,
  }));
  const existed = await content.info(digestOf(bytes)).then(() => true, () => false);
  const info = await writeBlobBytes(content, `load-manifest-${i}`, bytes);
  if (!existed) added.add(info.digest);
  lease.addContent(info.digest);
  reachable.add(config.digest).add(info.digest);
  const names = (item.RepoTags ?? []).map((t) => nameOf(t)).filter((n): n is Reference => n !== undefined);
  return { target: { mediaType: mediaTypes.ociManifest, digest: info.digest, size: info.size }, names };
}

export async function resolveArchiveImages(content: ContentStore, entries: ArchiveEntries, lease: Lease): Promise<ArchiveImages> {
  const reachable = new Set<Digest>();
  const added = new Set<Digest>();
  const legacyBytes = entries.metadata.get(manifestFile);
  const legacy = legacyBytes === undefined ? undefined : readManifestItems(legacyBytes);
  if (entries.metadata.has(indexFile)) {
    const found = await fromIndex(content, entries, reachable);
    if (typeof found !== 'string') {
      // legacy RepoTags name the index entry with the same config (older writers put names only there)
      for (const item of legacy ?? []) {
        const config = entries.files.get(item.Config);
        const image = config && found.configs.get(config.digest);
        for (const name of (item.RepoTags ?? []).map((t) => nameOf(t))) {
          if (image && name && !image.names.some((n) => n.toString() === name.toString())) image.names.push(name);
        }
      }
      if (found.images.length > 0) return { images: found.images, reachable, added };
    } else if (legacy === undefined) {
      throw berthError('invalid-argument', `${indexFile}: ${found}`);
    }
    reachable.clear();
  }
  if (legacy === undefined) throw berthError('invalid-argument', 'not an image archive: it has neither manifest.json nor index.json (expected docker save or OCI layout output)');
  const images: ArchiveImage[] = [];
  for (const [i, item] of legacy.entries()) images.push(await fromLegacyItem(content, entries, item, i, lease, added, reachable));
  if (images.length === 0) throw berthError('invalid-argument', `${manifestFile} lists no images`);
  return { images, reachable, added };
}
