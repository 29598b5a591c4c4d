// COPY and ADD into a step's writable layer with Docker's destination rules (BuildKit's fileop
// over fsutil's copy):
// - the destination is resolved in the image being built, its symlinks followed inside the root;
// - a destination ending in `/` is a directory (created with its missing parents, 0755);
// - a file copied onto an existing directory lands inside it under its own name, else it becomes
//   the destination; a directory's contents (never the directory itself) are copied into the
//   destination, which is created with the source directory's metadata when missing;
// - --chown replaces owners (context files are 0:0 otherwise), --chmod permission bits.
// Entries go through the layer module's EntryWriter, so nothing is written outside the layer
// directory, whatever symlinks the sources or the image hold; parent directories of the image
// appear in the layer with their existing metadata, as overlayfs's copy-up gives them.
import { createReadStream } from 'node:fs';
import { posix } from 'node:path';
import { berthError } from '../image/berthError';
import { EntryWriter } from '../layer/entryWriter';
import { llistxattr, lgetxattr } from '../layer/syscalls';
import { emptyHeader, type TarHeader } from '../layer/tarHeader';
import { overlayXattrPrefix, type WhiteoutMode } from '../layer/whiteout';
import type { ChmodSpec } from './chmodSpec';
import type { Owner } from './chownSpec';
import type { SelectedSource, SourceEntry, SourceTree } from './copySources';
import { cleanAbsolute, MergedView, pathComponents } from './mergedView';

/** The writable layer of a step and what lies below it. */
export interface LayerTarget {
  readonly upper: string;
  /** Directories below the upper one, top first (overlay mode); [] when the upper holds the whole tree. */
  readonly lowers: readonly string[];
  readonly whiteouts: WhiteoutMode;
}

export interface Placement {
  /** The destination as BuildKit computes it from WORKDIR: absolute, a trailing `/` kept. */
  readonly dest: string;
  readonly owner?: Owner;
  readonly chmod?: ChmodSpec;
  /** Seconds since the epoch for directories the copy creates. */
  readonly now: number;
}

const hostXattrs = new Set(['security.selinux']);

export function viewOf(target: LayerTarget): MergedView {
  return new MergedView([target.upper, ...target.lowers], target.whiteouts === 'overlay');
}

function sourceXattrs(path: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const name of llistxattr(path).sort()) {
    if (name.startsWith(overlayXattrPrefix) || hostXattrs.has(name)) continue;
    const value = lgetxattr(path, name);
    if (value !== undefined) out.set(name, value);
  }
  return out;
}

async function* noBody(): AsyncGenerator<Buffer> {}

/** Writes the directories `dir` needs (missing ones 0755, owned by `owner`), its symlinks followed. */
async function ensureDir(writer: EntryWriter, target: LayerTarget, dir: string, placement: Pick<Placement, 'owner' | 'now'>): Promise<void> {
  const view = viewOf(target);
  const resolved = view.resolve(dir, true);
  let path = '';
  for (const c of pathComponents(resolved)) {
    path += `/${c}`;
    const existing = view.lstat(path);
    if (existing?.stats.isDirectory()) continue;
    if (existing) throw berthError('invalid-argument', `cannot copy to ${dir}: ${path} is not a directory in the image`);
    const h = emptyHeader(path.slice(1), 'directory');
    h.mode = 0o755;
    h.uid = placement.owner?.uid ?? 0;
    h.gid = placement.owner?.gid ?? 0;
    h.mtime = placement.now;
    await writer.write(h, noBody());
  }
}

class HeaderMaker {
  private readonly links = new Map<string, string>();

  constructor(private readonly tree: SourceTree, private readonly placement: Placement) {}

  header(e: SourceEntry, name: string): TarHeader {
    const st = e.stats;
    const isDir = st.isDirectory();
    const h = emptyHeader(name, 'file');
    const mode = Number(st.mode & 0o7777n);
    h.mode = this.placement.chmod ? this.placement.chmod(mode, isDir) : mode;
    h.uid = this.placement.owner?.uid ?? (this.tree.owner === 'root' ? 0 : Number(st.uid));
    h.gid = this.placement.owner?.gid ?? (this.tree.owner === 'root' ? 0 : Number(st.gid));
    h.mtime = Number(st.mtimeNs / 1_000_000_000n);
    h.mtimeNsec = Number(st.mtimeNs % 1_000_000_000n);
    if (isDir) h.type = 'directory';
    else if (st.isSymbolicLink()) {
      h.type = 'symlink';
      h.linkname = e.linkTarget ?? '';
      return h;
    } else if (st.isCharacterDevice() || st.isBlockDevice()) {
      h.type = st.isCharacterDevice() ? 'char' : 'block';
      h.devmajor = Number(((st.rdev >> 8n) & 0xfffn) | ((st.rdev >> 32n) & ~0xfffn));
      h.devminor = Number((st.rdev & 0xffn) | ((st.rdev >> 12n) & ~0xffn));
    } else if (st.isFIFO()) h.type = 'fifo';
    else if (st.isFile()) {
      h.size = Number(st.size);
      if (st.nlink > 1n) {
        const key = `${st.dev}:${st.ino}`;
        const first = this.links.get(key);
        if (first !== undefined) {
          h.type = 'link';
          h.linkname = first;
          return h;
        }
        this.links.set(key, name);
      }
    }
    h.xattrs = sourceXattrs(e.hostPath);
    return h;
  }
}

async function writeEntry(writer: EntryWriter, h: TarHeader, e: SourceEntry): Promise<void> {
  const body = h.type === 'file' ? (createReadStream(e.hostPath, { highWaterMark: 256 * 1024 }) as AsyncIterable<Buffer>) : noBody();
  await writer.write(h, body);
}

function joinDest(dir: string, rel: string): string {
  const joined = rel === '' ? dir : dir === '/' ? `/${rel}` : `${dir}/${rel}`;
  return joined.slice(1);
}

/** WORKDIR's mkdir -p: creates `dir` and its missing parents in `target`. */
export async function makeDirectories(target: LayerTarget, dir: string, placement: Pick<Placement, 'owner' | 'now'>): Promise<void> {
  const writer = new EntryWriter(target.upper, target.whiteouts, target.lowers);
  try {
    await ensureDir(writer, target, dir, placement);
    writer.finish();
  } finally {
    writer.close();
  }
}

/** Copies `sources` from `tree` into `target` at `placement.dest`. */
export async function copyInto(target: LayerTarget, tree: SourceTree, sources: readonly SelectedSource[], placement: Placement, signal?: AbortSignal): Promise<void> {
  const writer = new EntryWriter(target.upper, target.whiteouts, target.lowers);
  try {
    const dest = placement.dest;
    const trailing = dest.endsWith('/') || dest.endsWith('/.');
    const clean = cleanAbsolute(dest);
    await ensureDir(writer, target, trailing ? clean : posix.dirname(clean), placement);
    const headers = new HeaderMaker(tree, placement);
    for (const source of sources) {
      signal?.throwIfAborted();
      const view = viewOf(target);
      const resolved = view.resolve(clean, true);
      const existing = view.lstat(resolved);
      if (source.top.stats.isDirectory()) {
        if (!existing?.stats.isDirectory()) await writeEntry(writer, headers.header(source.top, joinDest(resolved, '')), source.top);
        for (const e of source.children) {
          signal?.throwIfAborted();
          await writeEntry(writer, headers.header(e, joinDest(resolved, e.rel)), e);
        }
      } else {
        const file = existing?.stats.isDirectory() ? joinDest(resolved, posix.basename(source.matched)) : joinDest(resolved, '');
        if (file === '') throw berthError('invalid-argument', `cannot copy ${source.matched} to /: the destination is the root directory`);
        await writeEntry(writer, headers.header(source.top, file), source.top);
      }
    }
    writer.finish();
  } finally {
    writer.close();
  }
}
