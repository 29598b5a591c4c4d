// Applies a layer tar (gzip, zstd or plain) to a directory, streaming: the tar is read entry by
// entry, each file's bytes go straight to disk, and the diffId is hashed on the way. Every entry
// is checked before it touches the disk (layerPath.ts) and written through descriptors pinned
// beneath the root (rootDir.ts), so no entry can reach outside the root by `..`, an absolute path,
// a symlinked parent or a hard link. A failure leaves the directory partly written: apply into a
// fresh snapshot and remove it on error (snapshot/unpack.ts does), which is how nothing
// half-applied survives.
import { addAbortSignal, type Readable } from 'node:stream';
import { BerthError, berthError, errnoCode, isAbortError } from '../image/berthError';
import { Digester, type Digest } from '../image/digest';
import type { Compression } from '../image/mediaTypes';
import { openDecompressed } from './compression';
import { EntryWriter } from './entryWriter';
import { readTar } from './tarReader';
import type { WhiteoutMode } from './whiteout';

export interface ApplyOptions {
  /** How whiteouts are written; 'remove' unless the target is an overlay upper dir. */
  readonly whiteouts?: WhiteoutMode;
  /** Parent snapshot trees, top first: metadata for implied parent directories in overlay mode. */
  readonly lowerDirs?: readonly string[];
  /** When given, the uncompressed stream must hash to it or the apply fails. */
  readonly expectedDiffId?: Digest;
  /** Flush the written files to disk before returning (snapshots are committed only after this). */
  readonly durable?: boolean;
  readonly signal?: AbortSignal;
}

export interface ApplyResult {
  readonly diffId: Digest;
  /** Bytes of the uncompressed tar. */
  readonly size: number;
  readonly compression: Compression;
  /** Things skipped without failing (an xattr the filesystem refused), one line each. */
  readonly warnings: readonly string[];
}

const badLayerCodes = new Set(['ENAMETOOLONG', 'EINVAL', 'ELOOP', 'ENOTDIR', 'EISDIR', 'EEXIST', 'EMLINK', 'ENOENT']);
const unavailableCodes = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EIO']);

/** A system error while writing an entry, named after the entry (engine errors pass through). */
function entryError(name: string, err: unknown): unknown {
  if (err instanceof BerthError || isAbortError(err)) return err;
  const code = errnoCode(err) ?? '';
  const kind = badLayerCodes.has(code) ? 'invalid-argument' : unavailableCodes.has(code) ? 'unavailable' : 'internal';
  return berthError(kind, `layer entry ${JSON.stringify(name)}: ${(err as Error).message}`, err);
}

export async function applyLayer(target: string, layer: Readable, options: ApplyOptions = {}): Promise<ApplyResult> {
  // an abort also ends a wait for bytes (a download feeding this layer may be stalled)
  if (options.signal) addAbortSignal(options.signal, layer);
  const { compression, stream } = await openDecompressed(layer);
  const digester = new Digester();
  async function* hashed(): AsyncGenerator<Buffer> {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      digester.update(chunk);
      yield chunk;
    }
  }
  const source = hashed();
  const writer = new EntryWriter(target, options.whiteouts ?? 'remove', options.lowerDirs ?? []);
  try {
    for await (const entry of readTar(source)) {
      options.signal?.throwIfAborted();
      await writer.write(entry.header, entry.body).catch((err: unknown) => {
        throw entryError(entry.header.name, err);
      });
    }
    // the diffId covers the whole stream, trailing zero blocks and padding included
    for await (const _ of source) void _;
    writer.finish();
    if (options.durable) writer.sync();
  } catch (err) {
    stream.destroy();
    layer.destroy();
    throw err;
  } finally {
    writer.close();
  }
  const diffId = digester.digest();
  if (options.expectedDiffId !== undefined && diffId !== options.expectedDiffId) {
    throw berthError('data-loss', `layer content hashes to ${diffId}, expected diffId ${options.expectedDiffId}; the layer is corrupt or not the one the image config names`);
  }
  return { diffId, size: digester.size, compression, warnings: writer.warnings };
}
