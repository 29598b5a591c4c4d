// Walks a directory tree in a fixed order (depth first, names in byte order) and describes each
// entry as a tar header with normalized fields: numeric owners only, no user or group names, mtime
// in whole seconds (clamped to SOURCE_DATE_EPOCH when asked), hard links found by inode, sockets
// skipped. With `overlayUpper`, overlayfs whiteouts become OCI ones (whiteout.ts). Metadata calls
// are synchronous: a thread-pool round trip per entry costs more than the call itself.
//
// The tree may be a running container's, whose processes can swap a directory for a symlink while
// it is walked (moby's CVE-2018-15664): each directory is opened beneath the one holding it, never
// through a symlink, and its entries are reached through that descriptor (/proc/self/fd/N/name), so
// only the final name is looked up and it is never followed. A file's `contentPath` is such a path,
// valid until the walk goes on past the entry: read it before asking for the next one.
import { closeSync, lstatSync, openSync, readdirSync, readlinkSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { berthError, errnoCode } from '../image/berthError';
import { beneathNoLinks, lgetxattr, llistxattr, O_DIRECTORY, O_NOFOLLOW, O_RDONLY, openat2, pinnedPath } from './syscalls';
import { emptyHeader, type TarHeader } from './tarHeader';
import { opaqueMarker, overlayOpaqueXattr, overlayXattrPrefix, whiteoutPrefix } from './whiteout';

export interface WalkOptions {
  /** Clamp every mtime to at most this many seconds since the epoch (reproducible builds). */
  readonly sourceDateEpoch?: number;
  /** The tree is an overlayfs upper dir: convert its whiteouts and opaque dirs to OCI form. */
  readonly overlayUpper?: boolean;
  /**
   * Write only the differences from this tree (containerd's walking differ), for snapshotters
   * without overlayfs: changed and new entries with their parent directories, and a whiteout for
   * each path that is gone. Unchanged means same type, mode, owner, size, mtime (to the
   * nanosecond), link target and xattrs; `cp -a` copies keep all of them.
   */
  readonly base?: string;
}

export interface WalkedEntry {
  readonly header: TarHeader;
  /** A path naming the regular file whose bytes follow the header (see the top of this file). */
  readonly contentPath?: string;
}

/** Opens directory `name` beneath `dirFd`; one that is no longer a directory (swapped meanwhile) is an error naming `rel`. */
function openBeneath(dirFd: number, name: string, rel: string): number {
  try {
    return openat2(dirFd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0, beneathNoLinks);
  } catch (err) {
    const code = errnoCode(err);
    if (code !== 'ELOOP' && code !== 'ENOTDIR' && code !== 'ENOENT' && code !== 'EXDEV') throw err;
    throw berthError('failed-precondition', `${rel}: changed while the tree was read (no longer a directory there); retry, or stop the container first`, err);
  }
}

/** xattrs that describe the host, not the content: never written into a layer. */
const hostXattrs = new Set(['security.selinux']);

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function major(rdev: bigint): number {
  return Number(((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & ~0xfffn));
}

function minor(rdev: bigint): number {
  return Number((rdev & 0xffn) | ((rdev >> 12n) & ~0xffn));
}

function readXattrs(path: string, overlayUpper: boolean): { xattrs: Map<string, Buffer>; opaque: boolean } {
  const xattrs = new Map<string, Buffer>();
  let opaque = false;
  for (const name of llistxattr(path).sort()) {
    if (name.startsWith(overlayXattrPrefix)) {
      if (!overlayUpper) continue;
      if (name === overlayOpaqueXattr) opaque = lgetxattr(path, name)?.toString() === 'y';
      else if (name === 'trusted.overlay.redirect' || name === 'trusted.overlay.metacopy') {
        throw berthError('failed-precondition', `${path}: overlayfs ${name.slice(overlayXattrPrefix.length)} is in use; mount overlays with redirect_dir=off,metacopy=off to diff them`);
      }
      continue;
    }
    if (hostXattrs.has(name)) continue;
    const value = lgetxattr(path, name);
    if (value !== undefined) xattrs.set(name, value);
  }
  return { xattrs, opaque };
}

/** Whether an entry of the base tree is unchanged in the new one (same type, metadata, content size, link target). */
function unchanged(a: BigIntStats, b: BigIntStats, pathA: string, pathB: string): boolean {
  if ((a.mode & 0o170000n) !== (b.mode & 0o170000n) || a.mode !== b.mode || a.uid !== b.uid || a.gid !== b.gid) return false;
  if (a.isDirectory()) return a.mtimeNs === b.mtimeNs;
  if (a.size !== b.size || a.mtimeNs !== b.mtimeNs || a.rdev !== b.rdev) return false;
  if (a.isSymbolicLink() && readlinkSync(pathA) !== readlinkSync(pathB)) return false;
  const xa = readXattrs(pathA, false).xattrs;
  const xb = readXattrs(pathB, false).xattrs;
  return xa.size === xb.size && [...xa].every(([k, v]) => xb.get(k)?.equals(v) === true);
}

export async function* walkTree(root: string, options: WalkOptions = {}): AsyncGenerator<WalkedEntry> {
  const links = new Map<string, string>();
  const clamp = (sec: number): number => (options.sourceDateEpoch !== undefined && sec > options.sourceDateEpoch ? options.sourceDateEpoch : sec);

  function header(rel: string, st: BigIntStats, xattrs: Map<string, Buffer>): TarHeader {
    const h = emptyHeader(rel, 'file');
    h.mode = Number(st.mode & 0o7777n);
    h.uid = Number(st.uid);
    h.gid = Number(st.gid);
    h.mtime = clamp(Number(st.mtimeNs / 1_000_000_000n));
    h.xattrs = xattrs;
    return h;
  }

  /** The entries for one path (a directory's own entry, plus its opaque marker when it has one). */
  function describe(path: string, rel: string, st: BigIntStats): WalkedEntry[] {
    if (options.overlayUpper && st.isCharacterDevice() && st.rdev === 0n) {
      const h = header(`${parentPrefix(rel)}${whiteoutPrefix}${rel.slice(parentPrefix(rel).length)}`, st, new Map());
      h.mode = 0o644;
      return [{ header: h }];
    }
    if (st.isSocket()) return [];
    const { xattrs, opaque } = readXattrs(path, options.overlayUpper ?? false);
    const h = header(rel, st, xattrs);
    if (st.isDirectory()) {
      h.type = 'directory';
      h.name = `${rel}/`;
      if (!opaque) return [{ header: h }];
      const marker = header(`${rel}/${opaqueMarker}`, st, new Map());
      marker.mode = 0o644;
      return [{ header: h }, { header: marker }];
    }
    if (st.nlink > 1n) {
      const key = `${st.dev}:${st.ino}`;
      const first = links.get(key);
      if (first !== undefined) {
        h.type = 'link';
        h.linkname = first;
        h.xattrs = new Map();
        return [{ header: h }];
      }
      links.set(key, rel);
    }
    if (st.isFile()) {
      h.size = Number(st.size);
      return [{ header: h, contentPath: path }];
    }
    if (st.isSymbolicLink()) {
      h.type = 'symlink';
      h.linkname = readlinkSync(path);
    } else if (st.isCharacterDevice() || st.isBlockDevice()) {
      h.type = st.isCharacterDevice() ? 'char' : 'block';
      h.devmajor = major(st.rdev);
      h.devminor = minor(st.rdev);
    } else if (st.isFIFO()) {
      h.type = 'fifo';
    } else {
      return [];
    }
    return [{ header: h }];
  }

  // Against a base tree, a directory's own entry is written only when it changed or when something
  // below it is written (parents precede children in the archive): the chain of unchanged
  // ancestors is kept, shared down the recursion, and written once, on the first change below.
  interface Ancestor { readonly entries: WalkedEntry[]; written: boolean }
  function* flush(chain: readonly Ancestor[]): Generator<WalkedEntry> {
    for (const a of chain) {
      if (a.written) continue;
      a.written = true;
      yield* a.entries;
    }
  }

  function* visit(dirFd: number, prefix: string, baseDir: string | undefined, chain: readonly Ancestor[]): Generator<WalkedEntry> {
    const names = readdirSync(pinnedPath(dirFd, '.')).sort(byteOrder);
    const present = new Set(names);
    const deleted = baseDir === undefined ? [] : readdirSync(baseDir).filter((n) => !present.has(n));
    for (const name of [...names, ...deleted].sort(byteOrder)) {
      const rel = prefix + name;
      if (!present.has(name)) {
        const h = header(`${prefix}${whiteoutPrefix}${name}`, lstatSync(join(baseDir!, name), { bigint: true }), new Map());
        h.mode = 0o644;
        h.mtime = 0;
        yield* flush(chain);
        yield { header: h };
        continue;
      }
      const path = pinnedPath(dirFd, name);
      const st = lstatSync(path, { bigint: true });
      const basePath = baseDir === undefined ? undefined : join(baseDir, name);
      const baseSt = basePath === undefined ? undefined : lstatSync(basePath, { bigint: true, throwIfNoEntry: false });
      const same = baseSt !== undefined && unchanged(baseSt, st, basePath!, path);
      if (same && !st.isDirectory()) continue;
      const self: Ancestor = { entries: describe(path, rel, st), written: same === false };
      if (!same) {
        yield* flush(chain);
        yield* self.entries;
      }
      if (!st.isDirectory()) continue;
      const childFd = openBeneath(dirFd, name, rel);
      try {
        yield* visit(childFd, `${rel}/`, baseSt?.isDirectory() ? basePath : undefined, [...chain, self]);
      } finally {
        closeSync(childFd);
      }
    }
  }

  const rootFd = openSync(root, O_RDONLY | O_DIRECTORY);
  try {
    yield* visit(rootFd, '', options.base, []);
  } finally {
    closeSync(rootFd);
  }
}

function parentPrefix(rel: string): string {
  const slash = rel.lastIndexOf('/');
  return slash < 0 ? '' : rel.slice(0, slash + 1);
}
