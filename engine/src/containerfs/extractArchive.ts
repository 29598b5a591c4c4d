// PUT /containers/{id}/archive (`docker cp SRC CONTAINER:DST`): an untrusted tar extracted into a
// directory of the container. The directory is resolved in scope (containerTree.ts); every entry is
// routed to the root filesystem or to the volume/bind it falls in, and written by the layer
// module's EntryWriter rooted there, which reaches each parent through openat2 without following
// any symlink: `..`, absolute names, symlinked parents (including ones the same archive just
// created) and hard links out of the root are all refused. Docker's options: noOverwriteDirNonDir
// (a directory is never replaced by a non-directory or the reverse) and copyUIDGID (everything is
// owned by the container's user). The berth CLI extracts what it copies out of a container with the
// same code, over a tree rooted at the local destination.
import { closeSync, lstatSync, openSync, statSync, type Stats } from 'node:fs';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { BerthError, berthError, errnoCode, isAbortError } from '../image/berthError';
import { openDecompressed } from '../layer/compression';
import { EntryWriter } from '../layer/entryWriter';
import { resolveBeneath } from '../layer/rootDir';
import { O_DIRECTORY, O_NOFOLLOW, O_PATH, O_RDONLY, openat2, pinnedPath } from '../layer/syscalls';
import type { TarHeader } from '../layer/tarHeader';
import { readTar, type TarEntry } from '../layer/tarReader';
import { readRootFile } from '../runtime/rootfsFiles';
import { resolveUser } from '../runtime/userLookup';
import type { ContainerTree, ResolvedMount } from './containerTree';
import { absolutePath } from './pathStat';

export interface ExtractOptions {
  /** Refuse to replace a directory with a non-directory or the reverse (the docker CLI always asks). */
  readonly noOverwriteDirNonDir?: boolean;
  /** Own every entry by this user (`docker cp -a`: containerOwner); otherwise the archive's owners stay. */
  readonly owner?: { readonly uid: number; readonly gid: number };
  /** Names the tree in "not found" messages (Docker's "in container <name>"). */
  readonly where?: string;
  readonly signal?: AbortSignal;
}

interface Target {
  readonly writer: EntryWriter;
  readonly root: string;
  /** For looking at what is already there (noOverwriteDirNonDir), beneath the root. */
  readonly rootFd: number;
}

function refuse(what: string, why: string): never {
  throw berthError('invalid-argument', `${what}: ${why}`);
}

/** The archive entry's path inside the extraction directory, cleaned as Docker's untar does. */
function entryRel(name: string): string {
  const clean = posix.normalize(name.replace(/^\/+/, '') || '.').replace(/\/$/, '');
  if (clean === '..' || clean.startsWith('../')) refuse(`archive entry ${JSON.stringify(name)}`, 'it would be written outside the destination directory');
  if (clean.split('/').some((part) => part.startsWith('.wh.'))) refuse(`archive entry ${JSON.stringify(name)}`, 'names starting with .wh. are layer whiteouts, which a copy does not write');
  return clean === '.' ? '' : clean;
}

/**
 * The owner `docker cp -a` (copyUIDGID) gives: the container's Config.User resolved in its
 * /etc/passwd and /etc/group; undefined when it has none (the archive's owners stay, as in Docker).
 */
export function containerOwner(tree: ContainerTree, user: string): { uid: number; gid: number } | undefined {
  if (user === '') return undefined;
  const resolved = resolveUser(user, readRootFile(tree.root, '/etc/passwd'), readRootFile(tree.root, '/etc/group'));
  return { uid: resolved.uid, gid: resolved.gid };
}

class Router {
  private readonly targets = new Map<string, Target>();

  constructor(private readonly tree: ContainerTree) {}

  /** Which writer a container path goes to, and the path inside it. */
  route(cpath: string): { target: Target; rel: string; mount?: ResolvedMount } {
    const mount = this.tree.mounts.filter((m) => cpath === m.path || cpath.startsWith(`${m.path}/`)).reduce<ResolvedMount | undefined>(
      (best, m) => (best === undefined || m.path.length >= best.path.length ? m : best), undefined);
    const base = mount?.path ?? '/';
    const rel = cpath === base ? '' : cpath.slice(base === '/' ? 1 : base.length + 1);
    if (mount && mount.source === undefined) refuse(`copy to ${cpath}`, `${mount.target} is a tmpfs mount, whose content exists only inside the running container`);
    if (mount?.readOnly) refuse(`copy to ${cpath}`, 'mounted volume is marked read-only');
    if (!mount && this.tree.readOnlyRoot) refuse(`copy to ${cpath}`, 'container rootfs is marked read-only');
    const root = mount?.source ?? this.tree.rootfs;
    let target = this.targets.get(root);
    if (!target && mount && !statSync(root).isDirectory()) refuse(`copy to ${cpath}`, `${mount.target} is a bind-mounted file; a copy cannot replace it`);
    if (!target) {
      const rootFd = openSync(root, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
      try {
        target = { writer: new EntryWriter(root, 'remove', []), root, rootFd };
      } catch (err) {
        closeSync(rootFd);
        throw err;
      }
      this.targets.set(root, target);
    }
    return { target, rel, ...(mount ? { mount } : {}) };
  }

  /** lstat of `rel` under the writer's root, never through a symlink; undefined when absent. */
  existing(target: Target, rel: string): Stats | undefined {
    if (rel === '') return lstatSync(target.root);
    const parent = posix.dirname(rel);
    let fd: number;
    try {
      fd = parent === '.' ? -1 : openat2(target.rootFd, parent, O_PATH | O_DIRECTORY, 0, resolveBeneath);
    } catch {
      return undefined; // a missing parent, or a symlink the writer will refuse anyway
    }
    try {
      return lstatSync(pinnedPath(fd < 0 ? target.rootFd : fd, posix.basename(rel)), { throwIfNoEntry: false });
    } finally {
      if (fd >= 0) closeSync(fd);
    }
  }

  finish(): void {
    for (const t of this.targets.values()) t.writer.finish();
  }

  close(): void {
    for (const t of this.targets.values()) {
      t.writer.close();
      closeSync(t.rootFd);
    }
  }
}

function entryError(cpath: string, err: unknown): unknown {
  if (isAbortError(err)) return err;
  if (err instanceof BerthError) return berthError(err.kind, `copy to ${cpath}: ${err.message.replace(/; refusing to apply this layer$/, '')}`, err);
  const code = errnoCode(err);
  const kind = code === 'ENOSPC' || code === 'EDQUOT' || code === 'EROFS' ? 'unavailable' : code === 'EXDEV' || code === 'EEXIST' || code === 'ENOTDIR' || code === 'ELOOP' ? 'invalid-argument' : 'internal';
  return berthError(kind, `copy to ${cpath}: ${(err as Error).message}`, err);
}

/** The destination directory, resolved and checked (exists, a directory, writable) before any entry is read. */
function destination(tree: ContainerTree, path: string, options: ExtractOptions): string {
  if (path === '') throw berthError('invalid-argument', 'path cannot be empty');
  const node = tree.resolve(absolutePath(path), true);
  if (!node.exists) throw berthError('not-found', `Could not find the file ${path}${options.where ? ` in ${options.where}` : ''}`);
  if (!node.virtual && !node.stats?.isDirectory()) throw berthError('invalid-argument', 'extraction point is not a directory');
  const router = new Router(tree);
  try {
    router.route(node.path);
  } finally {
    router.close();
  }
  return node.path;
}

/** Writes tar `entries` into directory `path` of the tree (see the top of this file). */
export async function extractEntries(tree: ContainerTree, path: string, entries: AsyncIterable<TarEntry>, options: ExtractOptions = {}): Promise<void> {
  const node = { path: destination(tree, path, options) };
  const router = new Router(tree);
  try {
    for await (const entry of entries) {
      options.signal?.throwIfAborted();
      const rel = entryRel(entry.header.name);
      if (rel === '') continue; // the destination itself exists and keeps its owner and mode
      const cpath = posix.join(node.path, rel);
      const { target, rel: inside } = router.route(cpath);
      const header: TarHeader = { ...entry.header, name: inside === '' ? './' : inside, ...(options.owner ? { uid: options.owner.uid, gid: options.owner.gid } : {}) };
      if (options.noOverwriteDirNonDir) {
        const found = router.existing(target, inside);
        if (found?.isDirectory() && header.type !== 'directory') refuse(`copy to ${cpath}`, `cannot overwrite directory "${cpath}" with non-directory "${entry.header.name}"`);
        if (found && !found.isDirectory() && header.type === 'directory') refuse(`copy to ${cpath}`, `cannot overwrite non-directory "${cpath}" with directory "${entry.header.name}"`);
      }
      if (header.type === 'link') {
        const linkPath = posix.join(node.path, entryRel(entry.header.linkname));
        const link = router.route(linkPath);
        if (link.target !== target) refuse(`copy to ${cpath}`, `hard link to ${linkPath} would cross from one mount to another`);
        header.linkname = link.rel;
      }
      await target.writer.write(header, entry.body).catch((err: unknown) => { throw entryError(cpath, err); });
    }
    router.finish();
  } finally {
    router.close();
  }
}

/** Extracts the tar (plain, gzip or zstd) `input` into directory `path` of the tree. */
export async function extractArchive(tree: ContainerTree, path: string, input: Readable, options: ExtractOptions = {}): Promise<void> {
  destination(tree, path, options); // a wrong destination fails before the upload is read
  const { stream } = await openDecompressed(input);
  try {
    await extractEntries(tree, path, readTar(stream as AsyncIterable<Buffer>), options);
  } catch (err) {
    // the input stays the caller's: the API answers with the error, then drains the upload
    stream.destroy();
    throw err;
  }
}
