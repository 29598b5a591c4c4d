// A directory tree that untrusted entries are written into, reached only through descriptors
// resolved with openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS): no path can climb out of the root
// or pass through a symlink, whatever was created before it. Callers name paths relative to the
// root, already cleaned by layerPath.ts.
import { closeSync, lstatSync, openSync, type Stats } from 'node:fs';
import { berthError, errnoCode } from '../image/berthError';
import {
  mkdirat, O_DIRECTORY, O_NOFOLLOW, O_PATH, O_RDONLY, openat2, pinnedPath, RESOLVE_BENEATH, RESOLVE_NO_MAGICLINKS,
  RESOLVE_NO_SYMLINKS, RESOLVE_NO_XDEV, lchownat, lchmodat,
} from './syscalls';

export const resolveBeneath = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_XDEV;

/** Metadata for a directory that must be created because an entry needs it as a parent. */
export interface ImpliedDir {
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
}

function refuse(path: string, why: string, cause?: unknown): never {
  throw berthError('invalid-argument', `layer path ${JSON.stringify(path)}: ${why}; refusing to apply this layer`, cause);
}

export class RootDir {
  readonly fd: number;
  private readonly cache = new Map<string, number>();
  private retired: number[] = [];

  constructor(readonly path: string) {
    this.fd = openSync(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
  }

  close(): void {
    this.forget();
    this.settle();
    closeSync(this.fd);
  }

  /**
   * Drops cached directory descriptors: call after anything is removed or replaced. They stay open
   * until settle(), because the entry being written may still hold one.
   */
  forget(): void {
    this.retired.push(...this.cache.values());
    this.cache.clear();
  }

  /** Closes descriptors dropped by forget(); call between entries. */
  settle(): void {
    for (const fd of this.retired) closeSync(fd);
    this.retired = [];
  }

  /**
   * A descriptor for directory `rel`. Missing components are created with `implied(path)`'s
   * metadata when given, else the lookup fails with not-found. A symlink or non-directory
   * anywhere on the way is refused.
   */
  dir(rel: string, implied?: (path: string) => ImpliedDir, onCreate?: (path: string) => void): number {
    if (rel === '') return this.fd;
    const cached = this.cache.get(rel);
    if (cached !== undefined) return cached;
    let fd: number;
    try {
      fd = openat2(this.fd, rel, O_PATH | O_DIRECTORY, 0, resolveBeneath);
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT' || !implied) this.explain(rel, err);
      fd = this.create(rel, implied, onCreate);
    }
    if (this.cache.size >= 256) this.forget();
    this.cache.set(rel, fd);
    return fd;
  }

  private create(rel: string, implied: (path: string) => ImpliedDir, onCreate?: (path: string) => void): number {
    const parts = rel.split('/');
    let parentFd = this.fd;
    let path = '';
    const opened: number[] = [];
    try {
      for (const part of parts) {
        path = path === '' ? part : `${path}/${part}`;
        let fd: number;
        try {
          fd = openat2(parentFd, part, O_PATH | O_DIRECTORY, 0, resolveBeneath);
        } catch (err) {
          if (errnoCode(err) !== 'ENOENT') this.explain(path, err);
          const meta = implied(path);
          mkdirat(parentFd, part, 0o700);
          lchownat(parentFd, part, meta.uid, meta.gid);
          lchmodat(parentFd, part, meta.mode & 0o7777);
          onCreate?.(path);
          fd = openat2(parentFd, part, O_PATH | O_DIRECTORY, 0, resolveBeneath);
        }
        opened.push(fd);
        parentFd = fd;
      }
      return opened.pop()!;
    } finally {
      for (const fd of opened) closeSync(fd);
    }
  }

  private explain(path: string, err: unknown): never {
    switch (errnoCode(err)) {
      case 'ELOOP': return refuse(path, 'a symlink is on the way (extraction never follows symlinks)', err);
      case 'ENOTDIR': return refuse(path, 'a non-directory is on the way', err);
      case 'EXDEV': return refuse(path, 'it resolves outside the root', err);
      case 'ENOENT': throw berthError('not-found', `layer path ${JSON.stringify(path)}: does not exist`, err);
      default: throw err;
    }
  }

  /** lstat of `name` in the directory `dirFd`; undefined when absent. */
  lstatAt(dirFd: number, name: string): Stats | undefined {
    return lstatSync(pinnedPath(dirFd, name), { throwIfNoEntry: false });
  }
}
