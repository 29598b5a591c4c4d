// Tar archives of what a container holds, for `docker cp` out of a container (GET archive) and
// `docker export`: entries come from the layer module's walker (walkTree: fixed order, numeric
// owners, xattrs, hard links) and its tar encoder, so they read like every other tar the engine
// writes. An archived directory includes what is mounted below it (volumes and binds, each walked
// in its own host directory), named as the container sees it. Names follow Docker's rebase rule:
// the archived resource's entries start with its base name (`etc/passwd` for /etc).
import { lstatSync, readlinkSync, type BigIntStats } from 'node:fs';
import { lgetxattr, llistxattr } from '../layer/syscalls';
import { encodeTar } from '../layer/tarEncoder';
import { emptyHeader, type TarHeader } from '../layer/tarHeader';
import { walkTree, type WalkedEntry } from '../layer/walkTree';
import type { ContainerTree, ResolvedMount, TreeNode } from './containerTree';

function describe(path: string, name: string): WalkedEntry | undefined {
  const st: BigIntStats = lstatSync(path, { bigint: true });
  const h = emptyHeader(name, 'file');
  h.mode = Number(st.mode & 0o7777n);
  h.uid = Number(st.uid);
  h.gid = Number(st.gid);
  h.mtime = Number(st.mtimeNs / 1_000_000_000n);
  for (const key of llistxattr(path)) {
    if (key === 'security.selinux' || key.startsWith('trusted.overlay.')) continue;
    const value = lgetxattr(path, key);
    if (value !== undefined) h.xattrs.set(key, value);
  }
  if (st.isDirectory()) {
    h.type = 'directory';
    h.name = name.endsWith('/') ? name : `${name}/`;
    return { header: h };
  }
  if (st.isFile()) {
    h.size = Number(st.size);
    return { header: h, contentPath: path };
  }
  if (st.isSymbolicLink()) {
    h.type = 'symlink';
    h.linkname = readlinkSync(path);
    return { header: h };
  }
  if (st.isFIFO()) {
    h.type = 'fifo';
    return { header: h };
  }
  if (st.isCharacterDevice() || st.isBlockDevice()) {
    h.type = st.isCharacterDevice() ? 'char' : 'block';
    h.devmajor = Number(((st.rdev >> 8n) & 0xfffn) | ((st.rdev >> 32n) & ~0xfffn));
    h.devminor = Number((st.rdev & 0xffn) | ((st.rdev >> 12n) & ~0xffn));
    return { header: h };
  }
  return undefined; // sockets are never archived
}

function virtualDir(name: string): WalkedEntry {
  return { header: { ...emptyHeader(name.endsWith('/') ? name : `${name}/`, 'directory'), mode: 0o755 } };
}

function rename(entry: WalkedEntry, prefix: string): WalkedEntry {
  const header: TarHeader = { ...entry.header, name: `${prefix}/${entry.header.name}` };
  if (header.type === 'link') header.linkname = `${prefix}/${header.linkname}`;
  return { header, ...(entry.contentPath === undefined ? {} : { contentPath: entry.contentPath }) };
}

function under(rel: string, target: string): boolean {
  return rel === target || rel.startsWith(`${target}/`);
}

/**
 * The entries of directory `cpath` (host directory `hostDir`, undefined when virtual) below the
 * name `prefix`, with the mounts below it walked in their own host directories.
 */
async function* directoryEntries(tree: ContainerTree, hostDir: string | undefined, cpath: string, prefix: string): AsyncGenerator<WalkedEntry> {
  const below = tree.mountsBelow(cpath);
  const base = cpath === '/' ? '' : cpath;
  const rel = (m: ResolvedMount) => m.path.slice(base.length + 1);
  const direct = below.filter((m) => !below.some((o) => o !== m && m.path.startsWith(`${o.path}/`)));
  const dirs = new Set<string>();
  if (hostDir !== undefined) {
    for await (const entry of walkTree(hostDir)) {
      const name = entry.header.name.replace(/\/$/, '');
      if (below.some((m) => under(name, rel(m)))) continue;
      if (entry.header.type === 'directory') dirs.add(name);
      yield rename(entry, prefix);
    }
  }
  for (const m of direct) {
    // directories on the way to a mount that the root filesystem lacks (the runtime makes them)
    const parts = rel(m).split('/');
    for (let i = 1; i < parts.length; i++) {
      const between = parts.slice(0, i).join('/');
      if (dirs.has(between)) continue;
      dirs.add(between);
      yield virtualDir(`${prefix}/${between}`);
    }
    const name = `${prefix}/${rel(m)}`;
    if (m.source === undefined) {
      yield virtualDir(name);
      yield* directoryEntries(tree, undefined, m.path, name);
      continue;
    }
    const top = describe(m.source, name);
    if (!top) continue;
    yield top;
    if (top.header.type === 'directory') yield* directoryEntries(tree, m.source, m.path, name);
  }
}

/** Docker's archive of a resolved path: the resource itself, renamed `rebaseName`, and all below it. */
export async function* nodeEntries(tree: ContainerTree, node: TreeNode, rebaseName: string): AsyncGenerator<WalkedEntry> {
  const isDir = node.virtual || node.stats?.isDirectory() === true;
  // Docker's special case: the root archived as `/` names its children `/etc`, `/bin`, …
  const prefix = rebaseName === '/' ? '' : rebaseName;
  if (!isDir) {
    // a file bind is its own source; anything else is `name` in the directory it was found in
    const atMount = node.mount?.source !== undefined && node.mount.path === node.path;
    const single = describe(atMount ? node.mount!.source! : `${tree.hostPath(node.parentFd)}/${node.name}`, rebaseName);
    if (single) yield single;
    return;
  }
  yield node.virtual ? virtualDir(rebaseName) : describe(tree.hostPath(node.fd), rebaseName)!;
  yield* directoryEntries(tree, node.virtual ? undefined : tree.hostPath(node.fd), node.path, prefix);
}

/** Encodes entries as a tar stream (the layer module's encoder). */
export function tarStream(entries: AsyncIterable<WalkedEntry>, signal?: AbortSignal): AsyncGenerator<Buffer> {
  return encodeTar(entries, { signal, context: 'archive', advice: 'retry, or stop the container first' });
}
