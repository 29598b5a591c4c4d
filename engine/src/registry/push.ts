// Push: the registry as a sink for images read from the store (go-containerregistry's
// remote.Write over layout.Image). Blobs first, in parallel (HEAD to skip what is there, a mount
// from another repository of the same registry that holds it, else an upload), then the manifest
// exactly as stored, so its digest is the one pulled or built; for an index, every platform's
// image first and the index last.
import { Readable } from 'node:stream';
import { berthError, isNotFound } from '../image/berthError';
import type { Descriptor } from '../image/descriptor';
import type { Digest } from '../image/digest';
import type { Image, ImageIndex, Opener } from '../image/image';
import { childDescriptors } from '../image/manifest';
import { isIndexMediaType } from '../image/mediaTypes';
import { parseReference, type Reference } from '../image/reference';
import type { Provider } from '../store/contentStore';
import type { ImageStore } from '../store/imageStore';
import { imageFromStore, indexFromStore } from '../store/storeImage';
import { readBlob } from '../store/blobs';
import { uploadBlob } from './blobUpload';
import { createLimiter, type Limiter } from './limiter';
import { resolveManifest, putManifest } from './manifests';
import { retryingEvent, shortId, throttledProgress, type ProgressListener } from './progress';
import { RegistryClient, type RegistryOptions } from './registryClient';

export interface PushStore {
  readonly content: Provider;
  readonly images: ImageStore;
}

export interface PushOptions extends RegistryOptions {
  readonly store: PushStore;
  readonly onProgress?: ProgressListener;
  readonly signal?: AbortSignal;
  /** Blobs uploaded at once (Docker's max-concurrent-uploads, 5 by default). */
  readonly concurrency?: number;
  /** Blobs larger than this are sent in PATCH chunks of this size; default: one PUT per blob. */
  readonly chunkSize?: number;
}

export interface PushResult {
  readonly reference: Reference;
  /** What the tag now points at in the registry: the same digest as in the store. */
  readonly descriptor: Descriptor;
}

interface PushContext {
  readonly ref: Reference;
  readonly client: RegistryClient;
  readonly options: PushOptions;
  readonly action: string;
  readonly limiter: Limiter;
  readonly mountFrom: ReadonlyMap<string, readonly string[]>;
  readonly emit: ProgressListener;
}

export async function pushImage(reference: Reference | string, options: PushOptions): Promise<PushResult> {
  const ref = typeof reference === 'string' ? parseReference(reference) : reference;
  const action = `push ${ref.familiar()}`;
  const record = await options.store.images.get(ref.toString()).catch((err: unknown) => {
    throw isNotFound(err) ? berthError('not-found', `${action}: an image does not exist locally with the tag ${ref.familiar()}`, err) : err;
  });
  const client = await RegistryClient.open(ref.domain, options);
  const emit = options.onProgress ?? (() => undefined);
  const ctx: PushContext = { ref, client, options, action, limiter: createLimiter(options.concurrency ?? 5), mountFrom: await mountSources(options.store, ref), emit };
  try {
    emit({ status: `The push refers to repository [${ref.name}]` });
    const d = record.target;
    const version = ref.tag ?? d.digest;
    if (isIndexMediaType(d.mediaType)) await pushIndex(ctx, indexFromStore(options.store.content, d), d, version);
    else await pushOne(ctx, imageFromStore(options.store.content, d), d, version);
    if (ref.tag !== undefined) {
      emit({ status: `${ref.tag}: digest: ${d.digest} size: ${d.size}` });
      emit({ status: '', progressDetail: {}, aux: { Tag: ref.tag, Digest: d.digest, Size: d.size } });
    }
    return { reference: ref, descriptor: { mediaType: d.mediaType, digest: d.digest, size: d.size } };
  } finally {
    if (!options.transport) client.transport.close();
  }
}

async function pushOne(ctx: PushContext, image: Image, d: Descriptor, version: string): Promise<void> {
  const { ref, client, emit } = ctx;
  const manifest = await image.manifest();
  const layers = await image.layers();
  const diffIds = await Promise.all(layers.map((l) => l.diffId()));
  const upload = (blob: Descriptor, open: Opener, id?: string) =>
    uploadBlob(client, ref.path, blob, open, {
      action: `${ctx.action}: blob ${blob.digest}`, mountFrom: ctx.mountFrom.get(blob.digest) ?? [],
      ...(ctx.options.chunkSize ? { chunkSize: ctx.options.chunkSize } : {}),
      ...(id ? { onProgress: throttledProgress(emit, 'Pushing', id), onRetry: (_err: unknown, delay: number) => emit(retryingEvent(id, delay)) } : {}), signal: ctx.options.signal,
    });
  const jobs = layers.map((layer, i) => {
    const id = shortId(diffIds[i]!);
    emit({ status: 'Preparing', id, progressDetail: {} });
    return ctx.limiter.run(async () => {
      const outcome = await upload(layer.descriptor, (s) => layer.compressed(s), id);
      const status = outcome.kind === 'exists' ? 'Layer already exists' : outcome.kind === 'mounted' ? `Mounted from ${outcome.from}` : 'Pushed';
      emit({ status, id, progressDetail: {} });
    }, () => emit({ status: 'Waiting', id, progressDetail: {} }));
  });
  jobs.push(ctx.limiter.run(async () => void (await upload(manifest.config, async () => Readable.from([Buffer.from(await image.rawConfig())])))));
  const settled = await Promise.allSettled(jobs);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  await putManifest(client, ref.path, version, await image.rawManifest(), d.mediaType, `${ctx.action}: manifest ${d.digest}`, ctx.options.signal);
}

async function pushIndex(ctx: PushContext, index: ImageIndex, d: Descriptor, version: string): Promise<void> {
  for (const child of (await index.indexManifest()).manifests) {
    const local = await ctx.options.store.content.info(child.digest).then(() => true, (err: unknown) => (isNotFound(err) ? false : Promise.reject(err)));
    if (!local) {
      const remote = await resolveManifest(ctx.client, ctx.ref.path, child.digest, `${ctx.action}: manifest ${child.digest}`, ctx.options.signal).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
      if (remote) continue;
      const platform = child.platform ? `${child.platform.os}/${child.platform.architecture}${child.platform.variant ? `/${child.platform.variant}` : ''}` : 'an unnamed platform';
      throw berthError('failed-precondition', `${ctx.action}: the index lists ${platform} (${child.digest}), which was not pulled and is not in the registry; pull every platform before pushing the index`);
    }
    if (isIndexMediaType(child.mediaType)) await pushIndex(ctx, await index.index(child.digest), child, child.digest);
    else await pushOne(ctx, await index.image(child.digest), child, child.digest);
  }
  await putManifest(ctx.client, ctx.ref.path, version, await index.rawManifest(), d.mediaType, `${ctx.action}: index ${d.digest}`, ctx.options.signal);
}

/**
 * For each blob, the other repositories of the same registry that hold it: those our store has
 * names for (pulled from or pushed to), so the registry can mount instead of receiving the bytes.
 */
async function mountSources(store: PushStore, ref: Reference): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const record of await store.images.list()) {
    let other: Reference;
    try {
      other = parseReference(record.name ?? '');
    } catch {
      continue;
    }
    if (other.domain !== ref.domain || other.path === ref.path) continue;
    for (const digest of await blobsUnder(store.content, record.target).catch(() => [])) {
      const repos = out.get(digest) ?? [];
      if (!repos.includes(other.path)) out.set(digest, [...repos, other.path]);
    }
  }
  return out;
}

async function blobsUnder(content: Provider, d: Descriptor, depth = 0): Promise<Digest[]> {
  if (depth > 4) return [];
  const children = childDescriptors(d.mediaType, await readBlob(content, d.digest), `blob ${d.digest}`);
  if (!isIndexMediaType(d.mediaType)) return children.map((c) => c.digest);
  const nested = await Promise.all(children.map((c) => blobsUnder(content, c, depth + 1).catch(() => [])));
  return nested.flat();
}
