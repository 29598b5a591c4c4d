// Volumes (Docker's local driver): named directories that outlive containers, at
// `<dir>/<name>/_data`, each with its record beside it (`<dir>/<name>/volume.json`, replaced
// atomically). A volume with device options is mounted on `_data` the first time it is used
// (localDriver.ts). Which containers use a volume comes from the container records, through the
// `users` function the composition root passes; names being resolved for a container that does not
// exist yet are held (`hold`) so a concurrent prune cannot take them.
//
//   const volumes = await VolumeStore.open({ dir: join(root, 'volumes'), users: (name) => … });
//   const { volume } = await volumes.create({ name: 'data', labels: { app: 'web' } });
//   const hostDir = await volumes.use('data');        // mounts device volumes; the path to bind
//   await volumes.remove('data');                     // failed-precondition while a container uses it
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { berthError, isFailedPrecondition, isNotFound } from '../image/berthError';
import { Mutex, isTempFile, writeFileAtomic } from '../store/atomicFile';
import { treeUsage } from '../snapshot/treeUsage';
import { checkDriverOptions, hasDeviceMount, mountDevice, unmountDevice } from './localDriver';
import { anonymousLabel, anonymousVolumeName, checkVolumeName } from './volumeName';

export interface VolumeRecord {
  readonly name: string;
  readonly driver: 'local';
  /** RFC 3339. */
  readonly createdAt: string;
  /** null when the request gave none (Docker shows `null`, not `{}`). */
  readonly labels: Readonly<Record<string, string>> | null;
  readonly options: Readonly<Record<string, string>> | null;
  /** The container an anonymous volume was made for; `autoRemove`: it goes when that container does. */
  readonly owner?: { readonly container: string; readonly autoRemove: boolean };
}

export interface CreateVolumeOptions {
  /** Absent: a random name (64 hex digits). */
  readonly name?: string;
  /** Made for a container that did not name it: labelled as Docker labels anonymous volumes. */
  readonly anonymous?: boolean;
  readonly driver?: string;
  readonly options?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface VolumeStoreOptions {
  readonly dir: string;
  /** IDs of the containers (any state) whose mounts name the volume. */
  readonly users?: (name: string) => readonly string[];
  readonly log?: (line: string) => void;
}

const recordFile = 'volume.json';
const trashPrefix = '.trash-';

export class VolumeStore {
  private readonly lock = new Mutex();
  private readonly holds = new Map<string, { count: number; until: number }>();

  private constructor(private readonly dir: string, private readonly records: Map<string, VolumeRecord>, private readonly users: (name: string) => readonly string[]) {}

  static async open(o: VolumeStoreOptions): Promise<VolumeStore> {
    await fsp.mkdir(o.dir, { recursive: true, mode: 0o701 });
    const records = new Map<string, VolumeRecord>();
    for (const name of await fsp.readdir(o.dir)) {
      const path = join(o.dir, name);
      if (name.startsWith(trashPrefix) || isTempFile(name)) {
        await fsp.rm(path, { recursive: true, force: true }); // a removal or write a crash interrupted
        continue;
      }
      const record = await readRecord(path, name);
      if (record) {
        records.set(name, record);
        continue;
      }
      // a create a crash interrupted (or an unreadable record): an empty volume is dropped, data never
      const data = await fsp.readdir(join(path, '_data')).catch(() => undefined);
      if (data === undefined || data.length === 0) {
        await fsp.rm(path, { recursive: true, force: true });
      } else {
        const adopted: VolumeRecord = { name, driver: 'local', createdAt: new Date().toISOString(), labels: null, options: null };
        await writeFileAtomic(join(path, recordFile), JSON.stringify(adopted));
        records.set(name, adopted);
        o.log?.(`volume ${name}: its record was missing; kept the data with a new record`);
      }
    }
    return new VolumeStore(o.dir, records, o.users ?? (() => []));
  }

  /** The volume's data directory on the host (where `use` mounts device volumes). */
  mountpoint(name: string): string {
    return join(this.dir, name, '_data');
  }

  get(name: string): VolumeRecord {
    const record = this.records.get(name);
    if (!record) throw berthError('not-found', `get ${name}: no such volume`);
    return record;
  }

  find(name: string): VolumeRecord | undefined {
    return this.records.get(name);
  }

  list(): VolumeRecord[] {
    return [...this.records.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Containers using the volume, plus a marker for creates in progress that hold it. */
  usersOf(name: string): string[] {
    const ids = [...this.users(name)];
    return this.held(name) ? [...ids, '(a container being created)'] : ids;
  }

  /** Creates the volume, or returns the existing one of that name (`created: false`), as Docker does. */
  create(o: CreateVolumeOptions = {}): Promise<{ volume: VolumeRecord; created: boolean }> {
    return this.lock.run(async () => {
      const name = o.name || anonymousVolumeName();
      checkVolumeName(name);
      const driver = o.driver || 'local';
      if (driver !== 'local') throw berthError('not-found', `create ${name}: error looking up volume plugin ${driver}: plugin "${driver}" not found (only the local driver exists in this engine)`);
      const existing = this.records.get(name);
      if (existing) return { volume: existing, created: false };
      checkDriverOptions(name, o.options ?? {});
      const labels = o.anonymous ? { ...o.labels, [anonymousLabel]: '' } : o.labels ?? null;
      const record: VolumeRecord = { name, driver: 'local', createdAt: new Date().toISOString(), labels, options: o.options ?? null };
      const path = join(this.dir, name);
      await fsp.mkdir(path, { mode: 0o701 });
      try {
        await fsp.mkdir(join(path, '_data'), { mode: 0o755 });
        await writeFileAtomic(join(path, recordFile), JSON.stringify(record));
      } catch (err) {
        await fsp.rm(path, { recursive: true, force: true });
        throw err;
      }
      this.records.set(name, record);
      return { volume: record, created: true };
    });
  }

  /** The host directory a container binds: device volumes are mounted first. */
  async use(name: string): Promise<string> {
    const record = this.get(name);
    const target = this.mountpoint(name);
    if (hasDeviceMount(record.options)) mountDevice(name, record.options!, target);
    return target;
  }

  /**
   * Protects names from removal while a container that will use them is being created: until
   * `release`, or for `forMs` at most (a create that failed never releases).
   */
  hold(names: readonly string[], forMs: number): void {
    const until = Date.now() + forMs;
    for (const n of names) {
      const h = this.holds.get(n);
      this.holds.set(n, { count: (h?.count ?? 0) + 1, until: Math.max(until, h?.until ?? 0) });
    }
  }

  release(names: readonly string[]): void {
    for (const n of names) {
      const h = this.holds.get(n);
      if (h && h.count > 1) this.holds.set(n, { ...h, count: h.count - 1 });
      else this.holds.delete(n);
    }
  }

  private held(name: string): boolean {
    const h = this.holds.get(name);
    if (h && Date.now() > h.until) this.holds.delete(name);
    return this.holds.has(name);
  }

  /** Marks an anonymous volume as made for `container` (removed with it under --rm or rm -v). */
  setOwner(name: string, owner: { container: string; autoRemove: boolean }): Promise<void> {
    return this.lock.run(async () => {
      const record = { ...this.get(name), owner };
      await writeFileAtomic(join(this.dir, name, recordFile), JSON.stringify(record));
      this.records.set(name, record);
    });
  }

  /**
   * Removes the volume and its data. In use: failed-precondition (Docker's 409), force or not;
   * `force` only makes a missing volume not an error.
   */
  remove(name: string, options: { force?: boolean } = {}): Promise<void> {
    return this.lock.run(async () => {
      const record = this.records.get(name);
      if (!record) {
        if (options.force) return;
        throw berthError('not-found', `get ${name}: no such volume`);
      }
      const users = this.usersOf(name);
      if (users.length > 0) throw berthError('failed-precondition', `remove ${name}: volume is in use - [${users.join(', ')}]`);
      await this.destroy(name);
    });
  }

  private async destroy(name: string): Promise<void> {
    unmountDevice(this.mountpoint(name));
    // renamed away first, so a crash mid-removal never leaves a half-deleted volume under its name
    const trash = join(this.dir, `${trashPrefix}${name}-${randomBytes(4).toString('hex')}`);
    await fsp.rename(join(this.dir, name), trash);
    this.records.delete(name);
    await fsp.rm(trash, { recursive: true, force: true });
  }

  /**
   * Volumes no container uses that `select` accepts, removed; what went and the bytes freed.
   * Volumes that turn out to be in use meanwhile are skipped.
   */
  prune(select: (v: VolumeRecord) => boolean): Promise<{ removed: string[]; reclaimedBytes: number }> {
    return this.lock.run(async () => {
      const removed: string[] = [];
      let reclaimedBytes = 0;
      for (const v of this.list()) {
        if (!select(v) || this.usersOf(v.name).length > 0) continue;
        const { size } = await this.usage(v.name).catch(() => ({ size: 0 }));
        await this.destroy(v.name);
        removed.push(v.name);
        reclaimedBytes += size;
      }
      return { removed, reclaimedBytes };
    });
  }

  /**
   * A container is gone: its anonymous volumes go too when `removeAnonymous` (`docker rm -v`) or
   * when it was created with --rm. Volumes another container also uses stay.
   */
  async containerRemoved(container: string, options: { removeAnonymous: boolean }): Promise<string[]> {
    const owned = this.list().filter((v) => v.owner?.container === container && (options.removeAnonymous || v.owner.autoRemove));
    const removed: string[] = [];
    for (const v of owned) {
      try {
        await this.remove(v.name);
        removed.push(v.name);
      } catch (err) {
        if (!isNotFound(err) && !isFailedPrecondition(err)) throw err;
      }
    }
    return removed;
  }

  /** Bytes and inodes under `_data`. */
  usage(name: string): Promise<{ size: number; inodes: number }> {
    this.get(name);
    return treeUsage(this.mountpoint(name));
  }
}

async function readRecord(path: string, name: string): Promise<VolumeRecord | undefined> {
  let value: unknown;
  try {
    value = JSON.parse(await fsp.readFile(join(path, recordFile), 'utf8'));
  } catch {
    return undefined; // missing or torn: the caller keeps the data under a new record
  }
  const record = value as VolumeRecord;
  if (typeof value !== 'object' || value === null || record.name !== name) return undefined;
  return record;
}
