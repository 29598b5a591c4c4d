// The Linux calls a persistent network namespace needs and Node lacks, through koffi (ARCHITECTURE
// rule 4): unshare and setns to step into a fresh namespace and back, mount/umount2 to pin it to a
// file, and the SIOCGIFFLAGS/SIOCSIFFLAGS ioctls to bring its loopback up. Failures throw Node-style
// errors (`code`, `syscall`) so callers word them like fs errors.
import koffi from 'koffi';

const libc = koffi.load('libc.so.6');

const c = {
  unshare: libc.func('int unshare(int flags)'),
  setns: libc.func('int setns(int fd, int nstype)'),
  mount: libc.func('int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const void *data)'),
  umount2: libc.func('int umount2(const char *target, int flags)'),
  socket: libc.func('int socket(int domain, int type, int protocol)'),
  ioctl: libc.func('int ioctl(int fd, unsigned long request, _Inout_ uint8_t *arg)'),
  close: libc.func('int close(int fd)'),
  strerror: libc.func('const char *strerror(int errnum)'),
};

export const CLONE_NEWNET = 0x40000000;
export const MS_BIND = 0x1000;
export const MNT_DETACH = 2;
const AF_INET = 2;
const SOCK_DGRAM = 2;
const SOCK_CLOEXEC = 0o2000000;
const SIOCGIFFLAGS = 0x8913;
const SIOCSIFFLAGS = 0x8914;
const IFF_UP = 1;

const errnoNames: Record<number, string> = {
  1: 'EPERM', 2: 'ENOENT', 9: 'EBADF', 12: 'ENOMEM', 13: 'EACCES', 16: 'EBUSY', 19: 'ENODEV', 22: 'EINVAL', 28: 'ENOSPC',
};

export interface SyscallError extends Error {
  code: string;
  errno: number;
  syscall: string;
}

function check(result: number, syscall: string, what?: string): number {
  if (result >= 0) return result;
  const errno = koffi.errno();
  const code = errnoNames[errno] ?? `E${errno}`;
  const err = new Error(`${syscall}${what ? ` ${what}` : ''}: ${code} (${c.strerror(errno) as string})`) as SyscallError;
  err.code = code;
  err.errno = errno;
  err.syscall = syscall;
  throw err;
}

/** unshare(2) for the calling thread only: Node's main thread, while no other JavaScript runs. */
export function unshare(flags: number): void {
  check(c.unshare(flags) as number, 'unshare');
}

export function setns(fd: number, nstype: number): void {
  check(c.setns(fd, nstype) as number, 'setns');
}

export function bindMount(source: string, target: string): void {
  check(c.mount(source, target, null, MS_BIND, null) as number, 'mount', target);
}

export function umount2(target: string, flags: number): void {
  check(c.umount2(target, flags) as number, 'umount2', target);
}

/** Sets IFF_UP on an interface of the calling thread's network namespace. */
export function setLinkUp(name: string): void {
  const fd = check(c.socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0) as number, 'socket');
  try {
    const ifreq = Buffer.alloc(40); // struct ifreq: char ifr_name[16]; then the union (ifr_flags first)
    ifreq.write(name, 0, 15, 'latin1');
    check(c.ioctl(fd, SIOCGIFFLAGS, ifreq) as number, 'ioctl(SIOCGIFFLAGS)', name);
    ifreq.writeUInt16LE(ifreq.readUInt16LE(16) | IFF_UP, 16);
    check(c.ioctl(fd, SIOCSIFFLAGS, ifreq) as number, 'ioctl(SIOCSIFFLAGS)', name);
  } finally {
    c.close(fd);
  }
}
