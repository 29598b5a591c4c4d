// Pull (containerd's client/pull.go, as a short chain of named steps): resolve the reference to
// a manifest, pick the platform's manifest out of an index, fetch the config and then the layers
// in parallel into the content store, each verified while it streams, and unpack them into their
// ChainID snapshots (pullLayers.ts); store the manifests and record the name last. A lease
// holds everything fetched until the name exists, so a concurrent GC leaves it alone; a pull that
// fails or is killed leaves only unnamed blobs and ingests, which GC removes.
import { berthError } from '../image/berthError';
import type { Descriptor } from '../image/descriptor';
import type { Digest } from '../image/digest';
import { parseIndexManifest, parseManifest } from '../image/manifest';
import { isIndexMediaType } from '../image/mediaTypes';
import { hostPlatform, type Platform } from '../image/platform';
import { parseReference, type Reference } from '../image/reference';
import { selectManifest } from '../image/selectManifest';
import type { Snapshotter } from '../snapshot/snapshotter';
import { writeBlobBytes } from '../store/blobs';
import type { Ingester, Provider } from '../store/contentStore';
import type { ImageStore } from '../store/imageStore';
import type { Lease, Leases } from '../store/leases';
import { fetchManifest, type FetchedManifest } from './manifests';
import type { ProgressListener } from './progress';
import { pullLayers } from './pullLayers';
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
  // the first failure stops every other transfer, and is the one reported
  const failFast = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, failFast.signal]) : failFast.signal;
  let firstFailure: unknown;
  const fail = (err: unknown) => {
    if (!failFast.signal.aborted) firstFailure ??= err;
    failFast.abort();
  };
  const emit = options.onProgress ?? (() => undefined);
  const ctx: PullContext = { ref, client, options, action: `pull ${ref.familiar()}`, lease, signal, emit };
  try {
    emit({ status: `Pulling from ${ref.path}`, id: ref.digest ?? ref.tag ?? 'latest' });
    const top = await fetchManifest(client, ref.path, ref.version, `${ctx.action}: manifest`, signal);
    const image = await platformManifest(ctx, top);
    const manifest = parseManifest(image.bytes, `${ctx.action}: manifest ${image.descriptor.digest}`, image.descriptor.mediaType);
    const chainIds = await pullLayers({
      client, repo: ref.path, action: ctx.action, content: options.store.content, snapshotter: options.snapshotter, lease, emit,
      concurrency: options.concurrency ?? 3, signal, fail,
    }, manifest).catch((err: unknown) => {
      throw options.signal?.aborted ? options.signal.reason ?? err : firstFailure ?? err;
    });
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
