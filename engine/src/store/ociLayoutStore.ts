// A ContentStore that is an OCI image layout (image-spec image-layout.md): `oci-layout`,
// `index.json` and `blobs/<alg>/<hex>`, so skopeo and umoci read it as `oci:<dir>:<ref>`. Writes in
// progress live under `ingest/<hash of ref>/` in the same filesystem; commit verifies size and
// digest, fsyncs, and renames the file into `blobs/`, so a blob is either absent or complete.
import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import { berthError, errnoCode } from '../image/berthError';
import { Digester, digestAlgorithm, digestHex, isDigest, type Digest } from '../image/digest';
import { fsyncDir, writeFileAtomic } from './atomicFile';
import type { BlobInfo, ContentStore, Expected, IngestStatus, Writer } from './contentStore';

export const ociLayoutFile = { imageLayoutVersion: '1.0.0' };

export class OciLayoutStore implements ContentStore {
  private readonly writing = new Set<string>();

  private constructor(readonly root: string) {}

  /** Opens the layout at `root`, creating an empty one when absent. */
  static async open(root: string): Promise<OciLayoutStore> {
    await fsp.mkdir(join(root, 'blobs', 'sha256'), { recursive: true });
    await fsp.mkdir(join(root, 'ingest'), { recursive: true, mode: 0o700 });
    for (const [name, content] of [['oci-layout', ociLayoutFile], ['index.json', { schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] }]] as const) {
      const exists = await fsp.stat(join(root, name)).then(() => true, () => false);
      if (!exists) await writeFileAtomic(join(root, name), JSON.stringify(content));
    }
    return new OciLayoutStore(root);
  }

  blobPath(digest: Digest): string {
    return join(this.root, 'blobs', digestAlgorithm(digest), digestHex(digest));
  }

  async openBlob(digest: Digest, signal?: AbortSignal): Promise<Readable> {
    const path = this.blobPath(digest);
    const handle = await fsp.open(path, 'r').catch((err: unknown) => {
      throw errnoCode(err) === 'ENOENT' ? berthError('not-found', `content ${digest}: not found`, err) : err;
    });
    return createReadStream('', { fd: handle, highWaterMark: 256 * 1024, ...(signal ? { signal } : {}) });
  }

  async info(digest: Digest): Promise<BlobInfo> {
    try {
      const st = await fsp.stat(this.blobPath(digest));
      return { digest, size: st.size, createdAt: st.mtime };
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') throw berthError('not-found', `content ${digest}: not found`, err);
      throw err;
    }
  }

  async listBlobs(): Promise<BlobInfo[]> {
    const out: BlobInfo[] = [];
    for (const algorithm of await fsp.readdir(join(this.root, 'blobs'))) {
      for (const hex of await fsp.readdir(join(this.root, 'blobs', algorithm))) {
        const text = `${algorithm}:${hex}`;
        if (!isDigest(text)) continue; // stray files are verify's business
        const st = await fsp.stat(join(this.root, 'blobs', algorithm, hex));
        out.push({ digest: text, size: st.size, createdAt: st.mtime });
      }
    }
    return out;
  }

  async deleteBlob(digest: Digest): Promise<void> {
    try {
      await fsp.unlink(this.blobPath(digest));
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') throw berthError('not-found', `content ${digest}: not found`, err);
      throw err;
    }
  }

  private ingestDir(ref: string): string {
    return join(this.root, 'ingest', createHash('sha256').update(ref).digest('hex').slice(0, 32));
  }

  /** True while a writer in this process holds `ref`. */
  isWriting(ref: string): boolean {
    return this.writing.has(ref);
  }

  async openWriter(ref: string, expected?: Expected): Promise<Writer> {
    if (this.writing.has(ref)) throw berthError('unavailable', `ingest ${ref}: another write with this ref is in progress`);
    this.writing.add(ref);
    const dir = this.ingestDir(ref);
    try {
      await fsp.rm(dir, { recursive: true, force: true }); // a leftover from a crash restarts from zero
      await fsp.mkdir(dir, { mode: 0o700 });
      await fsp.writeFile(join(dir, 'ref'), ref);
      const handle = await fsp.open(join(dir, 'data'), 'wx', 0o644);
      return new LayoutWriter(this, ref, dir, handle, expected, () => this.writing.delete(ref));
    } catch (err) {
      this.writing.delete(ref);
      await fsp.rm(dir, { recursive: true, force: true });
      throw err;
    }
  }

  async listIngests(): Promise<IngestStatus[]> {
    const out: IngestStatus[] = [];
    for (const name of await fsp.readdir(join(this.root, 'ingest'))) {
      const dir = join(this.root, 'ingest', name);
      // a crash between creating the directory and writing `ref` leaves it missing or empty
      const written = await fsp.readFile(join(dir, 'ref'), 'utf8').catch(() => '');
      const ref = written === '' ? `(unknown ref, ${name})` : written;
      const st = await fsp.stat(join(dir, 'data')).catch(() => undefined);
      const dirStat = await fsp.stat(dir);
      out.push({ ref, offset: st?.size ?? 0, startedAt: dirStat.birthtime, updatedAt: st?.mtime ?? dirStat.mtime });
    }
    return out;
  }

  async abortIngest(ref: string): Promise<void> {
    if (this.writing.has(ref)) throw berthError('unavailable', `ingest ${ref}: a writer in this process still holds it`);
    const dir = ref.startsWith('(unknown ref, ') ? join(this.root, 'ingest', ref.slice(14, -1)) : this.ingestDir(ref);
    const exists = await fsp.stat(dir).then(() => true, () => false);
    if (!exists) throw berthError('not-found', `ingest ${ref}: not found`);
    await fsp.rm(dir, { recursive: true, force: true });
  }

  /** Moves a verified ingest file into blobs/; already-exists when the blob is there. */
  async install(dir: string, digest: Digest, size: number): Promise<BlobInfo> {
    const target = this.blobPath(digest);
    await fsp.mkdir(join(this.root, 'blobs', digestAlgorithm(digest)), { recursive: true });
    if (await fsp.stat(target).then(() => true, () => false)) {
      throw berthError('already-exists', `content ${digest}: already exists`);
    }
    await fsp.rename(join(dir, 'data'), target);
    await fsyncDir(join(this.root, 'blobs', digestAlgorithm(digest)));
    return { digest, size, createdAt: new Date() };
  }
}

class LayoutWriter implements Writer {
  private readonly digester = new Digester();
  private closed = false;

  constructor(
    private readonly store: OciLayoutStore,
    readonly ref: string,
    private readonly dir: string,
    private readonly handle: fsp.FileHandle,
    private readonly expected: Expected | undefined,
    private readonly release: () => void,
  ) {}

  async write(chunk: Uint8Array): Promise<void> {
    if (this.closed) throw berthError('failed-precondition', `ingest ${this.ref}: writer already committed or aborted`);
    const limit = this.expected?.size;
    if (limit !== undefined && this.digester.size + chunk.byteLength > limit) {
      throw berthError('data-loss', `ingest ${this.ref}: more than the expected ${limit} bytes`);
    }
    this.digester.update(chunk);
    let offset = 0;
    while (offset < chunk.byteLength) offset += (await this.handle.write(chunk, offset)).bytesWritten;
  }

  status(): { digest: Digest; size: number } {
    return { digest: this.digester.digest(), size: this.digester.size };
  }

  async commit(expected?: Expected): Promise<BlobInfo> {
    const want = { ...this.expected, ...expected };
    const { digest, size } = this.status();
    try {
      await this.handle.sync();
      await this.finish();
      if (want.size !== undefined && size !== want.size) {
        throw berthError('data-loss', `ingest ${this.ref}: got ${size} bytes, expected ${want.size}`);
      }
      if (want.digest !== undefined && digest !== want.digest) {
        throw berthError('data-loss', `ingest ${this.ref}: content hashes to ${digest}, expected ${want.digest}`);
      }
      return await this.store.install(this.dir, digest, size);
    } finally {
      await fsp.rm(this.dir, { recursive: true, force: true });
      this.release();
    }
  }

  async abort(): Promise<void> {
    if (this.closed) return;
    await this.finish();
    await fsp.rm(this.dir, { recursive: true, force: true });
    this.release();
  }

  private async finish(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close();
  }
}
