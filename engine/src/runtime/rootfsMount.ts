// Performs a snapshotter's mount specs (snapshot/snapshotter.ts returns them; only runtime/ mounts)
// at a container's rootfs directory, and undoes them. A mount left behind by a crash is found again
// through /proc/self/mountinfo, so unmounting is idempotent.
import { readFileSync } from 'node:fs';
import { berthError, errnoCode } from '../image/berthError';
import type { Mount } from '../snapshot/snapshotter';
import { mount, mountOverlayByParts, MNT_DETACH, MS_BIND, MS_RDONLY, MS_REC, MS_REMOUNT, umount } from './mountCalls';

const pageLimit = 4000;

function explain(target: string, m: Mount, err: unknown): never {
  const code = errnoCode(err);
  const hint = code === 'ENODEV' ? ': this kernel has no overlayfs (modprobe overlay, or start berthd with the copy snapshotter)'
    : code === 'EPERM' ? ': mounting needs root (CAP_SYS_ADMIN)' : '';
  throw berthError(code === 'ENODEV' || code === 'EPERM' ? 'unavailable' : 'internal', `mount ${m.type} at ${target}: ${(err as Error).message}${hint}`, err);
}

function mountOverlay(target: string, m: Mount): void {
  const data = m.options.join(',');
  if (data.length < pageLimit) {
    mount('overlay', target, 'overlay', 0, data);
    return;
  }
  // mount(2) takes one page of options; long layer stacks go through fsconfig one lower at a time
  const lowers: string[] = [];
  const rest: [string, string][] = [];
  for (const option of m.options) {
    const eq = option.indexOf('=');
    const key = eq < 0 ? option : option.slice(0, eq);
    const value = eq < 0 ? '' : option.slice(eq + 1);
    if (key === 'lowerdir') lowers.push(...value.split(':'));
    else rest.push([key, value]);
  }
  mountOverlayByParts(target, lowers, rest);
}

function mountBind(target: string, m: Mount): void {
  const recursive = m.options.includes('rbind') ? MS_REC : 0;
  mount(m.source, target, null, MS_BIND | recursive, null);
  if (m.options.includes('ro')) mount('', target, null, MS_REMOUNT | MS_BIND | MS_RDONLY | recursive, null);
}

/** Mounts `mounts` in order at `target` (the snapshotters return one mount; stacking is allowed). */
export function mountRootfs(mounts: readonly Mount[], target: string): void {
  const done: number[] = [];
  for (const m of mounts) {
    try {
      if (m.type === 'overlay') mountOverlay(target, m);
      else if (m.type === 'bind') mountBind(target, m);
      else throw berthError('invalid-argument', `mount type ${m.type} is not supported for a container root`);
      done.push(1);
    } catch (err) {
      for (const _ of done) umount(target, MNT_DETACH);
      if (err instanceof Error && err.name === 'BerthError') throw err;
      explain(target, m, err);
    }
  }
}

/** Whether something is mounted exactly at `path`. */
export function isMountPoint(path: string, mountinfo = readFileSync('/proc/self/mountinfo', 'utf8')): boolean {
  return mountPoints(mountinfo).includes(path);
}

export function mountPoints(mountinfo = readFileSync('/proc/self/mountinfo', 'utf8')): string[] {
  return mountinfo.split('\n').filter((l) => l !== '').map((l) => l.split(' ')[4]!.replace(/\\040/g, ' '));
}

/** Unmounts everything stacked at `target`; nothing mounted is fine. */
export function unmountRootfs(target: string): void {
  for (let i = 0; i < 16 && isMountPoint(target); i++) {
    try {
      umount(target);
    } catch (err) {
      if (errnoCode(err) === 'EINVAL') return;
      // a process outside the container still holds it (a shell cd'd into it): detach lazily
      if (errnoCode(err) === 'EBUSY') umount(target, MNT_DETACH);
      else throw berthError('internal', `unmount container root ${target}: ${(err as Error).message}`, err);
    }
  }
}
