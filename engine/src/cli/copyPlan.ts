// Where a copied resource lands, by the docker CLI's rules (moby's archive.PrepareArchiveCopy):
// into an existing directory as is, else extracted in the destination's parent under the
// destination's name; a directory never replaces a file, and a file cannot create a directory
// asserted by a trailing `/`. Pure.
import { posix } from 'node:path';

export interface CopySource {
  /** The path archived (after following a link with -L). */
  readonly path: string;
  readonly isDir: boolean;
  /** The name the archive's top entry should have instead of the path's base (the link's name with -L). */
  readonly rebaseName?: string;
}

export interface CopyDestination {
  readonly path: string;
  readonly exists: boolean;
  readonly isDir: boolean;
}

export interface CopyPlan {
  /** The directory the archive is extracted into. */
  readonly dir: string;
  /** Rename the archive's top entry (and everything below it) from `from` to `to`. */
  readonly rename?: { readonly from: string; readonly to: string };
}

/** The path's directory and last element, keeping a final `.` (`/a/b/.` → `/a/b`, `.`). */
export function splitPathDirEntry(path: string): { dir: string; base: string } {
  let clean = posix.normalize(path).replace(/(.)\/+$/, '$1');
  if (/(^|\/)\.$/.test(path)) clean = clean === '.' ? '.' : `${clean.replace(/\/\.$/, '')}/.`;
  return { dir: posix.dirname(clean), base: posix.basename(clean) || '/' };
}

export function assertsDirectory(path: string): boolean {
  return path.endsWith('/') || /(^|\/)\.$/.test(path);
}

export function planCopy(source: CopySource, destination: CopyDestination): CopyPlan {
  const dst = splitPathDirEntry(destination.path);
  const srcBase = source.rebaseName ?? splitPathDirEntry(source.path).base;
  if (destination.exists && destination.isDir) return { dir: destination.path };
  if (destination.exists && source.isDir) throw new Error(`cannot copy directory ${source.path} onto the file ${destination.path}`);
  if (!destination.exists && !source.isDir && assertsDirectory(destination.path)) throw new Error(`destination directory ${destination.path} does not exist: no such directory`);
  return { dir: dst.dir, rename: { from: srcBase, to: dst.base } };
}

/** moby's RebaseArchiveEntries: the first occurrence of `from` in a name becomes `to`. */
export function rebaseName(name: string, rename: CopyPlan['rename']): string {
  if (!rename) return name;
  const from = rename.from === '/' ? '' : rename.from;
  const at = name.indexOf(from);
  return at < 0 ? name : name.slice(0, at) + rename.to + name.slice(at + from.length);
}
