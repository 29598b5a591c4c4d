// The Linux calls Node's fs lacks, through koffi (ARCHITECTURE rule 4: a prebuilt FFI addon, no C
// of our own): openat2 with RESOLVE_BENEATH|RESOLVE_NO_SYMLINKS (Linux ≥ 5.6), the *at calls that
// act relative to a pinned directory descriptor, mknodat, and the l*xattr family. Every call throws
// a Node-style error (`code`, `syscall`, `path`) on failure, so callers handle them like fs errors.
import { chmodSync, closeSync, fstatSync, openSync } from 'node:fs';
import koffi from 'koffi';

const libc = koffi.load('libc.so.6');
koffi.struct('berth_open_how', { flags: 'uint64_t', mode: 'uint64_t', resolve: 'uint64_t' });
koffi.struct('berth_timespec', { tv_sec: 'int64_t', tv_nsec: 'int64_t' });

const c = {
  // declared with fixed arguments: koffi's variadic calls re-parse their types on every call, and
  // glibc's syscall() reads only integer registers, so the fixed form is the same call, faster
  openat2: libc.func('long syscall(long number, int dirfd, const char *path, berth_open_how *how, size_t size)'),
  mkdirat: libc.func('int mkdirat(int dirfd, const char *path, uint32_t mode)'),
  mknodat: libc.func('int mknodat(int dirfd, const char *path, uint32_t mode, uint64_t dev)'),
  symlinkat: libc.func('int symlinkat(const char *target, int dirfd, const char *path)'),
  linkat: libc.func('int linkat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, int flags)'),
  unlinkat: libc.func('int unlinkat(int dirfd, const char *path, int flags)'),
  renameat: libc.func('int renameat(int olddirfd, const char *oldpath, int newdirfd, const char *newpath)'),
  fchownat: libc.func('int fchownat(int dirfd, const char *path, uint32_t uid, uint32_t gid, int flags)'),
  utimensat: libc.func('int utimensat(int dirfd, const char *path, berth_timespec *times, int flags)'),
  lsetxattr: libc.func('int lsetxattr(const char *path, const char *name, const void *value, size_t size, int flags)'),
  lgetxattr: libc.func('intptr_t lgetxattr(const char *path, const char *name, _Out_ void *value, size_t size)'),
  llistxattr: libc.func('intptr_t llistxattr(const char *path, _Out_ void *list, size_t size)'),
  syncfs: libc.func('int syncfs(int fd)'),
  flock: libc.func('int flock(int fd, int operation)'),
  strerror: libc.func('const char *strerror(int errnum)'),
};

const SYS_openat2 = 437;
export const O_RDONLY = 0;
export const O_WRONLY = 0o1;
export const O_CREAT = 0o100;
export const O_EXCL = 0o200;
export const O_TRUNC = 0o1000;
export const O_DIRECTORY = 0o200000;
export const O_NOFOLLOW = 0o400000;
export const O_CLOEXEC = 0o2000000;
export const O_PATH = 0o10000000;
export const RESOLVE_NO_XDEV = 0x01;
export const RESOLVE_NO_MAGICLINKS = 0x02;
export const RESOLVE_NO_SYMLINKS = 0x04;
export const RESOLVE_BENEATH = 0x08;
/** One lookup beneath a directory descriptor that follows no symlink (mounts may be crossed). */
export const beneathNoLinks = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
export const AT_SYMLINK_NOFOLLOW = 0x100;
export const AT_REMOVEDIR = 0x200;
export const UTIME_OMIT = (1 << 30) - 2;

const errnoNames: Record<number, string> = {
  1: 'EPERM', 2: 'ENOENT', 9: 'EBADF', 13: 'EACCES', 17: 'EEXIST', 18: 'EXDEV', 20: 'ENOTDIR', 21: 'EISDIR',
  22: 'EINVAL', 28: 'ENOSPC', 30: 'EROFS', 31: 'EMLINK', 36: 'ENAMETOOLONG', 38: 'ENOSYS', 39: 'ENOTEMPTY',
  40: 'ELOOP', 61: 'ENODATA', 95: 'EOPNOTSUPP', 34: 'ERANGE', 7: 'E2BIG', 12: 'ENOMEM', 16: 'EBUSY',
};

export interface SyscallError extends Error {
  code: string;
  errno: number;
  syscall: string;
  path?: string;
}

function fail(syscall: string, path: string | undefined): never {
  const errno = koffi.errno();
  const code = errnoNames[errno] ?? `E${errno}`;
  const err = new Error(`${code}: ${c.strerror(errno) as string}, ${syscall}${path === undefined ? '' : ` '${path}'`}`) as SyscallError;
  err.code = code;
  err.errno = errno;
  err.syscall = syscall;
  if (path !== undefined) err.path = path;
  throw err;
}

function check(result: number | bigint, syscall: string, path?: string): number {
  const n = Number(result);
  if (n < 0) fail(syscall, path);
  return n;
}

/** openat2(2): resolves `path` under `dirfd` with the given RESOLVE_* flags and returns a new fd. */
export function openat2(dirfd: number, path: string, flags: number, mode: number, resolve: number): number {
  const how = { flags: flags | O_CLOEXEC, mode, resolve };
  return check(c.openat2(SYS_openat2, dirfd, path, how, 24) as number | bigint, 'openat2', path);
}

export function mkdirat(dirfd: number, name: string, mode: number): void {
  check(c.mkdirat(dirfd, name, mode) as number, 'mkdirat', name);
}

export function makedev(major: number, minor: number): bigint {
  const ma = BigInt(major);
  const mi = BigInt(minor);
  return ((ma & 0xfffn) << 8n) | ((ma & ~0xfffn) << 32n) | (mi & 0xffn) | ((mi & ~0xffn) << 12n);
}

export function mknodat(dirfd: number, name: string, mode: number, dev: bigint): void {
  check(c.mknodat(dirfd, name, mode, dev) as number, 'mknodat', name);
}

export function symlinkat(target: string, dirfd: number, name: string): void {
  check(c.symlinkat(target, dirfd, name) as number, 'symlinkat', name);
}

/** linkat(2) without AT_SYMLINK_FOLLOW: a link to a symlink links the symlink itself. */
export function linkat(olddirfd: number, oldname: string, newdirfd: number, newname: string): void {
  check(c.linkat(olddirfd, oldname, newdirfd, newname, 0) as number, 'linkat', newname);
}

export function unlinkat(dirfd: number, name: string, flags: number): void {
  check(c.unlinkat(dirfd, name, flags) as number, 'unlinkat', name);
}

export function renameat(olddirfd: number, oldname: string, newdirfd: number, newname: string): void {
  check(c.renameat(olddirfd, oldname, newdirfd, newname) as number, 'renameat', newname);
}

export function lchownat(dirfd: number, name: string, uid: number, gid: number): void {
  check(c.fchownat(dirfd, name, uid, gid, AT_SYMLINK_NOFOLLOW) as number, 'fchownat', name);
}

/**
 * chmod of `name` in the directory `dirfd` that never follows a final symlink. fchmodat(2) does,
 * and a running container's process can swap an entry for a symlink between a check and the
 * chmod, which would then change a host file. As glibc's lchmod: an O_PATH|O_NOFOLLOW descriptor
 * of the entry itself, and chmod through its /proc/self/fd link, which names that very inode. A
 * symlink found there is refused (ELOOP): callers chmod only what they made as something else.
 */
export function lchmodat(dirfd: number, name: string, mode: number): void {
  const fd = openSync(pinnedPath(dirfd, name), O_PATH | O_NOFOLLOW);
  try {
    if (fstatSync(fd).isSymbolicLink()) {
      throw Object.assign(new Error(`ELOOP: ${name} became a symbolic link, refusing to chmod through it`), { code: 'ELOOP', syscall: 'chmod', path: name });
    }
    chmodSync(`/proc/self/fd/${fd}`, mode);
  } finally {
    closeSync(fd);
  }
}

/** Sets atime and mtime (seconds + nanoseconds) without following a final symlink. */
export function lutimensat(dirfd: number, name: string, sec: number, nsec: number): void {
  const times = [{ tv_sec: sec, tv_nsec: nsec }, { tv_sec: sec, tv_nsec: nsec }];
  check(c.utimensat(dirfd, name, times, AT_SYMLINK_NOFOLLOW) as number, 'utimensat', name);
}

/** Flushes the whole filesystem that `fd` is on. */
export function syncfs(fd: number): void {
  check(c.syncfs(fd) as number, 'syncfs');
}

const LOCK_EX = 2;
const LOCK_NB = 4;

/**
 * flock(2) LOCK_EX|LOCK_NB: true when this open file now holds the exclusive lock, false when
 * another open file holds it. The kernel drops the lock when the last descriptor of the open file
 * closes, also when its process dies.
 */
export function tryLockExclusive(fd: number, path?: string): boolean {
  if (Number(c.flock(fd, LOCK_EX | LOCK_NB)) === 0) return true;
  if (koffi.errno() === 11) return false; // EWOULDBLOCK
  return fail('flock', path);
}

export function lsetxattr(path: string, name: string, value: Uint8Array): void {
  check(c.lsetxattr(path, name, value, value.byteLength, 0) as number, 'lsetxattr', path);
}

export function lgetxattr(path: string, name: string): Buffer | undefined {
  for (let size = 256; ; size *= 4) {
    const buf = Buffer.alloc(size);
    const n = Number(c.lgetxattr(path, name, buf, size) as number | bigint);
    if (n >= 0) return buf.subarray(0, n);
    if (koffi.errno() === 61) return undefined; // ENODATA: no such attribute
    if (koffi.errno() !== 34 || size > 1 << 20) fail('lgetxattr', path);
  }
}

export function llistxattr(path: string): string[] {
  for (let size = 1024; ; size *= 4) {
    const buf = Buffer.alloc(size);
    const n = Number(c.llistxattr(path, buf, size) as number | bigint);
    if (n >= 0) return buf.subarray(0, n).toString('utf8').split('\0').filter((s) => s !== '');
    if (koffi.errno() === 95) return []; // EOPNOTSUPP: the filesystem has no xattrs
    if (koffi.errno() !== 34 || size > 1 << 20) fail('llistxattr', path);
  }
}

/** A path that names `name` inside the directory pinned by `dirfd`, for the path-only l*xattr calls. */
export function pinnedPath(dirfd: number, name: string): string {
  return `/proc/self/fd/${dirfd}/${name}`;
}
