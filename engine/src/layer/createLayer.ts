// Creates a layer from a directory (or from its differences to a base tree), streaming: walkTree's
// entries become tar blocks, hashed into the diffId, compressed (gzip by default) and hashed again
// into the digest, while the caller consumes the output. The same tree gives the same bytes: fixed
// walk order, normalized headers, a fixed gzip level and header (createCompressor).
import { PassThrough, Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Digester, type Digest } from '../image/digest';
import { ociLayerMediaType, type Compression } from '../image/mediaTypes';
import { createCompressor } from './compression';
import { encodeTar } from './tarEncoder';
import { walkTree, type WalkedEntry, type WalkOptions } from './walkTree';

export interface CreateOptions extends WalkOptions {
  readonly compression?: Compression;
  readonly gzipLevel?: number;
  readonly signal?: AbortSignal;
  /** The entries to write (every one when absent): a commit leaves out the runtime's own files. */
  readonly keep?: (entry: WalkedEntry) => boolean;
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

async function* kept(entries: AsyncIterable<WalkedEntry>, keep: (entry: WalkedEntry) => boolean): AsyncGenerator<WalkedEntry> {
  for await (const entry of entries) if (keep(entry)) yield entry;
}

function tap(digester: Digester): Transform {
  return new Transform({ transform(chunk: Buffer, _enc, done) { digester.update(chunk); done(null, chunk); } });
}

export function createLayer(root: string, options: CreateOptions = {}): LayerStream {
  const compression = options.compression ?? 'gzip';
  const diff = new Digester();
  const blob = new Digester();
  const out = new PassThrough({ highWaterMark: 1 << 20 });
  const entries = options.keep ? kept(walkTree(root, options), options.keep) : walkTree(root, options);
  const done = pipeline(Readable.from(encodeTar(entries, { signal: options.signal, context: `create layer from ${root}` })), tap(diff), createCompressor(compression, options.gzipLevel), tap(blob), out)
    .then(() => ({ mediaType: ociLayerMediaType(compression), digest: blob.digest(), size: blob.size, diffId: diff.digest(), uncompressedSize: diff.size }));
  done.catch(() => {}); // the caller sees the failure on `stream` too
  return { stream: out, done };
}
