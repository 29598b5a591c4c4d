// The on-disk bookkeeping both snapshotters share: `<root>/snapshots/<id>/` holds the tree (`fs/`,
// plus overlay's `work/`) and `record.json` (name, kind, parent, labels), written atomically and
// last, so a directory without a record is an interrupted create. Removal first renames the
// directory into `<root>/trash/`, so a crash mid-delete never leaves a half-deleted snapshot that
// still looks valid. Short random ids keep overlay's lowerdir option short.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { berthError, errnoCode } from '../image/berthError';
import { isTempFile, Mutex, writeFileAtomic } from '../store/atomicFile';
import type { SnapshotInfo, SnapshotKind } from './snapshotter';

export interface SnapshotRecord extends SnapshotInfo {
  readonly id: string;
}

export interface SnapshotProblem {
  /** The directory or record involved. */
  readonly path: string;
  readonly message: string;
}

const recordFile = 'record.json';

function parseRecord(text: string, id: string): SnapshotRecord {
  const value: unknown = JSON.parse(text);
  if (typeof value !== 'object' || value === null) throw new Error('not an object');
  const r = value as Record<string, unknown>;
  const kinds: SnapshotKind[] = ['active', 'view', 'committed'];
  if (typeof r.name !== 'string' || !kinds.includes(r.kind as SnapshotKind) || typeof r.createdAt !== 'string') throw new Error('missing fields');
  if (r.parent !== undefined && typeof r.parent !== 'string') throw new Error('bad parent');
  const labels = typeof r.labels === 'object' && r.labels !== null ? (r.labels as Record<string, string>) : {};
  return { id, name: r.name, kind: r.kind as SnapshotKind, ...(typeof r.parent === 'string' ? { parent: r.parent } : {}), labels, createdAt: r.createdAt };
}

export class SnapshotRecords {
  readonly mutex = new Mutex();
  private readonly byName = new Map<string, SnapshotRecord>();
  private readonly broken: SnapshotProblem[] = [];
  /** Ids of directories without a record found at open: creates a crash interrupted. */
  private readonly interrupted: string[] = [];

  private constructor(readonly root: string) {}

  static async open(root: string): Promise<SnapshotRecords> {
    const records = new SnapshotRecords(root);
    await fsp.mkdir(join(root, 'snapshots'), { recursive: true, mode: 0o700 });
    await fsp.mkdir(join(root, 'trash'), { recursive: true, mode: 0o700 });
    await records.load();
    return records;
  }

  dir(id: string): string {
    return join(this.root, 'snapshots', id);
  }

  fsDir(id: string): string {
    return join(this.dir(id), 'fs');
  }

  find(name: string): SnapshotRecord | undefined {
    return this.byName.get(name);
  }

  get(name: string): SnapshotRecord {
    const record = this.byName.get(name);
    if (!record) throw berthError('not-found', `snapshot ${name}: not found`);
    return record;
  }

  list(): SnapshotRecord[] {
    return [...this.byName.values()];
  }

  /** `name` and its ancestors, nearest first. */
  chain(name: string): SnapshotRecord[] {
    const out: SnapshotRecord[] = [];
    for (let r: SnapshotRecord | undefined = this.get(name); r; r = r.parent === undefined ? undefined : this.get(r.parent)) out.push(r);
    return out;
  }

  hasChildren(name: string): boolean {
    return this.list().some((r) => r.parent === name);
  }

  /** Creates the directory, lets `populate` fill it, then writes the record that makes it exist. */
  async create(name: string, kind: SnapshotKind, parent: string | undefined, labels: Readonly<Record<string, string>>, populate: (dir: string) => Promise<void>): Promise<SnapshotRecord> {
    if (this.byName.has(name)) throw berthError('already-exists', `snapshot ${name}: already exists`);
    if (parent !== undefined && this.get(parent).kind !== 'committed') throw berthError('failed-precondition', `snapshot ${name}: parent ${parent} is not committed`);
    const id = randomBytes(6).toString('hex');
    const dir = this.dir(id);
    await fsp.mkdir(dir, { mode: 0o700 });
    const record: SnapshotRecord = { id, name, kind, ...(parent === undefined ? {} : { parent }), labels: { ...labels }, createdAt: new Date().toISOString() };
    try {
      await fsp.mkdir(join(dir, 'fs'), { mode: 0o755 });
      await populate(dir);
      await this.writeRecord(record);
    } catch (err) {
      await fsp.rm(dir, { recursive: true, force: true });
      throw err;
    }
    this.byName.set(name, record);
    return record;
  }

  /** Renames a record (commit): one atomic record write. */
  async rename(from: string, to: string, kind: SnapshotKind, labels?: Readonly<Record<string, string>>): Promise<void> {
    const old = this.get(from);
    if (this.byName.has(to)) throw berthError('already-exists', `snapshot ${to}: already exists`);
    const record: SnapshotRecord = { ...old, name: to, kind, labels: { ...old.labels, ...labels } };
    await this.writeRecord(record);
    this.byName.delete(from);
    this.byName.set(to, record);
  }

  async delete(name: string): Promise<void> {
    const record = this.get(name);
    if (this.hasChildren(name)) throw berthError('failed-precondition', `snapshot ${name}: has children; remove them first`);
    const trashed = join(this.root, 'trash', record.id);
    await fsp.rename(this.dir(record.id), trashed);
    this.byName.delete(name);
    await fsp.rm(trashed, { recursive: true, force: true });
  }

  private async writeRecord(record: SnapshotRecord): Promise<void> {
    const { id: _id, ...stored } = record;
    await writeFileAtomic(join(this.dir(record.id), recordFile), JSON.stringify(stored, null, 2));
  }

  private async load(): Promise<void> {
    for (const id of await fsp.readdir(join(this.root, 'snapshots'))) {
      const path = join(this.dir(id), recordFile);
      let record: SnapshotRecord;
      try {
        record = parseRecord(await fsp.readFile(path, 'utf8'), id);
      } catch (err) {
        const missing = errnoCode(err) === 'ENOENT';
        const why = missing ? 'has no record (an interrupted create)' : `has an unreadable record (${(err as Error).message})`;
        if (missing) this.interrupted.push(id);
        this.broken.push({ path: this.dir(id), message: `snapshot directory ${id} ${why}` });
        continue;
      }
      if (this.byName.has(record.name)) {
        this.broken.push({ path: this.dir(id), message: `snapshot directory ${id} repeats the name ${record.name}` });
        continue;
      }
      this.byName.set(record.name, record);
    }
  }

  /** What verify reports: broken directories, trash and temp leftovers, dangling parents. */
  async problems(): Promise<SnapshotProblem[]> {
    const out = [...this.broken];
    for (const name of await fsp.readdir(join(this.root, 'trash'))) out.push({ path: join(this.root, 'trash', name), message: `interrupted removal left ${name} in the trash` });
    for (const r of this.list()) {
      if (r.parent !== undefined && !this.byName.has(r.parent)) out.push({ path: this.dir(r.id), message: `snapshot ${r.name}: parent ${r.parent} is missing` });
      for (const f of await fsp.readdir(this.dir(r.id))) if (isTempFile(f)) out.push({ path: join(this.dir(r.id), f), message: `snapshot ${r.name}: leftover temp file ${f}` });
    }
    return out;
  }

  /**
   * What a crash left that nothing can still be using, for GC: directories of creates that had
   * not written their record when the snapshotter was opened (nothing in this process was making
   * them), and the trash of interrupted removals. Unreadable records are left to repair, which
   * says what it deletes. Returns the paths removed.
   */
  async removeLeftovers(): Promise<string[]> {
    const removed: string[] = [];
    for (const id of this.interrupted.splice(0)) {
      const dir = this.dir(id);
      await fsp.rm(dir, { recursive: true, force: true });
      const at = this.broken.findIndex((p) => p.path === dir);
      if (at >= 0) this.broken.splice(at, 1);
      removed.push(dir);
    }
    for (const name of await fsp.readdir(join(this.root, 'trash'))) {
      await fsp.rm(join(this.root, 'trash', name), { recursive: true, force: true });
      removed.push(join(this.root, 'trash', name));
    }
    return removed;
  }

  /** Removes what problems() reports; snapshots with a missing parent go too (they cannot be mounted). */
  async repair(): Promise<SnapshotProblem[]> {
    const found = await this.problems();
    for (const p of found) await fsp.rm(p.path, { recursive: true, force: true });
    this.broken.length = 0;
    this.interrupted.length = 0;
    // a record whose directory went away above is forgotten, deepest orphans first
    for (let changed = true; changed; ) {
      changed = false;
      for (const r of this.list()) {
        const gone = await fsp.stat(this.dir(r.id)).then(() => false, () => true);
        if (gone || (r.parent !== undefined && !this.byName.has(r.parent))) {
          await fsp.rm(this.dir(r.id), { recursive: true, force: true });
          this.byName.delete(r.name);
          changed = true;
        }
      }
    }
    return found;
  }
}
