// Downloads one blob into the content store, streaming: bytes are hashed as they are written to
// the ingest file, and only a blob whose size and digest match its descriptor is committed. A
// connection that drops mid-blob is picked up where it stopped with a Range request (or, when the
// registry ignores ranges, by skipping what we already have); wrong bytes are never retried into
// the store, they fail the pull naming the blob.
import type { Readable } from 'node:stream';
import { berthError, isAlreadyExists, isDataLoss, isNotFound } from '../image/berthError';
import type { Descriptor } from '../image/descriptor';
import { openWriterFor } from '../store/blobs';
import type { BlobInfo, Ingester, Provider, Writer } from '../store/contentStore';
import { isNetworkError, wrapNetworkError } from './httpTransport';
import { pullScope, type RegistryClient } from './registryClient';
import { backoffDelay } from './retry';
import { setTimeout as sleep } from 'node:timers/promises';

export interface FetchBlobOptions {
  /** Names the blob in errors: `pull app:1: layer sha256:…`. */
  readonly action: string;
  readonly signal?: AbortSignal | undefined;
  /** Bytes received so far of `total`; called often, the caller throttles. */
  readonly onProgress?: (current: number, total: number) => void;
  /** Hears each failure that will be retried (a retried request, or a resume after a dropped body). */
  readonly onRetry?: (err: unknown, delayMs: number) => void;
  /** Every byte written to the store, once and in order (to unpack while downloading); awaited. */
  readonly onChunk?: (chunk: Buffer) => Promise<void>;
}

export interface FetchedBlob {
  readonly info: BlobInfo;
  /** True when the store already had it and nothing was downloaded. */
  readonly existed: boolean;
}

const writeBatch = 1 << 20;
const readAhead = 8 << 20;

async function existing(store: Provider, d: Descriptor): Promise<BlobInfo | undefined> {
  return store.info(d.digest).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
}

export async function fetchBlob(client: RegistryClient, repo: string, d: Descriptor, store: Ingester & Provider, options: FetchBlobOptions): Promise<FetchedBlob> {
  const have = await existing(store, d);
  if (have) return { info: have, existed: true };
  const writer = await openWriterFor(store, `pull-${d.digest}`, { digest: d.digest, size: d.size });
  try {
    await download(client, repo, d, writer, options);
    const info = await writer.commit();
    return { info, existed: false };
  } catch (err) {
    await writer.abort().catch(() => undefined);
    if (isAlreadyExists(err)) return { info: await store.info(d.digest), existed: true };
    if (isDataLoss(err)) throw berthError('data-loss', `${options.action}: the registry sent wrong bytes (${(err as Error).message.replace(`ingest ${writer.ref}: `, '')}); nothing was stored`, err);
    throw err;
  }
}

async function download(client: RegistryClient, repo: string, d: Descriptor, writer: Writer, options: FetchBlobOptions): Promise<void> {
  const { signal } = options;
  for (let resumes = 0; ; resumes++) {
    const offset = writer.status().size;
    const res = await client.request({
      method: 'GET', path: `/v2/${repo}/blobs/${d.digest}`, headers: offset > 0 ? { range: `bytes=${offset}-` } : {},
      scopes: [pullScope(repo)], expect: [200, 206], action: options.action, signal, onRetry: options.onRetry,
    });
    let skip = 0;
    if (res.status === 206) {
      const start = /^bytes (\d+)-/.exec(String(res.headers['content-range'] ?? ''))?.[1];
      if (Number(start) !== offset) {
        res.body.destroy();
        throw berthError('data-loss', `${options.action}: asked for bytes from ${offset}, the registry sent a range starting at ${start ?? '(none)'}`);
      }
    } else {
      skip = offset; // the registry ignored Range: read past what we already have
      const length = res.headers['content-length'];
      if (length !== undefined && Number(length) !== d.size) {
        res.body.destroy();
        throw berthError('data-loss', `${options.action}: the registry announces ${length} bytes, the manifest says ${d.size}; nothing was stored`);
      }
    }
    try {
      await pump(res.body, writer, skip, d.size, options);
      if (writer.status().size < d.size) throw wrapNetworkError(options.action, new Error(`connection closed after ${writer.status().size} of ${d.size} bytes`));
      return;
    } catch (err) {
      if (signal?.aborted) throw signal.reason ?? err;
      if (!isNetworkError(err) || resumes + 1 >= client.retryPolicy.attempts) throw err;
      const delay = backoffDelay(client.retryPolicy, resumes);
      options.onRetry?.(err, delay);
      await sleep(delay, undefined, signal ? { signal } : {});
    }
  }
}

/**
 * Moves a response body into the writer in batches of about 1 MiB. The socket keeps being read
 * while a batch is written (up to `readAhead` bytes wait in memory; past that the socket pauses,
 * which is TCP backpressure), so network and disk overlap instead of taking turns. When the body
 * fails midway, what did arrive is still written, so a resume starts right after it.
 */
function pump(body: Readable, writer: Writer, skip: number, total: number, options: FetchBlobOptions): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const queue: Buffer[] = [];
    let queued = 0;
    let ended = false;
    let writing = false;
    let failure: unknown;
    let settled = false;
    const finish = (err?: unknown) => {
      if (settled) return;
      settled = true;
      body.destroy();
      if (err === undefined) resolve();
      else reject(wrapNetworkError(options.action, err, options.signal));
    };
    const takeBatch = (): Buffer => {
      const parts: Buffer[] = [];
      let size = 0;
      while (queue.length > 0 && size < writeBatch) {
        const next = queue.shift()!;
        parts.push(next);
        size += next.length;
      }
      queued -= size;
      return parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
    };
    const drain = async () => {
      if (writing) return;
      writing = true;
      try {
        while (queue.length > 0 && (queued >= writeBatch || ended || failure !== undefined)) {
          const batch = takeBatch();
          if (body.isPaused() && queued < readAhead && !ended) body.resume();
          await writer.write(batch);
          options.onProgress?.(writer.status().size, total);
          await options.onChunk?.(batch);
        }
      } catch (err) {
        return finish(err); // the writer refused (too many bytes): no point reading on
      } finally {
        writing = false;
      }
      if (failure !== undefined) finish(failure);
      else if (ended) finish();
    };
    body.on('data', (raw: Buffer) => {
      let chunk = raw;
      if (skip > 0) {
        const dropped = Math.min(skip, chunk.length);
        skip -= dropped;
        chunk = chunk.subarray(dropped);
        if (chunk.length === 0) return;
      }
      queue.push(chunk);
      queued += chunk.length;
      if (queued >= readAhead) body.pause();
      if (queued >= writeBatch) void drain();
    });
    body.on('end', () => {
      ended = true;
      void drain();
    });
    body.on('error', (err) => {
      failure ??= err;
      void drain();
    });
    body.on('close', () => {
      if (!ended && failure === undefined) {
        failure = new Error('connection closed before the body ended');
        void drain();
      }
    });
  });
}
