// Where a container's changes live, from its snapshot's mounts: an overlay snapshot's upper
// directory (with the image's layers as lowers), or, for the copy snapshotter, the container's whole
// tree to be compared with the image's (a view of the parent snapshot, which reads it in place).
import { randomBytes } from 'node:crypto';
import { berthError } from '../image/berthError';
import type { ContainerRecord } from '../runtime/containerRecord';
import { unpackLabel, type Mount, type Snapshotter } from '../snapshot/snapshotter';

export type DiffSource =
  /** Only changes are here, in overlayfs form (whiteout devices, opaque xattrs); lowers top first. */
  | { readonly kind: 'upper'; readonly upper: string; readonly lowers: readonly string[] }
  /** The whole tree; changes are what differs from `base` (absent: everything is new). */
  | { readonly kind: 'tree'; readonly root: string; readonly base?: string };

function option(m: Mount, key: string): string | undefined {
  const found = m.options.find((o) => o.startsWith(`${key}=`));
  return found?.slice(key.length + 1);
}

export async function withDiffSource<T>(snapshotter: Snapshotter, record: Pick<ContainerRecord, 'id' | 'snapshotKey' | 'image'>, use: (source: DiffSource) => Promise<T>): Promise<T> {
  const [m] = await snapshotter.mounts(record.snapshotKey);
  if (!m) throw berthError('internal', `container ${record.id}: its snapshot has no mounts`);
  if (m.type === 'overlay') {
    const upper = option(m, 'upperdir');
    if (upper === undefined) throw berthError('internal', `container ${record.id}: its overlay snapshot has no upper directory`);
    return use({ kind: 'upper', upper, lowers: (option(m, 'lowerdir') ?? '').split(':').filter((l) => l !== '') });
  }
  // a bind: the overlay snapshotter's first layer (no parent), or the copy snapshotter's full copy
  if (snapshotter.kind !== 'copy' || record.image.chainId === undefined) return use({ kind: 'upper', upper: m.source, lowers: [] });
  const key = `diff-${record.id}-${randomBytes(4).toString('hex')}`;
  // labelled as temporary: one a crash leaves behind is GC's to remove
  const [view] = await snapshotter.view(key, record.image.chainId, { labels: { [unpackLabel]: key } });
  try {
    return await use({ kind: 'tree', root: m.source, ...(view ? { base: view.source } : {}) });
  } finally {
    await snapshotter.remove(key);
  }
}
