// Content hashes of build-context files for cache keys. A file is read and hashed again only when
// its stat signature (size, mtime, ctime, inode, device) changed since it was last hashed, so a
// warm rebuild reads nothing; a touched file is re-read and, when its bytes are the same, gives
// the same hash, so the step stays cached. Hashing runs in parallel: reads and SHA-256 both go
// to libuv's thread pool (WebCrypto's digest), so both cores work on a large context. The
// signatures persist per context directory (an atomic record), so a new process starts warm.
import { createHash, webcrypto } from 'node:crypto';
import { createReadStream, promises as fsp, type BigIntStats } from 'node:fs';
import { berthError, errnoCode } from '../image/berthError';
import { writeFileAtomic } from '../store/atomicFile';

const parallelism = 8;
/** Files up to this size are read whole and hashed off the main thread; larger ones stream. */
const wholeFileLimit = 64 << 20;
const formatVersion = 1;

export interface HashedFile {
  readonly hostPath: string;
  readonly stats: BigIntStats;
}

type Record = [signature: string, hash: string];

function signature(st: BigIntStats): string {
  return `${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}:${st.dev}`;
}

async function hashFile(path: string, size: bigint, signal?: AbortSignal): Promise<string> {
  if (size <= BigInt(wholeFileLimit)) {
    const bytes = await fsp.readFile(path, { signal });
    return Buffer.from(await webcrypto.subtle.digest('SHA-256', bytes)).toString('hex');
  }
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { signal }) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('hex');
}

export class ContentHashCache {
  private dirty = false;

  private constructor(private readonly file: string | undefined, private readonly records: Map<string, Record>) {}

  /** Signatures from `file` (absent or unreadable: start empty); without a file, memory only. */
  static async open(file?: string): Promise<ContentHashCache> {
    const records = new Map<string, Record>();
    if (file !== undefined) {
      try {
        const parsed = JSON.parse(await fsp.readFile(file, 'utf8')) as { version?: number; files?: Record[] | Readonly<{ [path: string]: Record }> };
        if (parsed.version === formatVersion && parsed.files && typeof parsed.files === 'object') {
          for (const [path, record] of Object.entries(parsed.files)) {
            if (Array.isArray(record) && typeof record[0] === 'string' && typeof record[1] === 'string') records.set(path, [record[0], record[1]]);
          }
        }
      } catch (err) {
        if (errnoCode(err) !== 'ENOENT' && !(err instanceof SyntaxError)) throw err;
      }
    }
    return new ContentHashCache(file, records);
  }

  /** The SHA-256 (hex) of each regular file's content, keyed by host path. */
  async hashFiles(files: readonly HashedFile[], signal?: AbortSignal): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const todo: HashedFile[] = [];
    for (const f of files) {
      const known = this.records.get(f.hostPath);
      if (known && known[0] === signature(f.stats)) out.set(f.hostPath, known[1]);
      else todo.push(f);
    }
    let next = 0;
    const worker = async () => {
      while (next < todo.length) {
        const f = todo[next++]!;
        signal?.throwIfAborted();
        let hash: string;
        try {
          hash = await hashFile(f.hostPath, f.stats.size, signal);
        } catch (err) {
          if (err instanceof Error && err.name === 'AbortError') throw err;
          throw berthError('unavailable', `hash ${f.hostPath}: ${(err as Error).message}; was the file removed or made unreadable during the build?`, err);
        }
        out.set(f.hostPath, hash);
        this.records.set(f.hostPath, [signature(f.stats), hash]);
        this.dirty = true;
      }
    };
    await Promise.all(Array.from({ length: Math.min(parallelism, todo.length) }, worker));
    return out;
  }

  /** Writes the signatures back when anything was hashed. */
  async save(): Promise<void> {
    if (!this.dirty || this.file === undefined) return;
    const files: { [path: string]: Record } = {};
    for (const [path, record] of this.records) files[path] = record;
    await writeFileAtomic(this.file, JSON.stringify({ version: formatVersion, files }));
    this.dirty = false;
  }
}
