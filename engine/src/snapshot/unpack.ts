// Unpacking (containerd's core/unpack): each layer of an image is applied into its own snapshot,
// committed under its ChainID, skipped when that ChainID is already there. A failed apply removes
// its active snapshot, so nothing half-applied survives.
import { randomBytes } from 'node:crypto';
import { berthError, isAlreadyExists, isNotFound } from '../image/berthError';
import { computeChainIds } from '../image/chainId';
import type { Digest } from '../image/digest';
import type { Image, Opener } from '../image/image';
import { applyLayer, type ApplyResult } from '../layer/applyLayer';
import type { Lease } from '../store/leases';
import type { WhiteoutMode } from '../layer/whiteout';
import { unpackLabel, type Mount, type Snapshotter } from './snapshotter';

/** Where a layer is written for a set of mounts, and how its whiteouts are represented there. */
export interface ApplyTarget {
  readonly dir: string;
  readonly whiteouts: WhiteoutMode;
  readonly lowerDirs: readonly string[];
}

export function applyTarget(mounts: readonly Mount[]): ApplyTarget {
  const m = mounts.length === 1 ? mounts[0]! : undefined;
  if (m?.type === 'bind' && !m.options.includes('ro')) return { dir: m.source, whiteouts: 'remove', lowerDirs: [] };
  if (m?.type === 'overlay') {
    const option = (name: string) => m.options.find((o) => o.startsWith(`${name}=`))?.slice(name.length + 1);
    const upper = option('upperdir');
    if (upper !== undefined) return { dir: upper, whiteouts: 'overlay', lowerDirs: option('lowerdir')?.split(':') ?? [] };
  }
  throw berthError('invalid-argument', `cannot apply a layer to mounts ${JSON.stringify(mounts)}: expected one writable bind or overlay mount`);
}

export interface LayerToUnpack {
  readonly chainId: Digest;
  readonly parent?: Digest;
  readonly diffId: Digest;
  readonly open: Opener;
}

export interface UnpackOptions {
  readonly signal?: AbortSignal;
  /** Holds the temporary snapshot while it is filled, so a concurrent GC leaves it alone. */
  readonly lease?: Lease;
}

/** Applies one layer into snapshot `chainId` unless it is there already (then returns undefined). */
export async function unpackLayer(snapshotter: Snapshotter, layer: LayerToUnpack, options: UnpackOptions = {}): Promise<ApplyResult | undefined> {
  const { signal } = options;
  if (await exists(snapshotter, layer.chainId)) return undefined;
  const key = `extract-${randomBytes(6).toString('hex')}-${layer.chainId}`;
  options.lease?.addSnapshot(key);
  const mounts = await snapshotter.prepare(key, layer.parent, { labels: { [unpackLabel]: layer.chainId } });
  try {
    const target = applyTarget(mounts);
    const result = await applyLayer(target.dir, await layer.open(signal), { whiteouts: target.whiteouts, lowerDirs: target.lowerDirs, expectedDiffId: layer.diffId, durable: true, ...(signal ? { signal } : {}) });
    try {
      await snapshotter.commit(layer.chainId, key);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      await snapshotter.remove(key); // another unpack of the same layer won the race: share its snapshot
    }
    return result;
  } catch (err) {
    await snapshotter.remove(key).catch(() => undefined);
    throw err;
  }
}

async function exists(snapshotter: Snapshotter, name: string): Promise<boolean> {
  try {
    return (await snapshotter.stat(name)).kind === 'committed';
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** Unpacks every layer of `image`; returns the ChainIDs, the last one being the image's top snapshot. */
export async function unpackImage(snapshotter: Snapshotter, image: Image, options: UnpackOptions = {}): Promise<Digest[]> {
  const layers = await image.layers();
  const diffIds = await Promise.all(layers.map((l) => l.diffId()));
  const chainIds = computeChainIds(diffIds);
  for (const [i, layer] of layers.entries()) {
    await unpackLayer(snapshotter, {
      chainId: chainIds[i]!,
      ...(i > 0 ? { parent: chainIds[i - 1]! } : {}),
      diffId: diffIds[i]!,
      open: (s) => layer.compressed(s),
    }, options);
  }
  return chainIds;
}
