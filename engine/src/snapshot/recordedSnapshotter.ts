// The Snapshotter lifecycle over SnapshotRecords, shared by both implementations: they differ only
// in how a new snapshot's directory is filled, how its mounts look, and what commit tidies up.
import { berthError } from '../image/berthError';
import type { SnapshotRecord, SnapshotRecords } from './snapshotRecords';
import type { Mount, SnapshotInfo, SnapshotKind, SnapshotOptions, Snapshotter, Usage } from './snapshotter';
import { treeUsage } from './treeUsage';

function info(r: SnapshotRecord): SnapshotInfo {
  const { id: _id, ...rest } = r;
  return rest;
}

export abstract class RecordedSnapshotter implements Snapshotter {
  abstract readonly kind: string;

  protected constructor(protected readonly records: SnapshotRecords) {}

  /** The bookkeeping, for verify/repair and GC. */
  get store(): SnapshotRecords {
    return this.records;
  }

  /** Fills a new snapshot's directory (`dir/fs` exists and is empty). */
  protected abstract populate(kind: SnapshotKind, key: string, parent: SnapshotRecord | undefined, dir: string): Promise<void>;
  protected abstract mountsOf(record: SnapshotRecord): Mount[];
  protected async beforeCommit(_record: SnapshotRecord): Promise<void> {}

  async stat(key: string): Promise<SnapshotInfo> {
    return info(this.records.get(key));
  }

  prepare(key: string, parent?: string, options?: SnapshotOptions): Promise<Mount[]> {
    return this.create('active', key, parent, options);
  }

  view(key: string, parent?: string, options?: SnapshotOptions): Promise<Mount[]> {
    return this.create('view', key, parent, options);
  }

  private create(kind: SnapshotKind, key: string, parent: string | undefined, options?: SnapshotOptions): Promise<Mount[]> {
    return this.records.mutex.run(async () => {
      const parentRecord = parent === undefined ? undefined : this.records.get(parent);
      const record = await this.records.create(key, kind, parent, options?.labels ?? {}, (dir) => this.populate(kind, key, parentRecord, dir));
      return this.mountsOf(record);
    });
  }

  async mounts(key: string): Promise<Mount[]> {
    const record = this.records.get(key);
    if (record.kind === 'committed') throw berthError('failed-precondition', `snapshot ${key}: committed snapshots are mounted through a view or as a parent`);
    return this.mountsOf(record);
  }

  commit(name: string, key: string, options?: SnapshotOptions): Promise<void> {
    return this.records.mutex.run(async () => {
      const record = this.records.get(key);
      if (record.kind !== 'active') throw berthError('failed-precondition', `snapshot ${key}: only active snapshots can be committed (this one is ${record.kind})`);
      if (this.records.find(name)) throw berthError('already-exists', `snapshot ${name}: already exists`);
      await this.beforeCommit(record);
      await this.records.rename(key, name, 'committed', options?.labels);
    });
  }

  remove(key: string): Promise<void> {
    return this.records.mutex.run(() => this.records.delete(key));
  }

  async list(): Promise<SnapshotInfo[]> {
    return this.records.list().map(info);
  }

  async usage(key: string): Promise<Usage> {
    return treeUsage(this.records.fsDir(this.records.get(key).id));
  }
}
