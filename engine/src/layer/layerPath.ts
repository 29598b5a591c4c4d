// Entry names from untrusted tars, checked before anything touches the disk: relative, no `..`,
// no empty components after cleaning; plus the lexical check that a relative symlink target stays
// inside the root (moby's "invalid symlink" rule).
import { posix } from 'node:path';
import { berthError } from '../image/berthError';

function reject(what: string, name: string, why: string): never {
  throw berthError('invalid-argument', `layer entry ${JSON.stringify(name)}: ${what} ${why}; refusing to apply this layer`);
}

/** The cleaned relative path of an entry ('' for the root itself). */
export function entryPath(name: string, what = 'path'): string {
  if (name === '') reject(what, name, 'is empty');
  if (name.startsWith('/')) reject(what, name, 'is absolute');
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..')) reject(what, name, 'contains ".." (it could point outside the root)');
  return parts.join('/');
}

/** The cleaned path a hard link points at: like entryPath, and never the root. */
export function hardlinkTarget(name: string, linkname: string): string {
  if (linkname === '') reject('hard link target', name, 'is empty');
  if (linkname.startsWith('/')) reject('hard link target', name, `${JSON.stringify(linkname)} is absolute`);
  const target = entryPath(linkname, 'hard link target');
  if (target === '') reject('hard link target', name, 'is the root directory');
  return target;
}

/** Rejects a relative symlink target that climbs above the root from where the link sits. */
export function checkSymlinkTarget(rel: string, linkname: string): void {
  if (linkname.startsWith('/')) return; // absolute targets resolve inside the container's root
  let depth = posix.dirname(rel) === '.' ? 0 : posix.dirname(rel).split('/').length;
  for (const part of linkname.split('/')) {
    if (part === '..') depth--;
    else if (part !== '' && part !== '.') depth++;
    if (depth < 0) reject('symlink target', rel, `${JSON.stringify(linkname)} climbs above the root`);
  }
}

export function parentOf(rel: string): string {
  const slash = rel.lastIndexOf('/');
  return slash < 0 ? '' : rel.slice(0, slash);
}

export function baseOf(rel: string): string {
  return rel.slice(rel.lastIndexOf('/') + 1);
}
