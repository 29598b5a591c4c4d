// Pull (containerd's client/pull.go, as a short chain of named steps): resolve the reference to
// a manifest, pick the platform's manifest out of an index, fetch the config and the layers in
// parallel into the content store (each verified while it streams), unpack each layer into its
// ChainID snapshot as soon as it and its parent are there, and record the name last. A lease
// holds everything fetched until the name exists, so a concurrent GC leaves it alone; a pull that
// fails or is killed leaves only unnamed blobs and ingests, which GC removes.
import { PassThrough } from 'node:stream';
import { berthError } from '../image/berthError';
import { computeChainIds } from '../image/chainId';
import type { Descriptor } from '../image/descriptor';
import type { Digest } from '../image/digest';
import { parseImageConfig } from '../image/imageConfig';
import { parseIndexManifest, parseManifest, type Manifest } from '../image/manifest';
import { isIndexMediaType, isLayerMediaType, mediaTypes } from '../image/mediaTypes';
import { hostPlatform, type Platform } from '../image/platform';
import { parseReference, type Reference } from '../image/reference';
import { selectManifest } from '../image/selectManifest';
import { unpackLayer } from '../snapshot/unpack';
import type { Snapshotter } from '../snapshot/snapshotter';
import { readBlob, writeBlobBytes } from '../store/blobs';
import type { Ingester, Provider } from '../store/contentStore';
import type { ImageStore } from '../store/imageStore';
import type { Lease, Leases } from '../store/leases';
import { fetchBlob } from './blobFetch';
import { createLimiter } from './limiter';
import { fetchManifest, type FetchedManifest } from './manifests';
import { shortId, throttledProgress, type ProgressListener } from './progress';
import { RegistryClient, type RegistryOptions } from './registryClient';

export interface PullStore {
  readonly content: Ingester & Provider;
  readonly images: ImageStore;
  readonly leases?: Leases;
}

export interface PullOptions extends RegistryOptions {
  readonly store: PullStore;
  /** Unpack each layer into this snapshotter too (what `docker pull` does); content only without it. */
  readonly snapshotter?: Snapshotter;
  /** The platform to pick from an index; the host's by default. */
  readonly platform?: Platform;
  readonly onProgress?: ProgressListener;
  readonly signal?: AbortSignal;
  /** Blobs downloaded at once (Docker's max-concurrent-downloads, 3 by default). */
  readonly concurrency?: number;
}

export interface PullResult {
  /** The reference as pulled (normalised). */
  readonly reference: Reference;
  /** The name recorded in the image store: `name:tag`, or `name@digest` for a digest reference. */
  readonly name: string;
  /** What the name points at: the index when the registry served one, else the manifest. */
  readonly descriptor: Descriptor;
  /** The platform's image manifest. */
  readonly manifest: Descriptor;
  readonly config: Descriptor;
  /** The ChainID of every layer stack, top last (the snapshot a container starts from). */
  readonly chainIds: readonly Digest[];
  /** False when the name already pointed at this content ("Image is up to date"). */
  readonly updated: boolean;
}

interface PullContext {
  readonly ref: Reference;
  readonly client: RegistryClient;
  readonly options: PullOptions;
  readonly action: string;
  readonly lease: Lease | undefined;
  readonly signal: AbortSignal;
  readonly emit: ProgressListener;
}

export async function pullImage(reference: Reference | string, options: PullOptions): Promise<PullResult> {
  const ref = typeof reference === 'string' ? parseReference(reference) : reference;
  const client = await RegistryClient.open(ref.domain, options);
  const lease = options.store.leases?.acquire();
  const failFast = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, failFast.signal]) : failFast.signal;
  const emit = options.onProgress ?? (() => undefined);
  const ctx: PullContext = { ref, client, options, action: `pull ${ref.familiar()}`, lease, signal, emit };
  try {
    emit({ status: `Pulling from ${ref.path}`, id: ref.digest ?? ref.tag ?? 'latest' });
    const top = await fetchManifest(client, ref.path, ref.version, `${ctx.action}: manifest`, signal);
    const image = await platformManifest(ctx, top);
    const manifest = parseManifest(image.bytes, `${ctx.action}: manifest ${image.descriptor.digest}`, image.descriptor.mediaType);
    const chainIds = await fetchLayers(ctx, manifest, failFast);
    await storeManifest(ctx, image);
    if (top !== image) await storeManifest(ctx, top);
    const name = ref.digest !== undefined ? `${ref.name}@${ref.digest}` : `${ref.name}:${ref.tag ?? 'latest'}`;
    const before = await options.store.images.get(name).then((r) => r.target.digest, () => undefined);
    await options.store.images.set(name, top.descriptor);
    const updated = before !== top.descriptor.digest;
    emit({ status: `Digest: ${top.descriptor.digest}` });
    emit({ status: `Status: ${updated ? 'Downloaded newer image' : 'Image is up to date'} for ${ref.familiar()}` });
    return { reference: ref, name, descriptor: top.descriptor, manifest: image.descriptor, config: manifest.config, chainIds, updated };
  } finally {
    failFast.abort();
    lease?.release();
    if (!options.transport) client.transport.close();
  }
}

async function storeManifest(ctx: PullContext, m: FetchedManifest): Promise<void> {
  ctx.lease?.addContent(m.descriptor.digest);
  await writeBlobBytes(ctx.options.store.content, `manifest-${m.descriptor.digest}`, m.bytes);
}

/** Walks down indexes (a manifest list may nest) to the manifest for the wanted platform. */
async function platformManifest(ctx: PullContext, top: FetchedManifest): Promise<FetchedManifest> {
  const platform = ctx.options.platform ?? hostPlatform();
  let current = top;
  for (let depth = 0; isIndexMediaType(current.descriptor.mediaType); depth++) {
    if (depth >= 4) throw berthError('invalid-argument', `${ctx.action}: image indexes nested more than 4 deep`);
    const index = parseIndexManifest(current.bytes, `${ctx.action}: index ${current.descriptor.digest}`, current.descriptor.mediaType);
    const chosen = selectManifest(index, platform, ctx.action);
    const child = await fetchManifest(ctx.client, ctx.ref.path, chosen.digest, `${ctx.action}: manifest ${chosen.digest}`, ctx.signal);
    if (current !== top) await storeManifest(ctx, current);
    current = { descriptor: { ...child.descriptor, mediaType: chosen.mediaType }, bytes: child.bytes };
  }
  return current;
}

function checkManifest(ctx: PullContext, manifest: Manifest): void {
  const configType = manifest.config.mediaType;
  if (configType !== mediaTypes.ociConfig && configType !== mediaTypes.dockerConfig) {
    throw berthError('invalid-argument', `${ctx.action}: not a container image (its config has media type ${configType})`);
  }
  manifest.layers.forEach((l, i) => {
    if (!isLayerMediaType(l.mediaType)) throw berthError('invalid-argument', `${ctx.action}: layer ${i} (${l.digest}) has media type ${l.mediaType}, which is not an image layer`);
  });
}

/** Fetches config and layers in parallel; unpacks layers in order as they arrive. */
async function fetchLayers(ctx: PullContext, manifest: Manifest, failFast: AbortController): Promise<Digest[]> {
  checkManifest(ctx, manifest);
  const { store, snapshotter } = ctx.options;
  const limiter = createLimiter(ctx.options.concurrency ?? 3);
  const fetchOne = (d: Descriptor, what: string, progress: boolean) => {
    ctx.lease?.addContent(d.digest);
    const id = shortId(d.digest);
    return fetchBlob(ctx.client, ctx.ref.path, d, store.content, {
      action: `${ctx.action}: ${what} ${d.digest}`, signal: ctx.signal,
      ...(progress ? { onProgress: throttledProgress(ctx.emit, 'Downloading', id) } : {}),
    });
  };
  let firstFailure: unknown;
  const guard = <T>(p: Promise<T>): Promise<T> => {
    p.catch((err: unknown) => {
      if (!failFast.signal.aborted) firstFailure ??= err;
      failFast.abort(); // one failure stops the other transfers
    });
    return p;
  };
  const config = guard(fetchOne(manifest.config, 'config', false));
  const layers = manifest.layers.map((d, i) => {
    const id = shortId(d.digest);
    ctx.emit({ status: 'Pulling fs layer', id, progressDetail: {} });
    return guard(limiter.run(async () => {
      const fetched = await fetchOne(d, `layer ${i}`, true);
      if (fetched.existed) ctx.emit({ status: 'Already exists', id, progressDetail: {} });
      else {
        ctx.emit({ status: 'Verifying Checksum', id, progressDetail: {} });
        ctx.emit({ status: 'Download complete', id, progressDetail: {} });
      }
      return fetched;
    }, () => ctx.emit({ status: 'Waiting', id, progressDetail: {} })));
  });
  try {
    await config;
    const parsed = parseImageConfig(await readBlob(store.content, manifest.config.digest), `${ctx.action}: config ${manifest.config.digest}`);
    const diffIds = parsed.rootfs.diff_ids;
    if (diffIds.length !== manifest.layers.length) {
      throw berthError('invalid-argument', `${ctx.action}: the manifest lists ${manifest.layers.length} layers but the config has ${diffIds.length} diff_ids`);
    }
    const chainIds = computeChainIds(diffIds);
    for (const [i, d] of manifest.layers.entries()) {
      const fetched = await layers[i]!;
      if (snapshotter) await unpackOne(ctx, snapshotter, d, diffIds[i]!, chainIds[i]!, i > 0 ? chainIds[i - 1]! : undefined, fetched.existed);
      else if (!fetched.existed) ctx.emit({ status: 'Pull complete', id: shortId(d.digest), progressDetail: {} });
    }
    return chainIds;
  } catch (err) {
    if (!failFast.signal.aborted) firstFailure ??= err;
    failFast.abort();
    await Promise.allSettled([config, ...layers]);
    throw ctx.options.signal?.aborted ? ctx.options.signal.reason ?? err : firstFailure ?? err;
  }
}

async function unpackOne(ctx: PullContext, snapshotter: Snapshotter, d: Descriptor, diffId: Digest, chainId: Digest, parent: Digest | undefined, existed: boolean): Promise<void> {
  const id = shortId(d.digest);
  const progress = throttledProgress(ctx.emit, 'Extracting', id);
  const applied = await unpackLayer(snapshotter, {
    chainId, diffId, ...(parent ? { parent } : {}),
    open: async (signal) => {
      const blob = await ctx.options.store.content.openBlob(d.digest, signal);
      let read = 0;
      const counted = new PassThrough({ highWaterMark: 1 << 20 });
      blob.on('data', (chunk: Buffer) => progress((read += chunk.length), d.size));
      blob.on('error', (err) => counted.destroy(err));
      return blob.pipe(counted);
    },
  }, { signal: ctx.signal, ...(ctx.lease ? { lease: ctx.lease } : {}) });
  if (applied || !existed) ctx.emit({ status: 'Pull complete', id, progressDetail: {} });
}
