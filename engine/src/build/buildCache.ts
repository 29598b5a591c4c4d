// The build cache: one record per step key, saying when the step first ran and which layer it
// wrote (none for config-only steps). Records are small JSON files written atomically; the layers
// themselves are ordinary blobs in the content store (and snapshots under their ChainIDs), so a
// hit only has to check the blob is still there. A record that cannot be read is a miss, never a
// failed build.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { errnoCode } from '../image/berthError';
import { isDigest, type Digest } from '../image/digest';
import { isTempFile, writeFileAtomic } from '../store/atomicFile';

export interface CachedLayer {
  readonly mediaType: string;
  readonly digest: Digest;
  readonly size: number;
  readonly diffId: Digest;
  /** Bytes of the uncompressed tar (what the editor shows as the layer's size). */
  readonly uncompressedSize?: number;
}

export interface CacheRecord {
  readonly key: string;
  /** When the step first ran (RFC 3339): the history entry's `created`, so a cached build gives the same image. */
  readonly created: string;
  readonly layer?: CachedLayer;
  /** Last time a build used the record (RFC 3339), for pruning by age. */
  readonly lastUsed?: string;
}

function fileName(key: string): string {
  return `${key.replace(/^sha256:/, '')}.json`;
}

function parseRecord(text: string, key: string): CacheRecord | undefined {
  try {
    const r = JSON.parse(text) as Partial<CacheRecord>;
    if (r.key !== key || typeof r.created !== 'string') return undefined;
    const l = r.layer;
    if (l !== undefined && (typeof l.mediaType !== 'string' || !isDigest(l.digest) || !isDigest(l.diffId) || typeof l.size !== 'number')) return undefined;
    return { key, created: r.created, ...(l ? { layer: l } : {}), ...(typeof r.lastUsed === 'string' ? { lastUsed: r.lastUsed } : {}) };
  } catch {
    return undefined;
  }
}

export class BuildCache {
  private readonly memory = new Map<string, CacheRecord | undefined>();

  private constructor(private readonly dir: string) {}

  static async open(dir: string): Promise<BuildCache> {
    await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
    return new BuildCache(dir);
  }

  async get(key: string): Promise<CacheRecord | undefined> {
    if (this.memory.has(key)) return this.memory.get(key);
    let record: CacheRecord | undefined;
    try {
      record = parseRecord(await fsp.readFile(join(this.dir, fileName(key)), 'utf8'), key);
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw err;
    }
    this.remember(key, record);
    return record;
  }

  /** Keeps recent lookups in memory (a daemon lives long; the map must not grow without bound). */
  private remember(key: string, record: CacheRecord | undefined): void {
    if (this.memory.size >= 20_000) this.memory.clear();
    this.memory.set(key, record);
  }

  async put(record: CacheRecord): Promise<void> {
    await writeFileAtomic(join(this.dir, fileName(record.key)), JSON.stringify(record));
    this.remember(record.key, record);
  }

  async remove(key: string): Promise<void> {
    await fsp.rm(join(this.dir, fileName(key)), { force: true });
    this.remember(key, undefined);
  }

  /** Every readable record (temp files and damaged records are skipped; `prune` removes them). */
  async list(): Promise<CacheRecord[]> {
    const out: CacheRecord[] = [];
    for (const name of await fsp.readdir(this.dir)) {
      if (isTempFile(name) || !name.endsWith('.json')) continue;
      const key = `sha256:${name.slice(0, -5)}`;
      const record = await this.get(key);
      if (record) out.push(record);
    }
    return out;
  }

  /** Files that are not records: leftovers of interrupted writes and damaged records. */
  async strays(): Promise<string[]> {
    const out: string[] = [];
    for (const name of await fsp.readdir(this.dir)) {
      if (isTempFile(name) || !name.endsWith('.json') || !(await this.get(`sha256:${name.slice(0, -5)}`))) out.push(join(this.dir, name));
    }
    return out;
  }
}
