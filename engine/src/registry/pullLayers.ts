// The layer half of a pull: the config first (its diffIds name the snapshots), then every layer
// downloaded in parallel (bounded) into the content store, and unpacked in order into its ChainID
// snapshot. A layer whose parent snapshot is already there is unpacked *while* it downloads: the
// bytes go to the ingest file and, through a bounded buffer, straight into applyLayer, so
// decompression and extraction overlap the transfer. Either way the blob is committed only when
// its digest matches, and the snapshot only when the diffId does.
import { PassThrough, type Readable } from 'node:stream';
import { BerthError, berthError, isNotFound } from '../image/berthError';
import { computeChainIds } from '../image/chainId';
import type { Descriptor } from '../image/descriptor';
import type { Digest } from '../image/digest';
import { parseImageConfig } from '../image/imageConfig';
import type { Manifest } from '../image/manifest';
import { isLayerMediaType, mediaTypes } from '../image/mediaTypes';
import type { Snapshotter } from '../snapshot/snapshotter';
import { unpackLayer } from '../snapshot/unpack';
import { readBlob } from '../store/blobs';
import type { Ingester, Provider } from '../store/contentStore';
import type { Lease } from '../store/leases';
import { fetchBlob, type FetchedBlob } from './blobFetch';
import { countedStream } from './countedStream';
import { createLimiter } from './limiter';
import { retryingEvent, shortId, throttledProgress, type ProgressListener } from './progress';
import type { RegistryClient } from './registryClient';

export interface LayerPull {
  readonly client: RegistryClient;
  readonly repo: string;
  readonly action: string;
  readonly content: Ingester & Provider;
  readonly snapshotter?: Snapshotter | undefined;
  readonly lease?: Lease | undefined;
  readonly emit: ProgressListener;
  readonly concurrency: number;
  /** Aborts everything: the caller's signal, or the first failure. */
  readonly signal: AbortSignal;
  readonly fail: (err: unknown) => void;
}

function checkManifest(p: LayerPull, manifest: Manifest): void {
  const configType = manifest.config.mediaType;
  if (configType !== mediaTypes.ociConfig && configType !== mediaTypes.dockerConfig) {
    throw berthError('invalid-argument', `${p.action}: not a container image (its config has media type ${configType})`);
  }
  manifest.layers.forEach((l, i) => {
    if (!isLayerMediaType(l.mediaType)) throw berthError('invalid-argument', `${p.action}: layer ${i} (${l.digest}) has media type ${l.mediaType}, which is not an image layer`);
  });
}

async function snapshotCommitted(snapshotter: Snapshotter, name: string): Promise<boolean> {
  return snapshotter.stat(name).then((s) => s.kind === 'committed', (err: unknown) => (isNotFound(err) ? false : Promise.reject(err)));
}

async function blobPresent(content: Provider, digest: Digest): Promise<boolean> {
  return content.info(digest).then(() => true, (err: unknown) => (isNotFound(err) ? false : Promise.reject(err)));
}

/** Writes to `feed`, waiting while it is full; a feed its reader dropped swallows the rest. */
function feeder(feed: PassThrough): (chunk: Buffer) => Promise<void> {
  return async (chunk) => {
    if (feed.destroyed || feed.writableEnded) return;
    if (feed.write(chunk)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        feed.off('drain', done);
        feed.off('close', done);
        resolve();
      };
      feed.on('drain', done);
      feed.on('close', done);
    });
  };
}

/** Fetches the config and the layers, unpacking when a snapshotter is given; returns the ChainIDs. */
export async function pullLayers(p: LayerPull, manifest: Manifest): Promise<Digest[]> {
  checkManifest(p, manifest);
  const ids = manifest.layers.map((d) => shortId(d.digest));
  for (const id of ids) p.emit({ status: 'Pulling fs layer', id, progressDetail: {} });
  p.lease?.addContent(manifest.config.digest);
  await fetchBlob(p.client, p.repo, manifest.config, p.content, { action: `${p.action}: config ${manifest.config.digest}`, signal: p.signal });
  const config = parseImageConfig(await readBlob(p.content, manifest.config.digest), `${p.action}: config ${manifest.config.digest}`);
  const diffIds = config.rootfs.diff_ids;
  if (diffIds.length !== manifest.layers.length) {
    throw berthError('invalid-argument', `${p.action}: the manifest lists ${manifest.layers.length} layers but the config has ${diffIds.length} diff_ids`);
  }
  const chainIds = computeChainIds(diffIds);
  const { snapshotter } = p;
  const committed = snapshotter ? await Promise.all(chainIds.map((c) => snapshotCommitted(snapshotter, c))) : [];
  const present = await Promise.all(manifest.layers.map((d) => blobPresent(p.content, d.digest)));
  const limiter = createLimiter(p.concurrency);
  const unpacks: (Promise<boolean> | undefined)[] = [];

  const downloads = manifest.layers.map((d, i) => {
    p.lease?.addContent(d.digest);
    // stream into the snapshot when its parent is there and it is not
    const streamed = snapshotter !== undefined && !present[i] && !committed[i] && (i === 0 || committed[i - 1] === true);
    const feed = streamed ? new PassThrough({ highWaterMark: 4 << 20 }) : undefined;
    feed?.on('error', () => undefined); // the download reports its own failure; apply sees the stream end
    let abandoned = false; // another pull committed the blob first: unpack from the store instead
    const download = limiter.run(async (): Promise<FetchedBlob> => {
      try {
        const fetched = await fetchBlob(p.client, p.repo, d, p.content, {
          action: `${p.action}: layer ${i} ${d.digest}`, signal: p.signal,
          onProgress: throttledProgress(p.emit, 'Downloading', ids[i]!),
          onRetry: (_err, delay) => p.emit(retryingEvent(ids[i]!, delay)),
          ...(feed ? { onChunk: feeder(feed) } : {}),
        });
        if (fetched.existed) p.emit({ status: 'Already exists', id: ids[i]!, progressDetail: {} });
        else {
          p.emit({ status: 'Verifying Checksum', id: ids[i]!, progressDetail: {} });
          p.emit({ status: 'Download complete', id: ids[i]!, progressDetail: {} });
        }
        if (feed && fetched.existed) {
          abandoned = true;
          feed.destroy();
        }
        feed?.end();
        return fetched;
      } catch (err) {
        feed?.destroy(err as Error);
        throw err;
      }
    }, () => p.emit({ status: 'Waiting', id: ids[i]!, progressDetail: {} }));
    if (feed && snapshotter) {
      // when both fail, the download's error is the cause (wrong bytes make a broken tar too)
      // an unpack that ends without reading its feed to the end (the snapshot appeared meanwhile,
      // prepare failed) drops it, so the download is not left waiting for room in it
      unpacks[i] = unpack(p, snapshotter, d, i, diffIds, chainIds, async () => feed).then(() => {
        feed.destroy();
        return true;
      }, async (err: unknown) => {
        feed.destroy();
        const downloadError = await download.then(() => undefined, (e: unknown) => e);
        if (abandoned) return false;
        throw downloadError ?? err;
      });
      unpacks[i]!.catch(p.fail);
    }
    download.catch(p.fail);
    return download;
  });

  try {
    for (const [i, d] of manifest.layers.entries()) {
      const fetched = await downloads[i]!;
      if (!snapshotter) {
        if (!fetched.existed) p.emit({ status: 'Pull complete', id: ids[i]!, progressDetail: {} });
        continue;
      }
      const streamedOk = unpacks[i] ? await unpacks[i] : false;
      if (!streamedOk) await unpack(p, snapshotter, d, i, diffIds, chainIds, (signal) => p.content.openBlob(d.digest, signal), !fetched.existed);
    }
  } catch (err) {
    p.fail(err);
    throw err;
  } finally {
    await Promise.allSettled([...downloads, ...unpacks.filter((u) => u !== undefined)]);
  }
  return chainIds;
}

/** Unpacks layer `i` from `open` (skipped when its snapshot exists); reports Pull complete for new content. */
async function unpack(p: LayerPull, snapshotter: Snapshotter, d: Descriptor, i: number, diffIds: readonly Digest[], chainIds: readonly Digest[], open: (signal?: AbortSignal) => Promise<Readable>, fresh = true): Promise<void> {
  const id = shortId(d.digest);
  const progress = throttledProgress(p.emit, 'Extracting', id);
  const applied = await unpackLayer(snapshotter, {
    chainId: chainIds[i]!, diffId: diffIds[i]!, ...(i > 0 ? { parent: chainIds[i - 1]! } : {}),
    open: async (signal) => countedStream(await open(signal), 0, (bytes) => progress(bytes, d.size)),
  }, { signal: p.signal, ...(p.lease ? { lease: p.lease } : {}) }).catch((err: unknown) => {
    if (!(err instanceof Error) || p.signal.aborted) throw err;
    // a corrupt stream (zlib, zstd, tar) is the layer's fault; engine errors keep their kind
    throw berthError(err instanceof BerthError ? err.kind : 'invalid-argument', `${p.action}: unpack layer ${i} ${d.digest}: ${err.message}`, err);
  });
  if (applied || fresh) p.emit({ status: 'Pull complete', id, progressDetail: {} });
}
