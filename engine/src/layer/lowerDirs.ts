// The parent snapshots under an overlay upper dir, consulted when an entry needs a parent directory
// its own layer does not contain: the new directory copies the metadata the merged view shows
// (containerd does the same), and a parent that is a symlink or a file in the merged view is
// refused rather than silently shadowed by a new directory. Lookups go through openat2 beneath
// each lower root, so a lower's symlinks are never followed.
import { closeSync, fstatSync, openSync } from 'node:fs';
import { berthError, errnoCode } from '../image/berthError';
import type { ImpliedDir } from './rootDir';
import { resolveBeneath } from './rootDir';
import { O_DIRECTORY, O_NOFOLLOW, O_PATH, O_RDONLY, openat2 } from './syscalls';
import { isWhiteoutDevice } from './whiteout';

const defaultDir: ImpliedDir = { mode: 0o755, uid: 0, gid: 0 };

export class LowerDirs {
  private readonly fds: number[];

  constructor(paths: readonly string[]) {
    this.fds = paths.map((p) => openSync(p, O_RDONLY | O_DIRECTORY | O_NOFOLLOW));
  }

  close(): void {
    for (const fd of this.fds) closeSync(fd);
  }

  impliedDir(path: string): ImpliedDir {
    for (const lowerFd of this.fds) {
      let fd: number;
      try {
        fd = openat2(lowerFd, path, O_PATH | O_NOFOLLOW, 0, resolveBeneath);
      } catch (err) {
        const code = errnoCode(err);
        if (code === 'ENOENT') continue;
        if (code === 'ELOOP' || code === 'ENOTDIR') {
          throw berthError('invalid-argument', `layer path ${JSON.stringify(path)}: is (or goes through) a symlink or file in a parent layer, and this layer does not replace it; refusing to apply this layer`, err);
        }
        throw err;
      }
      try {
        const stats = fstatSync(fd);
        if (stats.isDirectory()) return { mode: stats.mode & 0o7777, uid: stats.uid, gid: stats.gid };
        if (isWhiteoutDevice(stats)) return defaultDir;
        const what = stats.isSymbolicLink() ? 'a symlink' : 'a file';
        throw berthError('invalid-argument', `layer path ${JSON.stringify(path)}: is (or goes through) ${what} in a parent layer, and this layer does not replace it; refusing to apply this layer`);
      } finally {
        closeSync(fd);
      }
    }
    return defaultDir;
  }
}
