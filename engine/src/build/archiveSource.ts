// ADD of a local archive: a file that is a tar (plain, or compressed with gzip, bzip2, xz or zstd,
// recognized by its magic bytes as Docker's DecompressStream does) is unpacked into the
// destination directory instead of being copied. Entries keep their owners (unless --chown) and
// modes; names are confined to the destination and written through the layer module's
// EntryWriter, so a hostile archive cannot write outside the layer. gzip and zstd decompress in
// process; bzip2 and xz through Debian's bzip2 and xz tools.
import { spawn } from 'node:child_process';
import { createReadStream, type BigIntStats } from 'node:fs';
import { open } from 'node:fs/promises';
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { BerthError, berthError } from '../image/berthError';
import { createDecompressor, detectCompression } from '../layer/compression';
import { EntryWriter } from '../layer/entryWriter';
import { readTar } from '../layer/tarReader';
import { BLOCK, decodeHeaderBlock } from '../layer/tarHeader';
import type { Owner } from './chownSpec';
import { makeDirectories, type LayerTarget } from './copyInto';

type ArchiveCompression = 'none' | 'gzip' | 'zstd' | 'bzip2' | 'xz';

function compressionOf(head: Buffer): ArchiveCompression {
  if (head.subarray(0, 3).toString('latin1') === 'BZh') return 'bzip2';
  if (head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'xz';
  return detectCompression(head);
}

function toolStream(path: string, compression: 'bzip2' | 'xz', signal?: AbortSignal): Readable {
  const tool = spawn(compression, ['-dc', path], { stdio: ['ignore', 'pipe', 'ignore'], ...(signal ? { signal } : {}) });
  tool.on('error', (err) => tool.stdout.destroy(berthError('unavailable', `${compression}: ${err.message}; install the ${compression === 'xz' ? 'xz-utils' : 'bzip2'} package`, err)));
  return tool.stdout;
}

function openTar(path: string, compression: ArchiveCompression, signal?: AbortSignal): Readable {
  if (compression === 'bzip2' || compression === 'xz') return toolStream(path, compression, signal);
  return createReadStream(path).pipe(createDecompressor(compression));
}

/** The compression of `path` when it is a tar archive ADD unpacks; undefined otherwise. */
export async function archiveCompression(path: string, stats: BigIntStats, signal?: AbortSignal): Promise<ArchiveCompression | undefined> {
  if (!stats.isFile() || stats.size === 0n) return undefined;
  const handle = await open(path, 'r');
  const head = Buffer.alloc(6);
  try {
    await handle.read(head, 0, 6, 0);
  } finally {
    await handle.close();
  }
  const compression = compressionOf(head);
  const stream = openTar(path, compression, signal);
  try {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= BLOCK) break;
    }
    if (size < BLOCK) return undefined;
    return decodeHeaderBlock(Buffer.concat(chunks).subarray(0, BLOCK)) ? compression : undefined;
  } catch {
    return undefined;
  } finally {
    stream.destroy();
  }
}

/** Unpacks the archive at `path` into directory `dest` (absolute, resolved) of `target`. */
export async function extractArchive(target: LayerTarget, path: string, compression: ArchiveCompression, dest: string, owner: Owner | undefined, now: number, signal?: AbortSignal): Promise<void> {
  await makeDirectories(target, dest, { now, ...(owner ? { owner } : {}) });
  const prefix = dest === '/' ? '' : dest.slice(1);
  const inDest = (name: string): string => {
    // Docker's untar: a name that climbs out of the destination after cleaning is a breakout
    const relative = posix.normalize(name.replace(/^\/+/, ''));
    if (relative === '..' || relative.startsWith('../')) throw berthError('invalid-argument', `archive entry ${JSON.stringify(name)} would be written outside the destination (breakout); refusing to unpack`);
    const clean = relative === '.' ? '' : relative.replace(/\/$/, '');
    return prefix === '' ? clean : clean === '' ? prefix : `${prefix}/${clean}`;
  };
  const writer = new EntryWriter(target.upper, target.whiteouts, target.lowers);
  const stream = openTar(path, compression, signal);
  try {
    for await (const entry of readTar(stream as AsyncIterable<Buffer>)) {
      signal?.throwIfAborted();
      const h = { ...entry.header, name: inDest(entry.header.name) };
      if (h.name === prefix && h.type === 'directory') continue; // the destination keeps its own metadata
      if (h.type === 'link') h.linkname = inDest(h.linkname);
      if (owner) {
        h.uid = owner.uid;
        h.gid = owner.gid;
      }
      await writer.write(h, entry.body);
    }
    writer.finish();
  } catch (err) {
    stream.destroy();
    throw err instanceof BerthError ? berthError(err.kind, `unpacking ${posix.basename(path)}: ${err.message}`, err) : err;
  } finally {
    writer.close();
  }
}
