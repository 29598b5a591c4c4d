// The one tar encoder over walked entries (layers, `docker export`, `docker cp` out of a
// container, the CLI's uploads). Chunks of about 256 KiB: small headers and files are gathered so
// compressors, hashers and sockets see few large writes instead of many tiny ones. Files are read
// synchronously for the same reason walkTree stats synchronously.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { berthError } from '../image/berthError';
import { encodeHeader, endOfArchive, padding } from './tarHeader';
import type { WalkedEntry } from './walkTree';

const batchSize = 256 * 1024;

export interface EncodeOptions {
  readonly signal?: AbortSignal;
  /** What the error says when a file changed size while it was read (after "<path> changed size ..."). */
  readonly context: string;
  /** What to do about it, appended to that error. */
  readonly advice?: string;
}

/** A file's bytes in pieces, failing if it changed size (as Go's tar writer does). */
function* fileChunks(path: string, name: string, size: number, options: EncodeOptions): Generator<Buffer> {
  // O_NONBLOCK: a file swapped for a FIFO meanwhile (a running container's) must not block the daemon
  const fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) {
      throw berthError('failed-precondition', `${options.context}: ${name} changed while it was read (no longer a regular file)${options.advice ? `; ${options.advice}` : ''}`);
    }
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
      const advice = options.advice ? `; ${options.advice}` : '';
      throw berthError('failed-precondition', `${options.context}: ${name} changed size while it was read (${size} → ${offset} bytes)${advice}`);
    }
  } finally {
    closeSync(fd);
  }
}

/** Encodes entries as a tar stream. */
export async function* encodeTar(entries: AsyncIterable<WalkedEntry>, options: EncodeOptions): AsyncGenerator<Buffer> {
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
  for await (const entry of entries) {
    options.signal?.throwIfAborted();
    let out = add(encodeHeader(entry.header));
    if (out) yield out;
    if (entry.contentPath === undefined) continue;
    for (const chunk of fileChunks(entry.contentPath, entry.header.name, entry.header.size, options)) if ((out = add(chunk))) yield out;
    const pad = padding(entry.header.size);
    if (pad > 0 && (out = add(Buffer.alloc(pad)))) yield out;
  }
  pending.push(endOfArchive);
  yield Buffer.concat(pending);
}
