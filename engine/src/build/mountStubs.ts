// The mount points a RUN's mounts needed (the runtime creates them in the container's writable
// layer) are not content: once the process is done, empty directories and empty files standing
// at mount targets, and the empty parents created for them, are removed from the layer when the
// layers below did not have them (BuildKit's mount stub cleaner). Removal goes through descriptors
// pinned beneath the layer's directory, so a symlink the step left behind is never followed.
import { readdirSync } from 'node:fs';
import { posix } from 'node:path';
import { errnoCode } from '../image/berthError';
import { RootDir } from '../layer/rootDir';
import { AT_REMOVEDIR, pinnedPath, unlinkat } from '../layer/syscalls';
import { viewOf, type LayerTarget } from './copyInto';
import type { MergedView } from './mergedView';

export function removeMountStubs(target: LayerTarget, lowers: MergedView, targets: readonly string[]): void {
  const view = viewOf(target);
  const root = new RootDir(target.upper);
  try {
    for (const t of targets) {
      for (let path = view.resolve(t, true); path !== '/'; path = posix.dirname(path)) {
        if (lowers.lstat(path)) break;
        const rel = path.slice(1);
        let parentFd: number;
        try {
          parentFd = root.dir(posix.dirname(rel) === '.' ? '' : posix.dirname(rel));
        } catch {
          break;
        }
        const name = posix.basename(rel);
        const st = root.lstatAt(parentFd, name);
        if (!st) continue;
        const empty = st.isDirectory() ? readdirSync(pinnedPath(parentFd, name)).length === 0 : st.isFile() && st.size === 0;
        if (!empty) break;
        try {
          unlinkat(parentFd, name, st.isDirectory() ? AT_REMOVEDIR : 0);
        } catch (err) {
          if (errnoCode(err) !== 'ENOENT') throw err;
        }
        root.forget();
        root.settle();
      }
    }
  } finally {
    root.close();
  }
}

