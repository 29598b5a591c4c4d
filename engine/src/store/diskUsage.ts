// `berth system df`: what the store holds and what GC could reclaim.
import { markLive, contentNode, snapshotNode } from './gc';
import type { StoreParts } from './storeParts';

export interface DiskUsage {
  readonly blobs: { readonly count: number; readonly bytes: number; readonly reclaimableBytes: number };
  readonly ingests: { readonly count: number; readonly bytes: number };
  readonly snapshots: readonly { readonly snapshotter: string; readonly count: number; readonly bytes: number; readonly reclaimableBytes: number }[];
}

export async function diskUsage(parts: StoreParts): Promise<DiskUsage> {
  const live = await markLive(parts);
  const blobs = await parts.content.listBlobs();
  const ingests = await parts.content.listIngests();
  const snapshots = [];
  for (const s of parts.snapshotters) {
    let bytes = 0;
    let reclaimableBytes = 0;
    const infos = await s.list();
    for (const info of infos) {
      const size = (await s.usage(info.name)).size;
      bytes += size;
      if (!live.has(snapshotNode(s.kind, info.name))) reclaimableBytes += size;
    }
    snapshots.push({ snapshotter: s.kind, count: infos.length, bytes, reclaimableBytes });
  }
  return {
    blobs: {
      count: blobs.length,
      bytes: blobs.reduce((n, b) => n + b.size, 0),
      reclaimableBytes: blobs.filter((b) => !live.has(contentNode(b.digest))).reduce((n, b) => n + b.size, 0),
    },
    ingests: { count: ingests.length, bytes: ingests.reduce((n, i) => n + i.offset, 0) },
    snapshots,
  };
}
