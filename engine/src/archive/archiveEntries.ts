// Reads an untrusted image archive (docker save output, an OCI layout tar) once, streaming: each
// regular file goes straight into the content store through a verifying writer (nothing is
// extracted to disk, so no entry name can reach outside anything), the four small metadata files
// are kept in memory, and links are recorded as aliases. Blob paths must hash to their names.
import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { berthError, isAlreadyExists, isDataLoss } from '../image/berthError';
import type { Digest } from '../image/digest';
import { openDecompressed } from '../layer/compression';
import { readTar } from '../layer/tarReader';
import type { Ingester, Provider } from '../store/contentStore';
import type { Lease } from '../store/leases';
import { archivePath, linkTarget, metadataFiles } from './archiveLayout';

export interface ArchiveFile {
  readonly digest: Digest;
  readonly size: number;
}

export interface ArchiveEntries {
  readonly files: ReadonlyMap<string, ArchiveFile>;
  /** The small metadata files by name (manifest.json, index.json, oci-layout, repositories). */
  readonly metadata: ReadonlyMap<string, Buffer>;
  /** The file a path names, following symbolic and hard links inside the archive. */
  lookup(path: string, where: string): ArchiveFile;
}

export interface ReadEntriesOptions {
  readonly lease: Lease;
  /** Receives each blob this read adds to the store as it is added, so a failed load can remove them. */
  readonly added: Set<Digest>;
  readonly signal?: AbortSignal;
  readonly maxEntries?: number;
  readonly maxMetadataSize?: number;
}

const blobName = /^blobs\/(sha256)\/([a-f0-9]{64})$/;

/** Streams an entry into the store; a `blobs/<alg>/<hex>` entry must hash to its name or nothing is kept. */
async function ingest(store: Ingester & Provider, body: AsyncIterable<Buffer>, name: string, signal?: AbortSignal): Promise<{ file: ArchiveFile; added: boolean }> {
  const blob = blobName.exec(name);
  const expected = blob ? { digest: `${blob[1]}:${blob[2]}` as Digest } : undefined;
  const writer = await store.openWriter(`load-${randomBytes(8).toString('hex')}`, expected);
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
    if (isDataLoss(err) && expected) {
      throw berthError('invalid-argument', `archive entry ${name}: content hashes to ${writer.status().digest}; the archive is corrupt or was tampered with`, err);
    }
    throw berthError('invalid-argument', `archive entry ${JSON.stringify(name)}: ${(err as Error).message}`, err);
  }
}

export async function readArchiveEntries(store: Ingester & Provider, archive: Readable, options: ReadEntriesOptions): Promise<ArchiveEntries> {
  const maxEntries = options.maxEntries ?? 100_000;
  const maxMetadata = options.maxMetadataSize ?? 16 << 20;
  const files = new Map<string, ArchiveFile>();
  const links = new Map<string, string>();
  const metadata = new Map<string, Buffer>();
  const added = options.added;
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
      // a hard link names its target from the archive root, a symlink from its own folder
      const resolved = header.type === 'link' ? archivePath(header.linkname) : linkTarget(path, header.linkname);
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
    options.lease.addContent(file.digest);
    if (isNew) added.add(file.digest);
    files.set(path, file);
  }
  return {
    files, metadata,
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
