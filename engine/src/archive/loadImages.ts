// `docker load`: an untrusted archive becomes images in the store. Everything is checked before
// any name is set: blobs hash to their names and sizes, manifests and configs parse, layers are
// unpacked (which verifies every diffId). Only then are the images named; on any failure the blobs
// and snapshots this load added are removed again, so nothing half-loaded stays behind.
import type { Readable } from 'node:stream';
import { berthError } from '../image/berthError';
import { computeChainIds } from '../image/chainId';
import type { Descriptor } from '../image/descriptor';
import type { Digest } from '../image/digest';
import type { Platform } from '../image/platform';
import type { Reference } from '../image/reference';
import type { ContentStore } from '../store/contentStore';
import type { Leases } from '../store/leases';
import { imageFromStore } from '../store/storeImage';
import type { Snapshotter } from '../snapshot/snapshotter';
import { unpackImage } from '../snapshot/unpack';
import { readArchiveEntries } from './archiveEntries';
import { resolveArchiveImages } from './archiveImages';
import { platformManifest } from './platformManifest';

export interface LoadedImage {
  readonly target: Descriptor;
  readonly names: readonly Reference[];
}

export interface LoadOptions {
  readonly content: ContentStore;
  readonly snapshotter: Snapshotter;
  readonly leases: Leases;
  readonly platform: Platform;
  /** Names a loaded image (called once all images in the archive are whole). */
  readonly name: (image: LoadedImage) => Promise<void>;
  readonly onLayer?: (diffId: Digest) => void;
  readonly signal?: AbortSignal;
}

async function snapshotExists(snapshotter: Snapshotter, name: string): Promise<boolean> {
  return snapshotter.stat(name).then(() => true, () => false);
}

export async function loadImages(archive: Readable, options: LoadOptions): Promise<LoadedImage[]> {
  const { content, snapshotter, leases } = options;
  const lease = leases.acquire();
  const createdSnapshots: Digest[] = [];
  const added = new Set<Digest>();
  let keep = new Set<Digest>();
  try {
    const entries = await readArchiveEntries(content, archive, { lease, added, ...(options.signal ? { signal: options.signal } : {}) });
    const resolved = await resolveArchiveImages(content, entries, lease);
    for (const digest of resolved.added) added.add(digest);
    for (const image of resolved.images) {
      const manifest = await platformManifest(content, image.target, options.platform);
      const img = imageFromStore(content, manifest);
      const config = await img.config();
      if (config.rootfs.diff_ids.length !== (await img.manifest()).layers.length) {
        throw berthError('invalid-argument', `image ${image.target.digest}: its manifest lists ${(await img.manifest()).layers.length} layers, its config ${config.rootfs.diff_ids.length} diff_ids`);
      }
      for (const chainId of computeChainIds(config.rootfs.diff_ids)) {
        lease.addSnapshot(chainId);
        if (!(await snapshotExists(snapshotter, chainId))) createdSnapshots.push(chainId);
      }
      for (const d of config.rootfs.diff_ids) options.onLayer?.(d);
      await unpackImage(snapshotter, img, { lease, ...(options.signal ? { signal: options.signal } : {}) });
    }
    for (const image of resolved.images) await options.name(image);
    keep = resolved.reachable;
    return resolved.images;
  } catch (err) {
    lease.release();
    // newest first: a snapshot's children go before it
    for (const chainId of createdSnapshots.reverse()) {
      if (!leases.holdsSnapshot(chainId)) await snapshotter.remove(chainId).catch(() => undefined);
    }
    throw err;
  } finally {
    lease.release();
    for (const digest of added) {
      if (keep.has(digest) || leases.holdsContent(digest)) continue;
      await content.deleteBlob(digest).catch(() => undefined);
    }
  }
}
