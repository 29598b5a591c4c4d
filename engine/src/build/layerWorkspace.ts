// Where a build's steps write: each step that changes files gets a fresh active snapshot over the
// snapshots of the layers below (unpacked on demand: a fully cached build never touches them);
// what the step wrote becomes a layer blob through createLayer (overlayfs upper dir with its
// whiteouts, or a diff against the parent tree on the copy snapshotter) and the snapshot is
// committed under the layer's ChainID, ready to be the next step's parent. A step that fails or
// is cancelled removes its snapshot, so nothing half-written survives; a lease holds new blobs
// and snapshots until the build's image is named.
import { randomBytes } from 'node:crypto';
import { berthError, isAlreadyExists, isNotFound } from '../image/berthError';
import { chainIdOf, computeChainIds } from '../image/chainId';
import type { Descriptor } from '../image/descriptor';
import type { Digest } from '../image/digest';
import type { Image, Layer } from '../image/image';
import { openDecompressed } from '../layer/compression';
import { createLayer } from '../layer/createLayer';
import { applyTarget, unpackLayer } from '../snapshot/unpack';
import { unpackLabel, type Mount, type Snapshotter } from '../snapshot/snapshotter';
import { writeBlob } from '../store/blobs';
import type { ContentStore } from '../store/contentStore';
import type { Lease } from '../store/leases';
import type { LayerTarget } from './copyInto';
import { MergedView } from './mergedView';

export interface BuiltLayer {
  readonly descriptor: Descriptor;
  readonly diffId: Digest;
}

export interface NewLayer extends BuiltLayer {
  /** Bytes of the uncompressed tar. */
  readonly uncompressedSize: number;
}

/** A layer whose blob is in the content store (go-containerregistry's layout layer). */
/** An image's layers with their diff IDs, as a build step records them. */
export async function builtLayers(image: Image): Promise<BuiltLayer[]> {
  return Promise.all((await image.layers()).map(async (l) => ({ descriptor: l.descriptor, diffId: await l.diffId() })));
}

export function storedLayer(content: ContentStore, layer: BuiltLayer): Layer {
  return {
    descriptor: layer.descriptor,
    diffId: async () => layer.diffId,
    compressed: (signal) => content.openBlob(layer.descriptor.digest, signal),
    uncompressed: async (signal) => (await openDecompressed(await content.openBlob(layer.descriptor.digest, signal))).stream,
  };
}

export interface ReadOnlyTree {
  readonly view: MergedView;
  close(): Promise<void>;
}

/** The directories a read-only snapshot mount shows, top first. */
function mountDirs(mounts: readonly Mount[]): string[] {
  const m = mounts[0];
  if (mounts.length !== 1 || !m) throw berthError('internal', `expected one mount, got ${JSON.stringify(mounts)}`);
  if (m.type === 'bind') return [m.source];
  const lower = m.options.find((o) => o.startsWith('lowerdir='));
  if (m.type === 'overlay' && lower) return lower.slice('lowerdir='.length).split(':');
  throw berthError('internal', `cannot read a ${m.type} mount without mounting it`);
}

export interface NewLayerOptions {
  /** Clamp mtimes in the layer (SOURCE_DATE_EPOCH). */
  readonly sourceDateEpoch?: number;
  readonly signal?: AbortSignal;
}

export class LayerWorkspace {
  constructor(private readonly content: ContentStore, private readonly snapshotter: Snapshotter, private readonly lease: Lease | undefined) {}

  /** Unpacks the snapshots `layers` need (skipping those present); returns the top ChainID. */
  async materialize(layers: readonly BuiltLayer[], signal?: AbortSignal): Promise<Digest | undefined> {
    const chainIds = computeChainIds(layers.map((l) => l.diffId));
    for (const [i, layer] of layers.entries()) {
      await unpackLayer(this.snapshotter, {
        chainId: chainIds[i]!,
        ...(i > 0 ? { parent: chainIds[i - 1]! } : {}),
        diffId: layer.diffId,
        open: (s) => this.content.openBlob(layer.descriptor.digest, s),
      }, { ...(this.lease ? { lease: this.lease } : {}), ...(signal ? { signal } : {}) });
    }
    return chainIds.at(-1);
  }

  /** A read-only view of the filesystem `layers` make; close it when done. */
  async openTree(layers: readonly BuiltLayer[], signal?: AbortSignal): Promise<ReadOnlyTree> {
    const top = await this.materialize(layers, signal);
    if (top === undefined) {
      return { view: new MergedView([], true), close: async () => undefined };
    }
    const key = `build-view-${randomBytes(6).toString('hex')}`;
    this.lease?.addSnapshot(key);
    const mounts = await this.snapshotter.view(key, top, { labels: { [unpackLabel]: 'build' } });
    return {
      view: new MergedView(mountDirs(mounts), this.snapshotter.kind === 'overlay'),
      close: () => this.snapshotter.remove(key).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err))),
    };
  }

  /**
   * Gives `write` a fresh writable layer over `layers` (over nothing when `layers` is empty), then
   * turns what it wrote into a layer blob and a committed snapshot. `write` receives the target
   * and the snapshot's mounts (what a container would mount as its root).
   */
  async newLayer(layers: readonly BuiltLayer[], write: (target: LayerTarget, mounts: readonly Mount[]) => Promise<void>, options: NewLayerOptions = {}): Promise<NewLayer> {
    const parent = await this.materialize(layers, options.signal);
    const key = `build-${randomBytes(8).toString('hex')}`;
    this.lease?.addSnapshot(key);
    await this.snapshotter.prepare(key, parent, { labels: { [unpackLabel]: 'build' } });
    return this.layerFromSnapshot(key, layers, options, write);
  }

  /**
   * Turns active snapshot `key`, prepared over `layers` (by this workspace, or by the runtime for a
   * RUN), into a layer blob, and commits it under the layer's ChainID. `write`, when given, fills
   * it first. A failure removes the snapshot.
   */
  async layerFromSnapshot(key: string, layers: readonly BuiltLayer[], options: NewLayerOptions = {}, write?: (target: LayerTarget, mounts: readonly Mount[], below: MergedView) => Promise<void>): Promise<NewLayer> {
    const { signal } = options;
    const parent = computeChainIds(layers.map((l) => l.diffId)).at(-1);
    let base: ReadOnlyTree | undefined;
    try {
      const mounts = await this.snapshotter.mounts(key);
      const applied = applyTarget(mounts);
      const overlay = applied.whiteouts === 'overlay';
      let baseDir: string | undefined;
      if (!overlay && parent !== undefined) {
        // the copy snapshotter's active snapshot holds the whole tree: diff it against the parent's
        base = await this.openTree(layers, signal);
        baseDir = base.view.layers[0];
      }
      const below = overlay ? new MergedView(applied.lowerDirs, true) : new MergedView(baseDir === undefined ? [] : [baseDir], false);
      await write?.({ upper: applied.dir, lowers: applied.lowerDirs, whiteouts: applied.whiteouts }, mounts, below);
      signal?.throwIfAborted();
      const created = createLayer(applied.dir, {
        ...(overlay ? { overlayUpper: true } : {}),
        ...(baseDir !== undefined ? { base: baseDir } : {}),
        ...(options.sourceDateEpoch !== undefined ? { sourceDateEpoch: options.sourceDateEpoch } : {}),
        ...(signal ? { signal } : {}),
      });
      const blob = await writeBlob(this.content, `build-${key}`, created.stream);
      const done = await created.done;
      if (blob.digest !== done.digest) throw berthError('internal', `layer of ${key}: stored ${blob.digest} but created ${done.digest}`);
      this.lease?.addContent(done.digest);
      const chainId = chainIdOf(parent, done.diffId);
      try {
        await this.snapshotter.commit(chainId, key);
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
        await this.snapshotter.remove(key); // the same layer exists already (built before, or unpacked)
      }
      return { descriptor: { mediaType: done.mediaType, digest: done.digest, size: done.size }, diffId: done.diffId, uncompressedSize: done.uncompressedSize };
    } catch (err) {
      await this.snapshotter.remove(key).catch(() => undefined);
      throw err;
    } finally {
      await base?.close();
    }
  }
}
