// Snapshots as full copies (containerd's native snapshotter), for filesystems where overlayfs is not
// available: an active snapshot starts as a copy of its parent's whole tree (`cp -a`, which keeps
// owners, modes, times, xattrs, hard links and devices, and reflinks where it can), whiteouts are
// applied by deleting, and every mount is a bind mount of one directory.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { berthError } from '../image/berthError';
import { RecordedSnapshotter } from './recordedSnapshotter';
import { SnapshotRecords, type SnapshotRecord } from './snapshotRecords';
import type { Mount, SnapshotKind } from './snapshotter';

const run = promisify(execFile);

export class CopySnapshotter extends RecordedSnapshotter {
  readonly kind = 'copy';

  static async open(root: string): Promise<CopySnapshotter> {
    return new CopySnapshotter(await SnapshotRecords.open(root));
  }

  protected async populate(kind: SnapshotKind, key: string, parent: SnapshotRecord | undefined, dir: string): Promise<void> {
    // a view reads its parent in place; only writable snapshots need their own copy
    if (parent === undefined || kind !== 'active') return;
    try {
      await run('cp', ['-a', '--reflink=auto', `${this.records.fsDir(parent.id)}/.`, `${dir}/fs/`]);
    } catch (err) {
      throw berthError('internal', `snapshot ${key}: copying parent ${parent.name} failed: ${(err as { stderr?: string }).stderr ?? (err as Error).message}`, err);
    }
  }

  protected mountsOf(record: SnapshotRecord): Mount[] {
    if (record.kind === 'active') return [{ type: 'bind', source: this.records.fsDir(record.id), options: ['rw', 'rbind'] }];
    const source = record.parent === undefined ? record : this.records.get(record.parent);
    return [{ type: 'bind', source: this.records.fsDir(source.id), options: ['ro', 'rbind'] }];
  }
}
