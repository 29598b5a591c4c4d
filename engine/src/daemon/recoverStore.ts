// What a start after a crash (kill -9 mid-pull, power loss) cleans up before serving: writes that
// were in progress, half-extracted snapshots, interrupted snapshot removals and temp files of
// atomic writes. None of these can be in use yet, since no request has been served. Damage that
// is not a crash leftover (a corrupted blob) is left for `berth system check` to report.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { isTempFile } from '../store/atomicFile';
import { collectGarbage } from '../store/gc';
import type { StoreParts } from '../store/storeParts';

export interface Recovery {
  readonly removedIngests: number;
  readonly removedSnapshots: number;
  readonly removedBlobs: number;
  readonly otherLeftovers: number;
}

export async function recoverStore(parts: StoreParts): Promise<Recovery> {
  let otherLeftovers = 0;
  for (const s of parts.snapshotters) otherLeftovers += (await s.store.repair()).length;
  for (const name of await fsp.readdir(parts.content.root)) {
    if (!isTempFile(name)) continue;
    await fsp.rm(join(parts.content.root, name), { force: true });
    otherLeftovers++;
  }
  const gc = await collectGarbage(parts);
  return { removedIngests: gc.removedIngests.length, removedSnapshots: gc.removedSnapshots.length, removedBlobs: gc.removedBlobs.length, otherLeftovers };
}
