/**
 * Paths for COPY and ADD: sources from the build context, one directory level at a time and
 * without what .dockerignore leaves out (the builder would not see those files), and
 * destinations from the stage's WORKDIR chain. The file listing comes in as `ContextFiles`, a
 * synchronous view over a cache the server keeps; tests pass literal listings.
 */
import { CompletionItem, CompletionItemKind } from 'vscode-languageserver';
import { Workdirs } from '../assist/workdirs';
import { makeItem, Request, wordEnd } from './items';

/** The build context as completion sees it. Paths are relative to the context root, with `/`. */
export interface ContextFiles {
  /** Entries of a directory ('' is the root); undefined when it does not exist or is unreadable. */
  list(dir: string): readonly { readonly name: string; readonly directory: boolean }[] | undefined;
  /** Whether .dockerignore excludes the path (a file or a directory). */
  ignored(path: string): boolean;
}

/**
 * Context entries matching the typed source `typed` (its quotes and a leading `./` or `/` are not
 * part of the path); `offsetOf(i)` maps an index in `typed` to its source offset.
 */
export function sourceItems(req: Request, files: ContextFiles, typed: string, offsetOf: (index: number) => number): CompletionItem[] {
  const lead = /^\[?\s*"?(\.\/|\/)*/.exec(typed)?.[0].length ?? 0;
  const path = typed.slice(lead);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || path.startsWith('git@') || /[*?[\]$]/.test(path)) return [];
  const slash = path.lastIndexOf('/');
  const dir = slash < 0 ? '' : normalizeDir(path.slice(0, slash));
  if (dir === undefined) return [];
  const entries = files.list(dir);
  if (!entries) return [];
  const start = offsetOf(lead + slash + 1);
  const replaceEnd = wordEnd(req, /[\s/"',\]]/);
  const items: CompletionItem[] = [];
  for (const entry of entries) {
    const relative = dir ? `${dir}/${entry.name}` : entry.name;
    if (files.ignored(relative)) continue;
    items.push(
      makeItem(req, {
        label: entry.directory ? `${entry.name}/` : entry.name,
        kind: entry.directory ? CompletionItemKind.Folder : CompletionItemKind.File,
        start,
        replaceEnd,
        text: entry.directory ? `${entry.name}/` : entry.name,
        filterText: entry.name,
        detail: `build context: ${relative}${entry.directory ? '/' : ''}`,
        sortText: `${entry.directory ? '0' : '1'}${entry.name}`,
        retrigger: entry.directory,
      }),
    );
  }
  return items;
}

/** `a/./b/` → `a/b`; undefined when it climbs out of the context. */
function normalizeDir(dir: string): string | undefined {
  const parts: string[] = [];
  for (const part of dir.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (!parts.length) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

/** Destinations: `./` (the current WORKDIR) and every WORKDIR in effect, as directories. */
export function destinationItems(req: Request, workdirs: Workdirs, start: number, rank = '0'): CompletionItem[] {
  const replaceEnd = wordEnd(req, /[\s"',\]]/);
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  const add = (label: string, detail: string, order: number) => {
    if (seen.has(label)) return;
    seen.add(label);
    items.push(makeItem(req, { label, kind: CompletionItemKind.Folder, start, replaceEnd, text: label, detail, sortText: `${rank}${String(order).padStart(3, '0')}` }));
  };
  add(withSlash(workdirs.current), 'current WORKDIR', 0);
  add('./', `current WORKDIR (${workdirs.current})`, 1);
  workdirs.entries.forEach((entry, i) => add(withSlash(entry.path), `WORKDIR on line ${entry.instruction.startLine + 1}`, workdirs.entries.length + 1 - i));
  return items;
}

function withSlash(path: string): string {
  return path.endsWith('/') ? path : path + '/';
}
