// Snapshots as overlayfs layers (containerd's overlay snapshotter): each snapshot's `fs/` holds only
// its own changes, in overlayfs format (whiteouts are 0/0 character devices, opaque directories
// carry trusted.overlay.opaque=y), and a stack is mounted with its parents as lowerdirs.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { RecordedSnapshotter } from './recordedSnapshotter';
import { SnapshotRecords, type SnapshotRecord } from './snapshotRecords';
import type { Mount, SnapshotKind } from './snapshotter';

export class OverlaySnapshotter extends RecordedSnapshotter {
  readonly kind = 'overlay';

  static async open(root: string): Promise<OverlaySnapshotter> {
    return new OverlaySnapshotter(await SnapshotRecords.open(root));
  }

  protected async populate(kind: SnapshotKind, _key: string, _parent: SnapshotRecord | undefined, dir: string): Promise<void> {
    if (kind === 'active') await fsp.mkdir(join(dir, 'work'), { mode: 0o700 });
  }

  protected override async beforeCommit(record: SnapshotRecord): Promise<void> {
    await fsp.rm(join(this.records.dir(record.id), 'work'), { recursive: true, force: true });
  }

  protected mountsOf(record: SnapshotRecord): Mount[] {
    const lowers = record.parent === undefined ? [] : this.records.chain(record.parent).map((r) => this.records.fsDir(r.id));
    if (record.kind === 'active') {
      if (lowers.length === 0) return [{ type: 'bind', source: this.records.fsDir(record.id), options: ['rw', 'rbind'] }];
      return [{
        type: 'overlay',
        source: 'overlay',
        options: ['index=off', `lowerdir=${lowers.join(':')}`, `upperdir=${this.records.fsDir(record.id)}`, `workdir=${join(this.records.dir(record.id), 'work')}`],
      }];
    }
    if (lowers.length === 0) return [{ type: 'bind', source: this.records.fsDir(record.id), options: ['ro', 'rbind'] }];
    // overlayfs needs two lowers to mount without an upper; one parent is a read-only bind
    if (lowers.length === 1) return [{ type: 'bind', source: lowers[0]!, options: ['ro', 'rbind'] }];
    return [{ type: 'overlay', source: 'overlay', options: ['index=off', `lowerdir=${lowers.join(':')}`] }];
  }
}
