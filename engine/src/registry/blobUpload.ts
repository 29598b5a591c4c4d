// Uploads one blob (distribution spec "pushing blobs"): HEAD first (the registry may have it),
// then a cross-repository mount when another repository on the same registry is known to hold
// it, else an upload session: one PUT with the whole body (monolithic), or PATCH chunks of a
// fixed size closed by an empty PUT. A chunked upload that loses its connection asks the registry
// how much it kept and goes on from there; a monolithic one starts over.
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { berthError } from '../image/berthError';
import type { Descriptor } from '../image/descriptor';
import type { Opener } from '../image/image';
import { countedStream } from './countedStream';
import { pullScope, pushScope, type RegistryClient } from './registryClient';
import { backoffDelay, isRetryable } from './retry';

export type UploadOutcome = { readonly kind: 'exists' } | { readonly kind: 'mounted'; readonly from: string } | { readonly kind: 'uploaded' };

export interface UploadOptions {
  readonly action: string;
  /** Repositories on this registry that hold the blob, tried for a mount in order. */
  readonly mountFrom?: readonly string[];
  /** Blobs larger than this go in PATCH chunks of this size; undefined: always one PUT. */
  readonly chunkSize?: number;
  readonly onProgress?: (current: number, total: number) => void;
  /** Hears each failure that will be retried, and the wait before the retry. */
  readonly onRetry?: (err: unknown, delayMs: number) => void;
  readonly signal?: AbortSignal | undefined;
}

export async function blobExists(client: RegistryClient, repo: string, d: Descriptor, action: string, signal?: AbortSignal): Promise<boolean> {
  const res = await client.request({ method: 'HEAD', path: `/v2/${repo}/blobs/${d.digest}`, scopes: [pushScope(repo)], expect: [200, 404], action, signal });
  res.body.resume();
  return res.status === 200;
}

/** POST an upload session, mounting from `from` when given; returns the Location or `mounted`. */
async function startUpload(client: RegistryClient, repo: string, d: Descriptor, from: string | undefined, options: UploadOptions): Promise<string | 'mounted'> {
  const query = from === undefined ? '' : `?mount=${encodeURIComponent(d.digest)}&from=${encodeURIComponent(from)}`;
  const res = await client.request({
    method: 'POST', path: `/v2/${repo}/blobs/uploads/${query}`, headers: { 'content-length': '0' },
    scopes: from === undefined ? [pushScope(repo)] : [pushScope(repo), pullScope(from)], expect: [201, 202], action: options.action, signal: options.signal,
  });
  res.body.resume();
  if (res.status === 201) return 'mounted';
  const location = res.headers.location;
  if (!location) throw berthError('invalid-argument', `${options.action}: the registry opened an upload without a Location`);
  return new URL(location, res.url).toString();
}

function withDigest(location: string, d: Descriptor): string {
  const url = new URL(location);
  url.searchParams.set('digest', d.digest);
  return url.toString();
}

/**
 * Reads a blob once, front to back, handing out consecutive byte ranges as chunk bodies; only a
 * resume after a failure opens it again (and reads up to the offset the registry has).
 */
class BlobCursor {
  private carry: Buffer | undefined;

  private constructor(private readonly stream: Readable, private readonly chunks: AsyncIterator<Buffer>) {}

  static async open(open: Opener, offset: number, signal?: AbortSignal): Promise<BlobCursor> {
    const stream = await open(signal);
    const cursor = new BlobCursor(stream, (stream as AsyncIterable<Buffer>)[Symbol.asyncIterator]());
    for await (const _ of cursor.take(offset)) void _;
    return cursor;
  }

  /** The next `length` bytes. */
  async *take(length: number): AsyncGenerator<Buffer> {
    let left = length;
    while (left > 0) {
      let chunk = this.carry ?? (await this.chunks.next()).value as Buffer | undefined;
      this.carry = undefined;
      if (chunk === undefined) throw berthError('data-loss', `blob ended ${left} bytes before its size`);
      if (chunk.length > left) {
        this.carry = chunk.subarray(left);
        chunk = chunk.subarray(0, left);
      }
      left -= chunk.length;
      yield chunk;
    }
  }

  close(): void {
    this.stream.destroy();
  }
}

async function sendMonolithic(client: RegistryClient, repo: string, location: string, d: Descriptor, open: Opener, options: UploadOptions): Promise<void> {
  const body = countedStream(await open(options.signal), 0, (bytes) => options.onProgress?.(bytes, d.size));
  try {
    const res = await client.request({
      method: 'PUT', path: withDigest(location, d), headers: { 'content-type': 'application/octet-stream', 'content-length': String(d.size) },
      body: () => body, replayable: false, scopes: [pushScope(repo)], expect: [201, 204], action: options.action, signal: options.signal,
    });
    res.body.resume();
  } finally {
    body.destroy(); // a request that failed before or while sending leaves the blob open otherwise
  }
}

/** What the registry holds of an upload session (its Range header), as the next offset. */
async function uploadedSoFar(client: RegistryClient, repo: string, location: string, options: UploadOptions): Promise<{ offset: number; location: string }> {
  const res = await client.request({ method: 'GET', path: location, scopes: [pushScope(repo)], expect: [204, 200], action: options.action, signal: options.signal });
  res.body.resume();
  const end = /^(?:bytes=)?0-(\d+)$/.exec(String(res.headers.range ?? ''));
  return { offset: end ? Number(end[1]) + 1 : 0, location: res.headers.location ? new URL(res.headers.location, res.url).toString() : location };
}

async function sendChunked(client: RegistryClient, repo: string, first: string, d: Descriptor, open: Opener, chunkSize: number, options: UploadOptions): Promise<void> {
  let location = first;
  let offset = 0;
  let cursor = await BlobCursor.open(open, 0, options.signal);
  try {
    for (let failures = 0; offset < d.size;) {
      const length = Math.min(chunkSize, d.size - offset);
      try {
        const body = countedStream(Readable.from(cursor.take(length), { objectMode: false, highWaterMark: 1 << 20 }), offset, (bytes) => options.onProgress?.(bytes, d.size));
        const res = await client.request({
          method: 'PATCH', path: location,
          headers: { 'content-type': 'application/octet-stream', 'content-length': String(length), 'content-range': `${offset}-${offset + length - 1}` },
          body: () => body, replayable: false, scopes: [pushScope(repo)], expect: [202], action: options.action, signal: options.signal,
        });
        res.body.resume();
        if (res.headers.location) location = new URL(res.headers.location, res.url).toString();
        offset += length;
      } catch (err) {
        if (options.signal?.aborted || !isRetryable(err) || ++failures >= client.retryPolicy.attempts) throw err;
        const delay = backoffDelay(client.retryPolicy, failures - 1);
        options.onRetry?.(err, delay);
        await sleep(delay, undefined, options.signal ? { signal: options.signal } : {});
        ({ offset, location } = await uploadedSoFar(client, repo, location, options));
        cursor.close();
        cursor = await BlobCursor.open(open, offset, options.signal);
      }
    }
  } finally {
    cursor.close();
  }
  const res = await client.request({
    method: 'PUT', path: withDigest(location, d), headers: { 'content-length': '0' },
    scopes: [pushScope(repo)], expect: [201, 204], action: options.action, signal: options.signal,
  });
  res.body.resume();
}

/** Makes the blob present in `repo`, by whichever way costs least. */
export async function uploadBlob(client: RegistryClient, repo: string, d: Descriptor, open: Opener, options: UploadOptions): Promise<UploadOutcome> {
  if (await blobExists(client, repo, d, options.action, options.signal)) return { kind: 'exists' };
  for (const from of options.mountFrom ?? []) {
    if (from === repo) continue;
    const started = await startUpload(client, repo, d, from, options).catch(() => undefined);
    if (started === 'mounted') return { kind: 'mounted', from };
    if (started !== undefined) return upload(client, repo, started, d, open, options);
  }
  const location = await startUpload(client, repo, d, undefined, options);
  return location === 'mounted' ? { kind: 'exists' } : upload(client, repo, location, d, open, options);
}

/** A new upload session for a retry (a plain POST is never answered with a finished blob). */
async function restartUpload(client: RegistryClient, repo: string, d: Descriptor, options: UploadOptions): Promise<string> {
  const location = await startUpload(client, repo, d, undefined, options);
  if (location === 'mounted') throw berthError('invalid-argument', `${options.action}: the registry answered a new upload session with 201`);
  return location;
}

async function upload(client: RegistryClient, repo: string, location: string, d: Descriptor, open: Opener, options: UploadOptions): Promise<UploadOutcome> {
  if (options.chunkSize !== undefined && d.size > options.chunkSize) {
    await sendChunked(client, repo, location, d, open, options.chunkSize, options);
    return { kind: 'uploaded' };
  }
  for (let attempt = 0; ; attempt++) {
    try {
      await sendMonolithic(client, repo, attempt === 0 ? location : await restartUpload(client, repo, d, options), d, open, options);
      return { kind: 'uploaded' };
    } catch (err) {
      if (options.signal?.aborted || !isRetryable(err) || attempt + 1 >= client.retryPolicy.attempts) throw err;
      const delay = backoffDelay(client.retryPolicy, attempt);
      options.onRetry?.(err, delay);
      await sleep(delay, undefined, options.signal ? { signal: options.signal } : {});
    }
  }
}
