// The part of a COPY/ADD cache key that stands for its sources: every selected entry's path, type,
// permission bits, link target and content hash (owners too when the tree keeps them), never
// mtimes. Also the per-file hashes a build record keeps, so the next build can say which file
// changed.
import { createHash } from 'node:crypto';
import type { BigIntStats } from 'node:fs';
import type { ContentHashCache } from './contentHashCache';
import type { SelectedSource, SourceEntry, SourceTree } from './copySources';

export interface SourceDigest {
  /** sha256 hex over every entry. */
  readonly digest: string;
  /** Per path in the tree (`dir/file`): the content hash of a file, `dir`, or `link:<target>`. */
  readonly files: ReadonlyMap<string, string>;
}

export function entryType(st: BigIntStats): string {
  if (st.isDirectory()) return 'dir';
  if (st.isFile()) return 'file';
  if (st.isSymbolicLink()) return 'link';
  if (st.isCharacterDevice()) return 'char';
  if (st.isBlockDevice()) return 'block';
  if (st.isFIFO()) return 'fifo';
  return 'socket';
}

function treePath(source: SelectedSource, e: SourceEntry): string {
  const top = source.matched === '/' ? '' : source.matched.slice(1);
  if (e.rel === '') return top === '' ? '.' : top;
  return top === '' ? e.rel : `${top}/${e.rel}`;
}

export async function sourceDigest(tree: SourceTree, sources: readonly SelectedSource[], hashes: ContentHashCache, signal?: AbortSignal): Promise<SourceDigest> {
  const files = sources.flatMap((s) => [s.top, ...s.children]).filter((e) => e.stats.isFile());
  const contents = await hashes.hashFiles(files, signal);
  const hash = createHash('sha256');
  const out = new Map<string, string>();
  for (const source of sources) {
    hash.update(`source\0${source.matched}\n`);
    for (const e of [source.top, ...source.children]) {
      const type = entryType(e.stats);
      const content = type === 'file' ? contents.get(e.hostPath)! : type === 'link' ? `link:${e.linkTarget}` : type === 'char' || type === 'block' ? `dev:${e.stats.rdev}` : type;
      const owner = tree.owner === 'keep' ? `${e.stats.uid}:${e.stats.gid}` : '';
      hash.update(`${e.rel}\0${type}\0${(e.stats.mode & 0o7777n).toString(8)}\0${owner}\0${content}\n`);
      out.set(treePath(source, e), content);
    }
  }
  return { digest: hash.digest('hex'), files: out };
}
