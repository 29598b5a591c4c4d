// GET /containers/{id}/changes (`docker diff`): what the container changed in its filesystem, as
// Docker reports it (kinds 0 changed, 1 added, 2 deleted; a parent directory of an added or deleted
// path is reported changed). For an overlay upper directory this follows moby's collectChanges with
// overlay whiteouts (a 0/0 device is a deletion; an opaque directory that hid a lower one too); for
// the copy snapshotter the tree is compared with the image's. What the runtime creates for every
// container (Docker's init layer: /etc/hosts, /etc/resolv.conf, /etc/hostname, /proc, /sys, …) is
// left out, with the directories it alone touched; commit leaves out the same paths (`omitted`).
import { closeSync, lstatSync, openSync, readdirSync, type Stats } from 'node:fs';
import { join, posix } from 'node:path';
import { errnoCode } from '../image/berthError';
import { beneathNoLinks, lgetxattr, O_DIRECTORY, O_NOFOLLOW, O_RDONLY, openat2, pinnedPath } from '../layer/syscalls';
import { walkTree } from '../layer/walkTree';
import { isWhiteoutDevice, opaqueMarker, overlayOpaqueXattr, whiteoutPrefix } from '../layer/whiteout';
import type { DiffSource } from './diffSource';

export const changeKinds = { modified: 0, added: 1, deleted: 2 } as const;
export type ChangeKind = (typeof changeKinds)[keyof typeof changeKinds];

export interface Change {
  readonly Path: string;
  readonly Kind: ChangeKind;
}

export interface ChangeSet {
  readonly changes: Change[];
  /** Container paths present in the diff that the runtime made, not the container's process. */
  readonly omitted: ReadonlySet<string>;
}

/** Docker's init layer: what every container gets, which diff and commit never show. */
export const initPaths: readonly string[] = [
  '/dev/pts', '/dev/shm', '/proc', '/sys', '/.dockerenv', '/etc/resolv.conf', '/etc/hosts', '/etc/hostname', '/dev/console', '/etc/mtab',
];

/** lstat, undefined when the path or one of its parents is missing or not a directory. */
function lstatIfAny(path: string): Stats | undefined {
  try {
    return lstatSync(path, { throwIfNoEntry: false });
  } catch (err) {
    if (errnoCode(err) === 'ENOTDIR') return undefined;
    throw err;
  }
}

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Metadata of `path` as the lower layers (top first) show it: whiteouts and opaque directories hide. */
function lowerStat(lowers: readonly string[], path: string): Stats | undefined {
  const parts = path.split('/').filter((p) => p !== '');
  for (const lower of lowers) {
    const st = lstatIfAny(join(lower, path));
    if (st) return isWhiteoutDevice(st) ? undefined : st;
    // an opaque parent in this layer hides everything beneath it in the layers below
    for (let i = parts.length - 1; i >= 1; i--) {
      const parent = join(lower, ...parts.slice(0, i));
      if (lstatIfAny(parent)?.isDirectory() && lgetxattr(parent, overlayOpaqueXattr)?.toString() === 'y') return undefined;
    }
  }
  return undefined;
}

function sameDir(a: Stats, b: Stats): boolean {
  const sameTime = a.mtimeMs === b.mtimeMs || (Math.floor(a.mtimeMs / 1000) === Math.floor(b.mtimeMs / 1000) && (a.mtimeMs % 1000 === 0 || b.mtimeMs % 1000 === 0));
  return a.mode === b.mode && a.size === b.size && sameTime;
}

/**
 * The upper directory belongs to a container that may be running: its processes can swap a
 * directory for a symlink while the walk goes on. Each directory is opened beneath its parent
 * without following symlinks and its entries are reached through that descriptor (as walkTree
 * does); a directory swapped away meanwhile is not walked (it is what it is now: a symlink).
 */
function upperChanges(upper: string, lowers: readonly string[]): Change[] {
  const changes: Change[] = [];
  const changedDirs = new Set<string>();
  const visit = (dirFd: number, dir: string) => {
    for (const name of readdirSync(pinnedPath(dirFd, '.')).sort(byteOrder)) {
      const path = posix.join(dir, name);
      const entry = pinnedPath(dirFd, name);
      const st = lstatSync(entry, { throwIfNoEntry: false });
      if (!st) continue; // removed meanwhile
      let kind: ChangeKind | undefined;
      if (isWhiteoutDevice(st)) kind = changeKinds.deleted;
      else if (st.isDirectory() && lgetxattr(entry, overlayOpaqueXattr)?.toString() === 'y' && lowerStat(lowers, path)) kind = changeKinds.deleted;
      else {
        const lower = lowerStat(lowers, path);
        if (!lower) kind = changeKinds.added;
        else if (!(lower.isDirectory() && st.isDirectory() && sameDir(st, lower))) kind = changeKinds.modified;
      }
      if (kind !== undefined) {
        if (st.isDirectory()) changedDirs.add(path);
        if (kind !== changeKinds.modified) {
          const parent = posix.dirname(path);
          if (parent !== '/' && !changedDirs.has(parent)) {
            changes.push({ Path: parent, Kind: changeKinds.modified });
            changedDirs.add(parent);
          }
        }
        changes.push({ Path: path, Kind: kind });
      }
      if (!st.isDirectory()) continue;
      let childFd: number;
      try {
        childFd = openat2(dirFd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0, beneathNoLinks);
      } catch {
        continue; // no longer a directory
      }
      try {
        visit(childFd, path);
      } finally {
        closeSync(childFd);
      }
    }
  };
  const rootFd = openSync(upper, O_RDONLY | O_DIRECTORY);
  try {
    visit(rootFd, '/');
  } finally {
    closeSync(rootFd);
  }
  return changes;
}

async function treeChanges(root: string, base: string | undefined): Promise<Change[]> {
  const changes: Change[] = [];
  for await (const entry of walkTree(root, base === undefined ? {} : { base })) {
    const name = entry.header.name.replace(/\/$/, '');
    const baseName = posix.basename(name);
    if (baseName === opaqueMarker) continue;
    if (baseName.startsWith(whiteoutPrefix)) {
      changes.push({ Path: `/${posix.join(posix.dirname(name), baseName.slice(whiteoutPrefix.length))}`, Kind: changeKinds.deleted });
      continue;
    }
    const inBase = base !== undefined && lstatIfAny(join(base, name)) !== undefined;
    changes.push({ Path: `/${name}`, Kind: inBase ? changeKinds.modified : changeKinds.added });
  }
  return changes;
}

const under = (path: string, dir: string) => path.startsWith(`${dir}/`);

/** The container's changes, without the runtime's own files (see the top of this file). */
export async function containerChanges(source: DiffSource): Promise<ChangeSet> {
  const all = source.kind === 'upper' ? upperChanges(source.upper, source.lowers) : await treeChanges(source.root, source.base);
  const omitted = new Set<string>();
  const isInit = (p: string) => initPaths.some((i) => p === i || under(p, i));
  for (const c of all) if (isInit(c.Path)) omitted.add(c.Path);
  // a directory reported only because the runtime created something in it (/etc, /dev) goes too,
  // unless its own owner or mode changed; deepest first, so /a goes when /a/b went
  const ownTree = source.kind === 'upper' ? source.upper : source.root;
  const lowers = source.kind === 'upper' ? source.lowers : source.base === undefined ? [] : [source.base];
  const depth = (p: string) => p.split('/').length;
  const candidates = all.filter((c) => c.Kind === changeKinds.modified && !omitted.has(c.Path)).sort((a, b) => depth(b.Path) - depth(a.Path));
  for (const c of candidates) {
    if (all.some((o) => !omitted.has(o.Path) && under(o.Path, c.Path)) || ![...omitted].some((o) => under(o, c.Path))) continue;
    const mine = lstatIfAny(join(ownTree, c.Path));
    const theirs = lowerStat(lowers, c.Path);
    if (mine?.isDirectory() && theirs?.isDirectory() && mine.mode === theirs.mode && mine.uid === theirs.uid && mine.gid === theirs.gid) omitted.add(c.Path);
  }
  return { changes: all.filter((c) => !omitted.has(c.Path)), omitted };
}
