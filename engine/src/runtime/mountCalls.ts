// mount(2), umount2(2) and the new mount API (fsopen/fsconfig/fsmount/move_mount) through koffi:
// the runtime performs the snapshotter's mounts itself, without a mount(8) process per container.
// Errors are Node-style (`code`, `syscall`, `path`) like the fs module's.
import koffi from 'koffi';

const libc = koffi.load('libc.so.6');

const c = {
  mount: libc.func('int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const char *data)'),
  umount2: libc.func('int umount2(const char *target, int flags)'),
  fsopen: libc.func('long syscall(long number, const char *fsname, unsigned int flags)'),
  fsconfig: libc.func('long syscall(long number, int fd, unsigned int cmd, const char *key, const char *value, int aux)'),
  fsmount: libc.func('long syscall(long number, int fd, unsigned int flags, unsigned int attrs)'),
  moveMount: libc.func('long syscall(long number, int fromfd, const char *frompath, int tofd, const char *topath, unsigned int flags)'),
  close: libc.func('int close(int fd)'),
  strerror: libc.func('const char *strerror(int errnum)'),
};

// the new mount API's numbers are the same on every architecture (they postdate the unified table)
const SYS_move_mount = 429;
const SYS_fsopen = 430;
const SYS_fsconfig = 431;
const SYS_fsmount = 432;
const FSCONFIG_SET_STRING = 1;
const FSCONFIG_CMD_CREATE = 6;
const MOVE_MOUNT_F_EMPTY_PATH = 0x4;
const AT_FDCWD = -100;

export const MS_RDONLY = 0x1;
export const MS_NOSUID = 0x2;
export const MS_NODEV = 0x4;
export const MS_REMOUNT = 0x20;
export const MS_BIND = 0x1000;
export const MS_REC = 0x4000;
export const MS_PRIVATE = 0x40000;
export const MNT_DETACH = 0x2;

const errnoNames: Record<number, string> = { 1: 'EPERM', 2: 'ENOENT', 13: 'EACCES', 16: 'EBUSY', 19: 'ENODEV', 20: 'ENOTDIR', 22: 'EINVAL', 38: 'ENOSYS' };

function check(result: number | bigint, syscall: string, path: string): number {
  const n = Number(result);
  if (n >= 0) return n;
  const errno = koffi.errno();
  const code = errnoNames[errno] ?? `E${errno}`;
  const err = new Error(`${code}: ${c.strerror(errno) as string}, ${syscall} '${path}'`) as Error & { code: string; errno: number; syscall: string; path: string };
  Object.assign(err, { code, errno, syscall, path });
  throw err;
}

export function mount(source: string, target: string, fstype: string | null, flags: number, data: string | null): void {
  check(c.mount(source, target, fstype, flags, data) as number, 'mount', target);
}

export function umount(target: string, flags = 0): void {
  check(c.umount2(target, flags) as number, 'umount2', target);
}

/** An overlay mount from key/value options, with `lowerdir+` per lower layer: no page-size limit on the list. */
export function mountOverlayByParts(target: string, lowers: readonly string[], options: readonly [string, string][]): void {
  const fd = check(c.fsopen(SYS_fsopen, 'overlay', 0) as number | bigint, 'fsopen', target);
  try {
    for (const lower of lowers) check(c.fsconfig(SYS_fsconfig, fd, FSCONFIG_SET_STRING, 'lowerdir+', lower, 0) as number | bigint, 'fsconfig lowerdir+', lower);
    for (const [key, value] of options) check(c.fsconfig(SYS_fsconfig, fd, FSCONFIG_SET_STRING, key, value, 0) as number | bigint, `fsconfig ${key}`, value);
    check(c.fsconfig(SYS_fsconfig, fd, FSCONFIG_CMD_CREATE, null, null, 0) as number | bigint, 'fsconfig create', target);
    const mfd = check(c.fsmount(SYS_fsmount, fd, 0, 0) as number | bigint, 'fsmount', target);
    try {
      check(c.moveMount(SYS_move_mount, mfd, '', AT_FDCWD, target, MOVE_MOUNT_F_EMPTY_PATH) as number | bigint, 'move_mount', target);
    } finally {
      c.close(mfd);
    }
  } finally {
    c.close(fd);
  }
}
