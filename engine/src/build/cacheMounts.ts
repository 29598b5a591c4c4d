// The directories behind `RUN --mount=type=cache`: kept between builds under the build root, one
// per cache id, with BuildKit's sharing modes. `shared`: every step using the id gets the same
// directory at once; `locked`: a second step waits until the first is done; `private`: a step
// that finds the directory in use gets another one of its own (kept too, for later builds). A new
// directory gets the mount's mode and owner. `builder prune` removes them (never one in use) and
// disk usage accounts for them.
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, join } from 'node:path';
import { errnoCode } from '../image/berthError';
import { writeFileAtomic } from '../store/atomicFile';
import { treeUsage } from '../snapshot/treeUsage';
import type { CacheSharing } from './runMounts';

export interface CacheDirOptions {
  readonly sharing: CacheSharing;
  readonly mode?: number;
  readonly uid?: number;
  readonly gid?: number;
  /** Fills a directory that was just created (the mount's `from`/`source`). */
  readonly seed?: (dir: string) => Promise<void>;
}

export interface HeldCacheDir {
  readonly dir: string;
  release(): void;
}

export interface CacheMountInfo {
  readonly id: string;
  readonly path: string;
  readonly bytes: number;
  readonly inUse: boolean;
  readonly lastUsed: Date;
}

interface Holder {
  users: number;
  waiters: (() => void)[];
}

export class CacheMounts {
  private readonly held = new Map<string, Holder>();
  /** Directories being made or known to exist, so concurrent steps create each one once. */
  private readonly ready = new Map<string, Promise<string>>();

  constructor(private readonly root: string) {}

  private base(id: string): string {
    return createHash('sha256').update(id).digest('hex').slice(0, 32);
  }

  private async ensure(name: string, id: string, options: CacheDirOptions): Promise<string> {
    const path = join(this.root, name);
    const dir = join(path, 'data');
    try {
      await fsp.mkdir(path, { recursive: false, mode: 0o700 });
    } catch (err) {
      if (errnoCode(err) !== 'EEXIST') throw err;
      // the id file is written last: without it, a crash interrupted the creation
      if ((await fsp.readFile(join(path, 'id'), 'utf8').catch(() => undefined)) === id) {
        await fsp.utimes(path, new Date(), new Date());
        return dir;
      }
      await fsp.rm(path, { recursive: true, force: true });
      await fsp.mkdir(path, { recursive: false, mode: 0o700 });
    }
    try {
      await fsp.mkdir(dir, { mode: options.mode ?? 0o755 });
      await fsp.chmod(dir, options.mode ?? 0o755);
      await fsp.chown(dir, options.uid ?? 0, options.gid ?? 0);
      await options.seed?.(dir);
      await writeFileAtomic(join(path, 'id'), id);
    } catch (err) {
      await fsp.rm(path, { recursive: true, force: true });
      throw err;
    }
    return dir;
  }

  /** The directory for cache `id`; release it when the step is done. */
  async acquire(id: string, options: CacheDirOptions): Promise<HeldCacheDir> {
    await fsp.mkdir(this.root, { recursive: true, mode: 0o700 });
    let name = this.base(id);
    if (options.sharing === 'private') {
      for (let n = 1; (this.held.get(name)?.users ?? 0) > 0; n++) name = `${this.base(id)}.${n}`;
    }
    const holder = this.held.get(name) ?? { users: 0, waiters: [] };
    this.held.set(name, holder);
    if (options.sharing === 'locked' && holder.users > 0) await new Promise<void>((resolve) => holder.waiters.push(resolve));
    holder.users++;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      holder.users--;
      holder.waiters.shift()?.();
      if (holder.users === 0 && holder.waiters.length === 0) this.held.delete(name);
    };
    try {
      let ready = this.ready.get(name);
      if (!ready) {
        ready = this.ensure(name, id, options);
        this.ready.set(name, ready);
        ready.catch(() => this.ready.delete(name));
      }
      const dir = await ready;
      const now = new Date();
      await fsp.utimes(join(this.root, name), now, now).catch(() => undefined);
      return { dir, release };
    } catch (err) {
      release();
      throw err;
    }
  }

  async list(): Promise<CacheMountInfo[]> {
    let names: string[];
    try {
      names = await fsp.readdir(this.root);
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return [];
      throw err;
    }
    const out: CacheMountInfo[] = [];
    for (const name of names) {
      const path = join(this.root, name);
      const id = await fsp.readFile(join(path, 'id'), 'utf8').catch(() => '');
      const st = await fsp.stat(path).catch(() => undefined);
      if (!st) continue;
      out.push({ id, path, bytes: (await treeUsage(path)).size, inUse: (this.held.get(name)?.users ?? 0) > 0, lastUsed: st.mtime });
    }
    return out;
  }

  /** Removes cache directories not in use (only those unused since `until`, when given). */
  async prune(options: { until?: Date } = {}): Promise<{ removed: string[]; reclaimedBytes: number }> {
    const removed: string[] = [];
    let reclaimedBytes = 0;
    for (const info of await this.list()) {
      if (info.inUse || (options.until && info.lastUsed > options.until)) continue;
      this.ready.delete(basename(info.path));
      await fsp.rm(info.path, { recursive: true, force: true });
      removed.push(info.id);
      reclaimedBytes += info.bytes;
    }
    return { removed, reclaimedBytes };
  }
}
