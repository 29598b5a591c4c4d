// Helpers over the content store interfaces (containerd's content.WriteBlob / ReadBlob).
import type { Readable } from 'node:stream';
import { berthError, isAlreadyExists, isNotFound, isUnavailable } from '../image/berthError';
import { digestOf, type Digest } from '../image/digest';
import type { BlobInfo, Expected, Ingester, Provider, Writer } from './contentStore';

/**
 * A writer under `ref`, or under `ref-1`, `ref-2`, … while another write holds it: two pulls or
 * builds of the same content at once each write their own ingest, and the one that commits second
 * finds the blob there (AlreadyExists) instead of failing on the first one's ref.
 */
export async function openWriterFor(store: Ingester, ref: string, expected?: Expected): Promise<Writer> {
  for (let n = 0; ; n++) {
    try {
      return await store.openWriter(n === 0 ? ref : `${ref}-${n}`, expected);
    } catch (err) {
      if (!isUnavailable(err) || n >= 16) throw err;
    }
  }
}

/**
 * Streams `source` into a new blob under `ref`, verified against `expected` on commit. When a blob
 * with the expected digest already exists, the source is not read at all.
 */
export async function writeBlob(store: Ingester & Provider, ref: string, source: Readable, expected?: Expected): Promise<BlobInfo> {
  if (expected?.digest !== undefined) {
    const existing = await store.info(expected.digest).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
    if (existing) {
      source.destroy();
      return existing;
    }
  }
  const writer = await openWriterFor(store, ref, expected);
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) await writer.write(chunk);
    return await writer.commit();
  } catch (err) {
    source.destroy();
    await writer.abort().catch(() => undefined);
    if (isAlreadyExists(err) && writer.status().digest) return store.info(writer.status().digest);
    throw err;
  }
}

export async function writeBlobBytes(store: Ingester & Provider, ref: string, bytes: Uint8Array): Promise<BlobInfo> {
  const digest = digestOf(bytes);
  const existing = await store.info(digest).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
  if (existing) return existing;
  const writer = await openWriterFor(store, ref, { digest, size: bytes.byteLength });
  try {
    await writer.write(bytes);
    return await writer.commit();
  } catch (err) {
    await writer.abort().catch(() => undefined);
    if (isAlreadyExists(err)) return store.info(digest);
    throw err;
  }
}

/** Reads a whole (small) blob and checks it against its digest: manifests, configs, indexes. */
export async function readBlob(store: Provider, digest: Digest, maxSize = 16 << 20): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of (await store.openBlob(digest)) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxSize) throw berthError('invalid-argument', `blob ${digest}: larger than ${maxSize} bytes, refusing to read it into memory`);
    parts.push(chunk);
  }
  const bytes = Buffer.concat(parts);
  if (digestOf(bytes) !== digest) throw berthError('data-loss', `blob ${digest}: content hashes to ${digestOf(bytes)}; the store is damaged (run berth system check --repair)`);
  return bytes;
}
