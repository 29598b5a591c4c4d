// A container's filesystem as `docker cp` sees it: the root filesystem plus the container's volumes
// and binds at their targets, with every path resolved the way the container resolves it, yet from
// the host and without ever leaving it: symlinks are read and followed *in scope* (an absolute
// target restarts at the container's root, `..` never climbs above it), and each step is one
// openat2(RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS) on the directory descriptor reached so far, so no
// lookup passes through a symlink the walk did not read itself. Entering a mount target switches to
// that mount's host directory. tmpfs mounts exist only inside the running container; here they are
// empty, as in Docker's own view.
//
// Out of scope: a process inside a *running* container that swaps a directory for a symlink while a
// copy walks through that directory (moby's CVE-2018-15664 race). Lookups are pinned per step, but
// archive creation below a resolved directory reads it by path.
import { closeSync, fstatSync, openSync, readlinkSync, type Stats } from 'node:fs';
import { posix } from 'node:path';
import { berthError, errnoCode } from '../image/berthError';
import { beneathNoLinks, O_DIRECTORY, O_NOFOLLOW, O_PATH, O_RDONLY, openat2, pinnedPath } from '../layer/syscalls';

export interface TreeMount {
  /** The target as configured (symlinks in it are resolved when the tree opens, as the runtime does). */
  readonly target: string;
  /** The host directory or file mounted there; absent for tmpfs. */
  readonly source?: string;
  readonly readOnly: boolean;
}

export interface ResolvedMount extends TreeMount {
  /** The target after resolving symlinks inside the container. */
  readonly path: string;
}

export interface TreeNode {
  /** The container path with symlinks resolved (lexically past the first missing component). */
  readonly path: string;
  /** False when the path does not exist. */
  readonly exists: boolean;
  /** O_PATH descriptor of the object itself (a final symlink not followed is the symlink); -1 when virtual or missing. */
  readonly fd: number;
  /** Its lstat; absent when virtual or missing. */
  readonly stats?: Stats;
  /** A directory that exists only because a mount lies below it, or a tmpfs mount's root. */
  readonly virtual: boolean;
  /** The mount holding the node; undefined: the root filesystem. */
  readonly mount?: ResolvedMount;
  /** The directory holding the node and its name there (for reading a symlink). */
  readonly parentFd: number;
  readonly name: string;
}

interface Frame {
  readonly name: string;
  readonly fd: number;
  readonly stats?: Stats;
  readonly mount?: ResolvedMount;
}

const maxLinks = 255;

function depth(p: string): number {
  return p.split('/').filter((x) => x !== '').length;
}

export class ContainerTree {
  private readonly opened: number[] = [];
  private readonly rootFd: number;
  private mountList: ResolvedMount[] = [];

  private constructor(readonly rootfs: string, readonly readOnlyRoot: boolean) {
    this.rootFd = openSync(rootfs, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
    this.opened.push(this.rootFd);
  }

  /** Opens the tree: `rootfs` is the mounted root filesystem; mounts are resolved parents first. */
  static open(rootfs: string, mounts: readonly TreeMount[], readOnlyRoot = false): ContainerTree {
    const tree = new ContainerTree(rootfs, readOnlyRoot);
    try {
      for (const m of [...mounts].sort((a, b) => depth(a.target) - depth(b.target))) {
        const path = tree.resolve(m.target, true).path;
        tree.mountList = [...tree.mountList, { ...m, path }];
      }
      return tree;
    } catch (err) {
      tree.close();
      throw err;
    }
  }

  get mounts(): readonly ResolvedMount[] {
    return this.mountList;
  }

  close(): void {
    for (const fd of this.opened.splice(0)) closeSync(fd);
  }

  /**
   * Host path naming a directory descriptor's directory (for walking and reading what was
   * resolved): `/proc/self/fd/N/.`, so that even lstat sees the directory, not the magic link.
   */
  hostPath(fd: number): string {
    return pinnedPath(fd, '.');
  }

  /** The descriptor of the root filesystem's top directory. */
  get root(): number {
    return this.rootFd;
  }

  /** The mount whose resolved target is exactly `path` (the last one mounted wins). */
  mountAt(path: string): ResolvedMount | undefined {
    return this.mountList.findLast((m) => m.path === path);
  }

  /** Mounts strictly below `path`. */
  mountsBelow(path: string): ResolvedMount[] {
    const prefix = path === '/' ? '/' : `${path}/`;
    return this.mountList.filter((m) => m.path.startsWith(prefix) && m.path !== path);
  }

  /**
   * Resolves `path` inside the container. Every symlink on the way is followed in scope; the final
   * component only when `followFinal` (Docker follows it for paths ending in `/` or `/.`).
   */
  resolve(path: string, followFinal: boolean): TreeNode {
    const root: Frame = { name: '', fd: this.rootFd, stats: fstatSync(this.rootFd) };
    let stack: Frame[] = [root];
    const queue = path.split('/');
    let links = 0;
    const here = (extra?: string) => {
      const names = stack.slice(1).map((f) => f.name);
      if (extra !== undefined) names.push(extra);
      return `/${names.join('/')}`;
    };
    while (queue.length > 0) {
      const c = queue.shift()!;
      if (c === '' || c === '.') continue;
      if (c === '..') {
        if (stack.length > 1) stack = stack.slice(0, -1);
        continue;
      }
      const top = stack.at(-1)!;
      const cpath = here(c);
      const mount = this.mountAt(cpath);
      if (mount) {
        stack = [...stack, this.mountFrame(c, mount)];
        continue;
      }
      if (top.fd < 0) {
        if (this.mountsBelow(cpath).length > 0) stack = [...stack, { name: c, fd: -1, ...(top.mount ? { mount: top.mount } : {}) }];
        else return this.missing(stack, cpath, queue);
        continue;
      }
      let fd: number;
      try {
        fd = openat2(top.fd, c, O_PATH | O_NOFOLLOW, 0, beneathNoLinks);
      } catch (err) {
        const code = errnoCode(err);
        if (code !== 'ENOENT' && code !== 'ENOTDIR') throw berthError('internal', `resolve ${path} in the container: ${(err as Error).message}`, err);
        if (code === 'ENOENT' && this.mountsBelow(cpath).length > 0) {
          stack = [...stack, { name: c, fd: -1, ...(top.mount ? { mount: top.mount } : {}) }];
          continue;
        }
        return this.missing(stack, cpath, queue);
      }
      this.opened.push(fd);
      const stats = fstatSync(fd);
      const isLast = queue.every((x) => x === '');
      if (stats.isSymbolicLink() && (!isLast || followFinal)) {
        if (++links > maxLinks) throw berthError('invalid-argument', `resolve ${path} in the container: too many levels of symbolic links`);
        const target = readlinkSync(pinnedPath(top.fd, c));
        if (target.startsWith('/')) stack = [root];
        queue.unshift(...target.split('/'));
        continue;
      }
      stack = [...stack, { name: c, fd, stats, ...(top.mount ? { mount: top.mount } : {}) }];
    }
    const node = stack.at(-1)!;
    const parent = stack.at(-2) ?? root;
    return {
      path: here(), exists: true, fd: node.fd, ...(node.stats ? { stats: node.stats } : {}), virtual: node.fd < 0,
      ...(node.mount ? { mount: node.mount } : {}), parentFd: parent.fd, name: node.name === '' ? '.' : node.name,
    };
  }

  private mountFrame(name: string, mount: ResolvedMount): Frame {
    if (mount.source === undefined) return { name, fd: -1, mount };
    let fd: number;
    try {
      fd = openSync(mount.source, O_PATH);
    } catch (err) {
      throw berthError('failed-precondition', `mount source ${mount.source} for ${mount.target} cannot be opened: ${(err as Error).message}`, err);
    }
    this.opened.push(fd);
    return { name, fd, stats: fstatSync(fd), mount };
  }

  private missing(stack: readonly Frame[], cpath: string, rest: readonly string[]): TreeNode {
    const parent = stack.at(-1)!;
    return {
      path: posix.resolve(cpath, ...rest.filter((x) => x !== '')), exists: false, fd: -1, virtual: false,
      ...(parent.mount ? { mount: parent.mount } : {}), parentFd: parent.fd, name: posix.basename(cpath),
    };
  }
}
