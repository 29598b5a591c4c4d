// What one COPY/ADD source names, read from a source tree (the build context, a stage, an image)
// as BuildKit's fileop does: wildcards resolved element by element, the matched path followed
// through its symlinks inside the tree, a directory walked in byte order with its contents only;
// .dockerignore (for the context), --exclude and --parents patterns applied with Docker's matching.
// The same selection gives the cache key its content hashes and the copy its entries.
import { readlinkSync, type BigIntStats } from 'node:fs';
import { berthError } from '../image/berthError';
import { createIgnoreMatcher, type IgnoreMatcher } from './dockerignore';
import { cleanAbsolute, pathComponents, type MergedView } from './mergedView';
import { hasWildcards, isBadPattern, matchElement, unescapePattern } from './pathPattern';

export interface SourceTree {
  readonly view: MergedView;
  /** The context's .dockerignore: what it leaves out does not exist for COPY. */
  readonly ignore?: IgnoreMatcher;
  /** `root`: files from the build context belong to 0:0 in the image; `keep`: stages and images keep their owners. */
  readonly owner: 'root' | 'keep';
  /** For messages: `build context`, `stage build`, `image alpine:3.20`. */
  readonly description: string;
}

export interface SourceEntry {
  /** Path below the source ('' for the source itself), slash-separated. */
  readonly rel: string;
  readonly hostPath: string;
  readonly stats: BigIntStats;
  readonly linkTarget?: string;
}

export interface SelectedSource {
  /** The path as matched in the tree, before its symlinks were followed; its base name names the copy. */
  readonly matched: string;
  readonly top: SourceEntry;
  /** A directory's contents, parents before children; [] for anything else. */
  readonly children: readonly SourceEntry[];
}

export interface SelectOptions {
  readonly exclude?: IgnoreMatcher;
  /** COPY --parents: keep the matched paths' parent directories (below a `/./` pivot when given). */
  readonly parents?: boolean;
}

function notFound(tree: SourceTree, path: string): never {
  throw berthError('not-found', `"${path}": not found in the ${tree.description}${tree.ignore ? ' (or excluded by .dockerignore)' : ''}`);
}

function ignored(tree: SourceTree, path: string): boolean {
  return tree.ignore !== undefined && path !== '/' && tree.ignore.matches(path.slice(1));
}

function entryOf(tree: SourceTree, path: string, rel: string): SourceEntry | undefined {
  const e = tree.view.lstat(path);
  if (!e) return undefined;
  return { rel, hostPath: e.hostPath, stats: e.stats, ...(e.stats.isSymbolicLink() ? { linkTarget: readlinkSync(e.hostPath) } : {}) };
}

/**
 * The contents of directory `dir` (a resolved path), parents first. A directory that a pattern
 * leaves out is still entered when the patterns have `!` exceptions, and kept only as the parent
 * of what they bring back.
 */
function walk(tree: SourceTree, dir: string, relBase: string, exclude: IgnoreMatcher | undefined, out: SourceEntry[]): void {
  for (const name of tree.view.readdir(dir)) {
    const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
    const rel = relBase === '' ? name : `${relBase}/${name}`;
    const entry = entryOf(tree, path, rel);
    if (!entry) continue;
    const left = ignored(tree, path) ? tree.ignore! : exclude?.matches(rel) ? exclude : undefined;
    if (left) {
      if (!entry.stats.isDirectory() || !left.hasExclusions) continue;
      const below: SourceEntry[] = [];
      walk(tree, path, rel, exclude, below);
      if (below.length > 0) out.push(entry, ...below);
      continue;
    }
    out.push(entry);
    if (entry.stats.isDirectory()) walk(tree, path, rel, exclude, out);
  }
}

/** Paths matching a source with wildcards, in byte order (fsutil's resolveWildcards). */
function resolveWildcards(tree: SourceTree, path: string): string[] {
  const components = pathComponents(path);
  let candidates = ['/'];
  for (const c of components) {
    const next: string[] = [];
    for (const base of candidates) {
      const dir = tree.view.resolve(base, true);
      if (!hasWildcards(c)) {
        next.push(base === '/' ? `/${unescapePattern(c)}` : `${base}/${unescapePattern(c)}`);
        continue;
      }
      if (isBadPattern(c)) throw berthError('invalid-argument', `${path}: syntax error in pattern`);
      for (const name of tree.view.readdir(dir)) {
        const candidate = base === '/' ? `/${name}` : `${base}/${name}`;
        if (matchElement(c, name) && !ignored(tree, cleanAbsolute(`${dir}/${name}`))) next.push(candidate);
      }
    }
    candidates = next;
  }
  return candidates.filter((p) => tree.view.lstat(tree.view.resolve(p, false)) !== undefined);
}

/** The source a matched path stands for, its symlinks followed; undefined when it is not there. */
function sourceAt(tree: SourceTree, matched: string, exclude: IgnoreMatcher | undefined): SelectedSource | undefined {
  const resolved = tree.view.resolve(matched, true);
  const top = entryOf(tree, resolved, '');
  if (!top) return undefined;
  if (!top.stats.isDirectory()) return ignored(tree, matched) || ignored(tree, resolved) ? undefined : { matched, top, children: [] };
  const children: SourceEntry[] = [];
  walk(tree, resolved, '', exclude, children);
  if ((ignored(tree, resolved) || ignored(tree, matched)) && children.length === 0) return undefined;
  return { matched, top, children };
}

/** COPY --parents: the pivot directory with only the paths the pattern names (and their parents). */
function selectParents(tree: SourceTree, source: string, options: SelectOptions): SelectedSource[] {
  const pivot = source.indexOf('/./');
  const parent = pivot < 0 ? '/' : cleanAbsolute(source.slice(0, pivot));
  const pattern = cleanAbsolute(pivot < 0 ? source : source.slice(pivot + 3)).slice(1);
  const root = tree.view.resolve(parent, true);
  const top = entryOf(tree, root, '');
  if (!top?.stats.isDirectory()) return notFound(tree, parent);
  const all: SourceEntry[] = [];
  walk(tree, root, '', options.exclude, all);
  const include = createIgnoreMatcher([pattern]);
  const keep = new Set<string>();
  for (const e of all) {
    if (!include.matches(e.rel)) continue;
    keep.add(e.rel);
    for (let slash = e.rel.lastIndexOf('/'); slash > 0; slash = e.rel.lastIndexOf('/', slash - 1)) keep.add(e.rel.slice(0, slash));
  }
  const children = all.filter((e) => keep.has(e.rel));
  if (children.length === 0 && !hasWildcards(parent) && !hasWildcards(pattern)) notFound(tree, `${parent === '/' ? '' : parent}/${pattern}`);
  return [{ matched: parent, top, children }];
}

/**
 * The sources `source` (as written after expansion, relative to the tree's root) selects. A path
 * without wildcards must exist; a wildcard may match nothing, as in BuildKit.
 */
export function selectSources(tree: SourceTree, source: string, options: SelectOptions = {}): SelectedSource[] {
  if (options.parents) return selectParents(tree, source, options);
  const path = cleanAbsolute(source);
  if (!hasWildcards(path)) {
    const found = sourceAt(tree, path, options.exclude);
    return found ? [found] : notFound(tree, path);
  }
  return resolveWildcards(tree, path).flatMap((m) => {
    const found = sourceAt(tree, m, options.exclude);
    return found ? [found] : [];
  });
}
