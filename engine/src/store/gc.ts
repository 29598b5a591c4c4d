// Garbage collection as a pure mark over a graph plus sweeps (containerd's pkg/gc): `mark` knows
// nothing about stores; `collectGarbage` supplies the roots (named images, leases, snapshots in
// use by containers) and the edges (manifest → config and layers, index → manifests, config →
// the ChainIDs of its layers, snapshot → parent), then deletes every blob and snapshot not reached,
// and every ingest no writer holds.
import { computeChainIds } from '../image/chainId';
import { isDigest, type Digest } from '../image/digest';
import { parseImageConfig } from '../image/imageConfig';
import { childDescriptors } from '../image/manifest';
import { isIndexMediaType, isManifestMediaType } from '../image/mediaTypes';
import { unpackLabel } from '../snapshot/snapshotter';
import { readBlob } from './blobs';
import type { StoreParts } from './storeParts';

/** Every node reachable from `roots` through `refs`. */
export async function mark(roots: Iterable<string>, refs: (node: string) => Promise<Iterable<string>>): Promise<Set<string>> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const node = queue.pop()!;
    if (seen.has(node)) continue;
    seen.add(node);
    for (const next of await refs(node)) if (!seen.has(next)) queue.push(next);
  }
  return seen;
}

export const contentNode = (digest: string): string => `content:${digest}`;
export const snapshotNode = (snapshotter: string, name: string): string => `snapshot:${snapshotter}:${name}`;

/** The live set: what is reachable from named images, leases, other owners' roots and containers' snapshots. */
export async function markLive(parts: StoreParts): Promise<Set<string>> {
  const mediaTypeOf = new Map<string, string>();
  const roots: string[] = [];
  for (const record of await parts.images.list()) {
    mediaTypeOf.set(record.target.digest, record.target.mediaType);
    roots.push(contentNode(record.target.digest));
  }
  roots.push(...parts.leases.contentRoots().map(contentNode));
  for (const digest of (await parts.roots?.()) ?? []) roots.push(contentNode(digest));
  for (const s of parts.snapshotters) {
    for (const info of await s.list()) {
      const inUse = info.kind !== 'committed' && info.labels[unpackLabel] === undefined;
      if (inUse || parts.leases.holdsSnapshot(info.name)) roots.push(snapshotNode(s.kind, info.name));
    }
  }
  const parents = new Map<string, string | undefined>();
  for (const s of parts.snapshotters) for (const info of await s.list()) parents.set(snapshotNode(s.kind, info.name), info.parent);

  return mark(roots, async (node) => {
    if (node.startsWith('snapshot:')) {
      const parent = parents.get(node);
      const kind = node.split(':')[1]!;
      return parent === undefined ? [] : [snapshotNode(kind, parent)];
    }
    const digest = node.slice('content:'.length);
    const mediaType = mediaTypeOf.get(digest);
    if (mediaType === undefined || !isDigest(digest)) return [];
    try {
      if (isIndexMediaType(mediaType) || isManifestMediaType(mediaType)) {
        const children = childDescriptors(mediaType, await readBlob(parts.content, digest as Digest), `blob ${digest}`);
        const out: string[] = [];
        for (const [i, child] of children.entries()) {
          // a manifest's first child is its config
          mediaTypeOf.set(child.digest, isManifestMediaType(mediaType) && i === 0 ? `config:${child.mediaType}` : child.mediaType);
          out.push(contentNode(child.digest));
        }
        return out;
      }
      if (mediaType.startsWith('config:')) {
        const config = parseImageConfig(await readBlob(parts.content, digest as Digest), `config ${digest}`);
        const chainIds = computeChainIds(config.rootfs.diff_ids);
        return parts.snapshotters.flatMap((s) => chainIds.map((c) => snapshotNode(s.kind, c)));
      }
    } catch {
      // missing or damaged content keeps nothing alive; verify reports it
    }
    return [];
  });
}

export interface GcReport {
  readonly removedBlobs: readonly Digest[];
  readonly removedSnapshots: readonly string[];
  readonly removedIngests: readonly string[];
  readonly reclaimedBytes: number;
}

export async function collectGarbage(parts: StoreParts): Promise<GcReport> {
  const live = await markLive(parts);
  const removedBlobs: Digest[] = [];
  let reclaimedBytes = 0;
  for (const blob of await parts.content.listBlobs()) {
    if (live.has(contentNode(blob.digest)) || parts.leases.holdsContent(blob.digest)) continue;
    await parts.content.deleteBlob(blob.digest);
    removedBlobs.push(blob.digest);
    reclaimedBytes += blob.size;
  }
  const removedIngests: string[] = [];
  for (const ingest of await parts.content.listIngests()) {
    if (parts.content.isWriting(ingest.ref)) continue;
    await parts.content.abortIngest(ingest.ref);
    removedIngests.push(ingest.ref);
    reclaimedBytes += ingest.offset;
  }
  const removedSnapshots: string[] = [];
  for (const s of parts.snapshotters) {
    const infos = await s.list();
    const depth = (name: string): number => {
      let d = 0;
      for (let p = infos.find((i) => i.name === name)?.parent; p !== undefined; p = infos.find((i) => i.name === p)?.parent) d++;
      return d;
    };
    const dead = infos.filter((i) => !live.has(snapshotNode(s.kind, i.name))).sort((a, b) => depth(b.name) - depth(a.name));
    for (const info of dead) {
      reclaimedBytes += (await s.usage(info.name)).size;
      await s.remove(info.name);
      removedSnapshots.push(`${s.kind}:${info.name}`);
    }
    for (const path of await s.store.removeLeftovers()) removedSnapshots.push(`${s.kind}:${path}`);
  }
  return { removedBlobs, removedSnapshots, removedIngests, reclaimedBytes };
}
