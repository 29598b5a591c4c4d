// `docker import`: a root filesystem tar (plain, gzip or zstd) becomes a one-layer image. The tar
// is streamed once: hashed into the diffId, gzip-compressed into a blob; the config records the
// platform, the --change instructions and a history entry. Unpacking the layer is the structural
// check (the layer module rejects hostile and malformed tars); on failure the blobs and the
// snapshot this import made are removed.
import { pipeline } from 'node:stream/promises';
import { Transform, Writable, type Readable } from 'node:stream';
import { berthError, isAlreadyExists } from '../image/berthError';
import type { Descriptor } from '../image/descriptor';
import { Digester, digestOf, type Digest } from '../image/digest';
import { mediaTypes } from '../image/mediaTypes';
import type { Platform } from '../image/platform';
import { createCompressor, openDecompressed } from '../layer/compression';
import { writeBlobBytes } from '../store/blobs';
import type { ContentStore } from '../store/contentStore';
import type { Leases } from '../store/leases';
import { imageFromStore } from '../store/storeImage';
import type { Snapshotter } from '../snapshot/snapshotter';
import { unpackImage } from '../snapshot/unpack';
import { applyConfigChanges } from './configChanges';

export interface ImportOptions {
  readonly content: ContentStore;
  readonly snapshotter: Snapshotter;
  readonly leases: Leases;
  readonly platform: Platform;
  readonly changes?: readonly string[];
  /** History comment; Docker's default is "Imported from -". */
  readonly message?: string;
  /** Names the image once it is whole (while this import still protects it from GC). */
  readonly name: (target: Descriptor) => Promise<void>;
  readonly signal?: AbortSignal;
}

/** Writes a small blob; says whether this call added it. */
async function writeSmallBlob(content: ContentStore, ref: string, bytes: Uint8Array): Promise<{ digest: Digest; size: number; added: boolean }> {
  const existed = await content.info(digestOf(bytes)).then(() => true, () => false);
  const info = await writeBlobBytes(content, ref, bytes);
  return { digest: info.digest, size: info.size, added: !existed };
}

export async function importImage(input: Readable, options: ImportOptions): Promise<Descriptor> {
  const { content, snapshotter, leases } = options;
  const config = applyConfigChanges({}, options.changes ?? []);
  const lease = leases.acquire();
  const created: Digest[] = [];
  let createdSnapshot: Digest | undefined;
  try {
    const { stream } = await openDecompressed(input);
    const diff = new Digester();
    const writer = await content.openWriter(`import-${process.hrtime.bigint()}`);
    let layer: { digest: Digest; size: number };
    try {
      await pipeline(
        stream,
        new Transform({ transform(chunk: Buffer, _e, done) { diff.update(chunk); done(null, chunk); } }),
        createCompressor('gzip'),
        new Writable({ write(chunk: Buffer, _e, done) { writer.write(chunk).then(() => done(), done); } }),
        ...(options.signal ? [{ signal: options.signal }] as const : []),
      );
      if (diff.size === 0) throw berthError('invalid-argument', 'import: the input is empty; expected a tar archive of a root filesystem');
      const info = await writer.commit();
      layer = { digest: info.digest, size: info.size };
      created.push(info.digest);
    } catch (err) {
      await writer.abort().catch(() => undefined);
      if (!isAlreadyExists(err)) throw err;
      layer = writer.status();
    }
    lease.addContent(layer.digest);
    const diffId = diff.digest();
    const now = new Date().toISOString();
    const configBytes = Buffer.from(JSON.stringify({
      architecture: options.platform.architecture,
      os: options.platform.os,
      ...(options.platform.variant === undefined ? {} : { variant: options.platform.variant }),
      created: now,
      config,
      rootfs: { type: 'layers', diff_ids: [diffId] },
      history: [{ created: now, comment: options.message ?? 'Imported from -' }],
    }));
    const configInfo = await writeSmallBlob(content, `import-config-${diffId}`, configBytes);
    lease.addContent(configInfo.digest);
    if (configInfo.added) created.push(configInfo.digest);
    const manifestBytes = Buffer.from(JSON.stringify({
      schemaVersion: 2, mediaType: mediaTypes.ociManifest,
      config: { mediaType: mediaTypes.ociConfig, digest: configInfo.digest, size: configInfo.size },
      layers: [{ mediaType: mediaTypes.ociLayerGzip, digest: layer.digest, size: layer.size }],
    }));
    const manifestInfo = await writeSmallBlob(content, `import-manifest-${diffId}`, manifestBytes);
    lease.addContent(manifestInfo.digest);
    if (manifestInfo.added) created.push(manifestInfo.digest);
    const target: Descriptor = { mediaType: mediaTypes.ociManifest, digest: manifestInfo.digest, size: manifestInfo.size };
    lease.addSnapshot(diffId);
    const existed = await snapshotter.stat(diffId).then(() => true, () => false);
    await unpackImage(snapshotter, imageFromStore(content, target), { lease, ...(options.signal ? { signal: options.signal } : {}) });
    if (!existed) createdSnapshot = diffId;
    await options.name(target);
    return target;
  } catch (err) {
    lease.release();
    for (const digest of created) if (!leases.holdsContent(digest)) await content.deleteBlob(digest).catch(() => undefined);
    if (createdSnapshot !== undefined && !leases.holdsSnapshot(createdSnapshot)) await snapshotter.remove(createdSnapshot).catch(() => undefined);
    throw err;
  } finally {
    lease.release();
  }
}
