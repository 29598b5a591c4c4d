// Creates a layer from a directory (or from its differences to a base tree), streaming: walkTree's
// entries become tar blocks, hashed into the diffId, compressed (gzip by default) and hashed again
// into the digest, while the caller consumes the output. The same tree gives the same bytes: fixed
// walk order, normalized headers, a fixed gzip level and header (createCompressor).
import { closeSync, openSync, readSync } from 'node:fs';
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { berthError } from '../image/berthError';
import { Digester, type Digest } from '../image/digest';
import { ociLayerMediaType, type Compression } from '../image/mediaTypes';
import { createCompressor } from './compression';
import { encodeHeader, endOfArchive, padding } from './tarHeader';
import { walkTree, type WalkOptions } from './walkTree';

export interface CreateOptions extends WalkOptions {
  readonly compression?: Compression;
  readonly gzipLevel?: number;
  readonly signal?: AbortSignal;
}

export interface CreatedLayer {
  readonly mediaType: string;
  readonly digest: Digest;
  readonly size: number;
  readonly diffId: Digest;
  readonly uncompressedSize: number;
}

export interface LayerStream {
  /** The layer's bytes; read it to the end (or destroy it to cancel). */
  readonly stream: Readable;
  /** Settles once `stream` has been fully produced. */
  readonly done: Promise<CreatedLayer>;
}

const batchSize = 256 * 1024;

/** Reads a file's bytes in pieces of at most `batchSize`, checking it did not change size. */
function* fileChunks(root: string, path: string, size: number): Generator<Buffer> {
  const fd = openSync(path, 'r');
  try {
    let offset = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(batchSize, Math.max(size - offset, 0) + 1));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      offset += n;
      if (offset > size) break;
      yield buf.subarray(0, n);
    }
    if (offset !== size) {
      throw berthError('failed-precondition', `create layer from ${root}: ${path} changed size while it was read (${size} → ${offset} bytes)`);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * The archive as chunks of about `batchSize` bytes: small headers and files are gathered so the
 * compressor and hashers see few large writes instead of many tiny ones. Files are read
 * synchronously for the same reason walkTree stats synchronously.
 */
async function* tarBlocks(root: string, options: CreateOptions): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingSize = 0;
  const add = (b: Buffer): Buffer | undefined => {
    pending.push(b);
    pendingSize += b.length;
    if (pendingSize < batchSize) return undefined;
    const out = pending.length === 1 ? pending[0]! : Buffer.concat(pending);
    pending = [];
    pendingSize = 0;
    return out;
  };
  for await (const entry of walkTree(root, options)) {
    options.signal?.throwIfAborted();
    let out = add(encodeHeader(entry.header));
    if (out) yield out;
    if (entry.contentPath === undefined) continue;
    for (const chunk of fileChunks(root, entry.contentPath, entry.header.size)) {
      out = add(chunk);
      if (out) yield out;
    }
    const pad = padding(entry.header.size);
    if (pad > 0 && (out = add(Buffer.alloc(pad)))) yield out;
  }
  pending.push(endOfArchive);
  yield Buffer.concat(pending);
}

function tap(digester: Digester): Transform {
  return new Transform({ transform(chunk: Buffer, _enc, done) { digester.update(chunk); done(null, chunk); } });
}

export function createLayer(root: string, options: CreateOptions = {}): LayerStream {
  const compression = options.compression ?? 'gzip';
  const diff = new Digester();
  const blob = new Digester();
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const done = pipeline(Readable.from(tarBlocks(root, options)), tap(diff), createCompressor(compression, options.gzipLevel), tap(blob), out)
    .then(() => ({ mediaType: ociLayerMediaType(compression), digest: blob.digest(), size: blob.size, diffId: diff.digest(), uncompressedSize: diff.size }));
  done.catch(() => {}); // the caller sees the failure on `stream` too
  return { stream: out, done };
}
