// Reads an untrusted image archive (docker save output, an OCI layout tar) once, streaming: each
// regular file goes straight into the content store through a verifying writer (nothing is
// extracted to disk, so no entry name can reach outside anything), the four small metadata files
// are kept in memory, and links are recorded as aliases. Blob paths must hash to their names.
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { berthError, isAlreadyExists } from '../image/berthError';
import type { Digest } from '../image/digest';
import { openDecompressed } from '../layer/compression';
import { readTar } from '../layer/tarReader';
import type { Ingester, Provider } from '../store/contentStore';
import type { Lease } from '../store/leases';
import { archivePath, metadataFiles } from './archiveLayout';

export interface ArchiveFile {
  readonly digest: Digest;
  readonly size: number;
}

export interface ArchiveEntries {
  readonly files: ReadonlyMap<string, ArchiveFile>;
  /** The small metadata files by name (manifest.json, index.json, oci-layout, repositories). */
  readonly metadata: ReadonlyMap<string, Buffer>;
  /** Blobs this read added to the store (the others were there already). */
  readonly added: ReadonlySet<Digest>;
  /** The file a path names, following symbolic and hard links inside the archive. */
  lookup(path: string, where: string): ArchiveFile;
}

export interface ReadEntriesOptions {
  readonly lease: Lease;
  readonly signal?: AbortSignal;
  readonly maxEntries?: number;
  readonly maxMetadataSize?: number;
}

const blobName = /^blobs\/(sha256)\/([a-f0-9]{64})$/;

async function ingest(store: Ingester & Provider, body: AsyncIterable<Buffer>, name: string, signal?: AbortSignal): Promise<{ file: ArchiveFile; added: boolean }> {
  const writer = await store.openWriter(`load-${randomBytes(8).toString('hex')}`);
  try {
    for await (const chunk of body) {
      signal?.throwIfAborted();
      await writer.write(chunk);
    }
    const info = await writer.commit();
    return { file: { digest: info.digest, size: info.size }, added: true };
  } catch (err) {
    await writer.abort().catch(() => undefined);
    if (isAlreadyExists(err)) return { file: writer.status(), added: false };
    throw berthError('invalid-argument', `archive entry ${JSON.stringify(name)}: ${(err as Error).message}`, err);
  }
}

export async function readArchiveEntries(store: Ingester & Provider, archive: Readable, options: ReadEntriesOptions): Promise<ArchiveEntries> {
  const maxEntries = options.maxEntries ?? 100_000;
  const maxMetadata = options.maxMetadataSize ?? 16 << 20;
  const files = new Map<string, ArchiveFile>();
  const links = new Map<string, string>();
  const metadata = new Map<string, Buffer>();
  const added = new Set<Digest>();
  const seen = new Set<string>();
  const { stream } = await openDecompressed(archive);
  let count = 0;
  for await (const { header, body } of readTar(stream as AsyncIterable<Buffer>)) {
    options.signal?.throwIfAborted();
    if (++count > maxEntries) throw berthError('invalid-argument', `archive has more than ${maxEntries} entries; refusing to load it`);
    const path = archivePath(header.name);
    // readTar skips whatever body an entry's consumer leaves unread
    if (path === undefined || header.type === 'directory') continue;
    if (seen.has(path)) throw berthError('invalid-argument', `archive lists ${JSON.stringify(path)} twice; refusing an ambiguous archive`);
    seen.add(path);
    if (header.type === 'symlink' || header.type === 'link') {
      const target = header.type === 'symlink' && !header.linkname.startsWith('/') ? `${path}/../${header.linkname}` : header.linkname;
      const resolved = archivePath(target.replace(/^\/+/, ''));
      if (resolved !== undefined) links.set(path, resolved);
      continue;
    }
    if (header.type !== 'file') continue; // devices and fifos carry nothing an image needs
    if (metadataFiles.has(path)) {
      if (header.size > maxMetadata) throw berthError('invalid-argument', `archive entry ${path} is ${header.size} bytes, more than the ${maxMetadata} allowed for metadata`);
      const parts: Buffer[] = [];
      for await (const chunk of body) parts.push(chunk);
      metadata.set(path, Buffer.concat(parts));
      continue;
    }
    const { file, added: isNew } = await ingest(store, body, path, options.signal);
    const blob = blobName.exec(path);
    if (blob && file.digest !== `${blob[1]}:${blob[2]}`) {
      throw berthError('invalid-argument', `archive entry ${path}: content hashes to ${file.digest}; the archive is corrupt or was tampered with`);
    }
    options.lease.addContent(file.digest);
    if (isNew) added.add(file.digest);
    files.set(path, file);
  }
  return {
    files, metadata, added,
    lookup(path, where) {
      let current = archivePath(path);
      for (let hops = 0; current !== undefined && hops < 16; hops++) {
        const file = files.get(current);
        if (file) return file;
        current = links.get(current);
      }
      throw berthError('invalid-argument', `${where}: the archive has no file ${JSON.stringify(path)}`);
    },
  };
}
