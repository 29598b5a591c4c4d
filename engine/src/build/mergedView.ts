// A read-only view of a filesystem stacked from directories, top first, as overlayfs would show
// it without mounting anything: the first directory that has a path decides what it is; with
// `overlay`, a 0/0 character device hides what lies below (a whiteout) and a directory marked
// trusted.overlay.opaque=y hides the lower directories of the same path. A build reads its
// stages, images and contexts through this: COPY sources, the destination's existing directories
// and symlinks, /etc/passwd for --chown. Symlinks are resolved inside the view's root, never on the
// host: an absolute target starts again at the view's root and `..` stops there (securejoin).
import { lstatSync, readdirSync, readFileSync, readlinkSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { berthError } from '../image/berthError';
import { lgetxattr } from '../layer/syscalls';
import { overlayOpaqueXattr } from '../layer/whiteout';

export interface ViewEntry {
  /** Absolute, cleaned path inside the view. */
  readonly path: string;
  /** Where the entry lives on the host (in the topmost directory that has it). */
  readonly hostPath: string;
  readonly stats: BigIntStats;
}

const maxSymlinks = 255;

/** The components of a slash path, `.` and empty ones dropped (`..` kept). */
export function pathComponents(path: string): string[] {
  return path.split('/').filter((c) => c !== '' && c !== '.');
}

/** Go's path.Clean of an absolute path, `..` stopping at the root. */
export function cleanAbsolute(path: string): string {
  const out: string[] = [];
  for (const c of pathComponents(path)) {
    if (c === '..') out.pop();
    else out.push(c);
  }
  return '/' + out.join('/');
}

function isWhiteout(st: BigIntStats): boolean {
  return st.isCharacterDevice() && st.rdev === 0n;
}

export class MergedView {
  /** Per directory path: the layers whose directory of that path is visible, top first. */
  private readonly dirLayers = new Map<string, readonly number[]>([['/', []]]);

  constructor(readonly layers: readonly string[], private readonly overlay: boolean) {
    this.dirLayers.set('/', this.visibleBelow(layers.map((_, i) => i), '/'));
  }

  /** The entry at `path` itself (a symlink is not followed); undefined when absent. */
  lstat(path: string): ViewEntry | undefined {
    const clean = cleanAbsolute(path);
    if (clean === '/') return this.entryIn(this.dirLayers.get('/')!, '/');
    const slash = clean.lastIndexOf('/');
    const parent = slash === 0 ? '/' : clean.slice(0, slash);
    const layers = this.layersOf(parent);
    return layers === undefined ? undefined : this.entryIn(layers, clean);
  }

  /** Follows symlinks all the way (also in the last component); undefined when absent. */
  stat(path: string): ViewEntry | undefined {
    return this.lstat(this.resolve(path, true));
  }

  /** The names in directory `path` (not following a symlink at `path`), in byte order. */
  readdir(path: string): string[] {
    const clean = cleanAbsolute(path);
    const layers = this.layersOf(clean);
    if (layers === undefined) return [];
    const seen = new Set<string>();
    const names: string[] = [];
    for (const i of layers) {
      let dirents;
      try {
        dirents = readdirSync(join(this.layers[i]!, clean), { withFileTypes: true });
      } catch {
        continue;
      }
      for (const d of dirents) {
        if (seen.has(d.name)) continue;
        seen.add(d.name);
        if (this.overlay && d.isCharacterDevice() && isWhiteout(lstatSync(join(this.layers[i]!, clean, d.name), { bigint: true }))) continue;
        names.push(d.name);
      }
    }
    return names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  }

  /**
   * `path` with its symlinks resolved inside the view (the last component too when `followLast`).
   * The result may not exist; a missing component ends the resolution with the rest kept as written.
   */
  resolve(path: string, followLast: boolean): string {
    let resolved: string[] = [];
    const remaining = pathComponents(path);
    let links = 0;
    while (remaining.length > 0) {
      const c = remaining.shift()!;
      if (c === '..') {
        resolved.pop();
        continue;
      }
      const candidate = [...resolved, c];
      if (remaining.length === 0 && !followLast) {
        resolved = candidate;
        break;
      }
      const entry = this.lstat('/' + candidate.join('/'));
      if (entry?.stats.isSymbolicLink()) {
        if (++links > maxSymlinks) throw berthError('invalid-argument', `${path}: too many levels of symbolic links`);
        const target = readlinkSync(entry.hostPath);
        if (target.startsWith('/')) resolved = [];
        remaining.unshift(...pathComponents(target));
        continue;
      }
      resolved = candidate;
    }
    return '/' + resolved.join('/');
  }

  /** The host directories that make up directory `path` (symlinks followed), top first; undefined when it is no directory. */
  directoryLayers(path: string): string[] | undefined {
    const resolved = this.resolve(path, true);
    return this.layersOf(resolved)?.map((i) => join(this.layers[i]!, resolved));
  }

  /** A file's bytes, symlinks followed; undefined when absent or not a regular file. */
  readFile(path: string): Buffer | undefined {
    const entry = this.stat(path);
    return entry?.stats.isFile() ? readFileSync(entry.hostPath) : undefined;
  }

  private entryIn(layers: readonly number[], path: string): ViewEntry | undefined {
    for (const i of layers) {
      const hostPath = join(this.layers[i]!, path);
      const stats = lstatSync(hostPath, { bigint: true, throwIfNoEntry: false });
      if (stats === undefined) continue;
      if (this.overlay && isWhiteout(stats)) return undefined;
      return { path, hostPath, stats };
    }
    return undefined;
  }

  /** The layers that show directory `dir` (a cleaned path, not through symlinks); undefined when it is no directory. */
  private layersOf(dir: string): readonly number[] | undefined {
    const cached = this.dirLayers.get(dir);
    if (cached) return cached;
    const slash = dir.lastIndexOf('/');
    const parent = this.layersOf(slash === 0 ? '/' : dir.slice(0, slash));
    if (parent === undefined) return undefined;
    const entry = this.entryIn(parent, dir);
    if (!entry?.stats.isDirectory()) return undefined;
    const top = parent.findIndex((i) => entry.hostPath === join(this.layers[i]!, dir));
    const layers = this.visibleBelow(parent.slice(top), dir);
    this.dirLayers.set(dir, layers);
    return layers;
  }

  /** From the first of `candidates` (which has `dir` as a directory), the run of directories overlayfs merges. */
  private visibleBelow(candidates: readonly number[], dir: string): number[] {
    const out: number[] = [];
    for (const i of candidates) {
      const hostPath = join(this.layers[i]!, dir);
      const st = lstatSync(hostPath, { bigint: true, throwIfNoEntry: false });
      if (st === undefined) continue;
      if (!st.isDirectory()) break;
      out.push(i);
      if (!this.overlay) break;
      if (lgetxattr(hostPath, overlayOpaqueXattr)?.toString() === 'y') break;
    }
    return out;
  }
}
