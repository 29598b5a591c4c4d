// Docker's copy-up: a volume that is still empty when a container is created receives what the
// image holds at the mount target (owner and mode of the directory included), so
// `VOLUME /var/lib/app` keeps the image's files. The target is resolved inside the container's root
// as the container would see it (openat2 RESOLVE_IN_ROOT: `..` and absolute symlinks stay inside),
// and the copy goes through the layer module: the tree is written as a tar (createLayer) and
// applied into the volume (applyLayer), which never follows a symlink out of the volume.
import { closeSync, fstatSync, lchownSync, openSync, promises as fsp, constants } from 'node:fs';
import { posix } from 'node:path';
import { errnoCode } from '../image/berthError';
import { applyLayer } from '../layer/applyLayer';
import { createLayer } from '../layer/createLayer';
import { O_DIRECTORY, O_PATH, openat2, pinnedPath, RESOLVE_NO_MAGICLINKS } from '../layer/syscalls';

const RESOLVE_IN_ROOT = 0x10;

/** Opens `target` inside `rootfs` as the container resolves it; undefined when it is not a directory there. */
function openInRoot(rootFd: number, target: string): number | undefined {
  const rel = posix.normalize(`/${target}`).slice(1) || '.';
  try {
    return openat2(rootFd, rel, O_PATH | O_DIRECTORY, 0, RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return undefined;
    throw err;
  }
}

/**
 * Copies the content at `target` in the root filesystem `rootfs` into the volume directory
 * `volumeDir`, when the volume is empty and the target is a directory in the image. Says whether it copied.
 */
export async function copyUp(rootfs: string, target: string, volumeDir: string, signal?: AbortSignal): Promise<boolean> {
  if ((await fsp.readdir(volumeDir)).length > 0) return false;
  const rootFd = openSync(rootfs, constants.O_RDONLY | constants.O_DIRECTORY);
  let sourceFd: number | undefined;
  try {
    sourceFd = openInRoot(rootFd, target);
    if (sourceFd === undefined) return false;
    const source = pinnedPath(sourceFd, '.');
    const layer = createLayer(source, { compression: 'none', ...(signal ? { signal } : {}) });
    await Promise.all([applyLayer(volumeDir, layer.stream, signal ? { signal } : {}), layer.done]);
    const st = fstatSync(sourceFd);
    lchownSync(volumeDir, st.uid, st.gid);
    await fsp.chmod(volumeDir, st.mode & 0o7777);
    return true;
  } finally {
    if (sourceFd !== undefined) closeSync(sourceFd);
    closeSync(rootFd);
  }
}
