/**
 * The build context of each open Dockerfile, read from disk for the editor: the ignore file in
 * effect (the same one the builder reads), directory listings for COPY source completion,
 * existence checks for CopyIgnoredFile, and byte counts for COPY size hints. Reads are cached for
 * a short time so a burst of keystrokes touches the disk once; sizes are summed in the background
 * and never make a request wait.
 */
import { readdirSync, statSync, Stats } from 'node:fs';
import { opendir, lstat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createIgnoreMatcher, IgnoreMatcher } from '../../engine/src/build/dockerignore';
import { readIgnoreFile } from '../../engine/src/build/ignoreFile';
import type { BuildContextView } from '../../engine/src/dockerfile/lint/rule';
import type { ContextFiles } from './completion/sourcePaths';
import type { ContextSizes } from './buildHistory';

const FRESH_MS = 2000;
/** A context walk stops here: size hints are for real projects, not for a context of `/`. */
const MAX_WALK_ENTRIES = 200_000;

interface CachedValue<T> {
  readonly at: number;
  readonly value: T;
}

/** One build context: a folder and the ignore file that applies to one Dockerfile. */
class ContextFolder {
  private ignore: CachedValue<{ patterns: readonly string[]; matcher: IgnoreMatcher | undefined }> | undefined;
  private loadingIgnore: Promise<void> | undefined;
  private readonly listings = new Map<string, CachedValue<{ name: string; directory: boolean }[] | undefined>>();
  private readonly stats = new Map<string, CachedValue<Stats | undefined>>();
  private sizes: CachedValue<Map<string, number>> | undefined;
  private walking: Promise<void> | undefined;

  constructor(
    readonly root: string,
    private readonly dockerfile: string,
    private readonly onSizesReady: () => void,
  ) {}

  /** Patterns and matcher, loaded in the background; [] until the first read finishes. */
  ignoreState(): { patterns: readonly string[]; matcher: IgnoreMatcher | undefined } {
    if (!this.ignore || Date.now() - this.ignore.at > FRESH_MS) void this.loadIgnore();
    return this.ignore?.value ?? { patterns: [], matcher: undefined };
  }

  loadIgnore(): Promise<void> {
    if (!this.loadingIgnore) {
      this.loadingIgnore = readIgnoreFile(this.root, this.dockerfile)
        .then((file) => {
          const patterns = file?.patterns ?? [];
          let matcher: IgnoreMatcher | undefined;
          try {
            matcher = createIgnoreMatcher(patterns);
          } catch {
            // A malformed ignore file fails the build; the editor just stops filtering.
            matcher = undefined;
          }
          this.ignore = { at: Date.now(), value: { patterns, matcher } };
        })
        .catch(() => {
          this.ignore = { at: Date.now(), value: { patterns: [], matcher: undefined } };
        })
        .finally(() => {
          this.loadingIgnore = undefined;
        });
    }
    return this.loadingIgnore;
  }

  ignored(path: string): boolean {
    return this.ignoreState().matcher?.matches(path) ?? false;
  }

  list(dir: string): { name: string; directory: boolean }[] | undefined {
    const cached = this.listings.get(dir);
    if (cached && Date.now() - cached.at < FRESH_MS) return cached.value;
    let value: { name: string; directory: boolean }[] | undefined;
    try {
      value = readdirSync(join(this.root, dir), { withFileTypes: true }).map((e) => ({
        name: e.name,
        directory: e.isDirectory() || (e.isSymbolicLink() && this.statOf(dir ? `${dir}/${e.name}` : e.name)?.isDirectory() === true),
      }));
    } catch {
      value = undefined;
    }
    this.listings.set(dir, { at: Date.now(), value });
    return value;
  }

  exists(path: string): boolean {
    return this.statOf(path) !== undefined;
  }

  private statOf(path: string): Stats | undefined {
    const cached = this.stats.get(path);
    if (cached && Date.now() - cached.at < FRESH_MS) return cached.value;
    let value: Stats | undefined;
    try {
      value = statSync(join(this.root, path));
    } catch {
      value = undefined;
    }
    this.stats.set(path, { at: Date.now(), value });
    return value;
  }

  /** Bytes under `path` after the ignore file; undefined until the background walk has run. */
  sizeOf(path: string): number | undefined {
    if (!this.sizes || Date.now() - this.sizes.at > 10 * FRESH_MS) void this.walk();
    const files = this.sizes?.value;
    if (!files) return undefined;
    const clean = path === '.' || path === '' ? '' : path.replace(/^\.?\/+/, '').replace(/\/+$/, '');
    const glob = /[*?[]/.test(clean) ? globToRegExp(clean) : undefined;
    let total = 0;
    let found = false;
    for (const [file, size] of files) {
      const inside = glob ? glob.test(file) || [...ancestors(file)].some((a) => glob.test(a)) : !clean || file === clean || file.startsWith(clean + '/');
      if (inside) {
        total += size;
        found = true;
      }
    }
    return found ? total : undefined;
  }

  private walk(): Promise<void> {
    if (!this.walking) {
      this.walking = (async () => {
        await this.loadIgnore();
        const matcher = this.ignore?.value.matcher;
        const files = new Map<string, number>();
        const pending = [''];
        let seen = 0;
        while (pending.length && seen < MAX_WALK_ENTRIES) {
          const dir = pending.pop()!;
          let handle;
          try {
            handle = await opendir(join(this.root, dir));
          } catch {
            continue;
          }
          for await (const entry of handle) {
            if (++seen > MAX_WALK_ENTRIES) break;
            const rel = dir ? `${dir}/${entry.name}` : entry.name;
            if (matcher?.matches(rel) && !matcher.hasExclusions) continue;
            if (entry.isDirectory()) pending.push(rel);
            else if (!matcher?.matches(rel)) {
              try {
                files.set(rel, (await lstat(join(this.root, rel))).size);
              } catch {
                // Vanished while walking.
              }
            }
          }
        }
        this.sizes = { at: Date.now(), value: files };
        this.onSizesReady();
      })().finally(() => {
        this.walking = undefined;
      });
    }
    return this.walking;
  }
}

function* ancestors(path: string): Generator<string> {
  for (let i = path.lastIndexOf('/'); i > 0; i = path.lastIndexOf('/', i - 1)) yield path.slice(0, i);
}

/** COPY source globs (Go's filepath.Match per path element). */
function globToRegExp(glob: string): RegExp {
  let out = '^';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 1);
      if (close < 0) out += '\\[';
      else {
        out += '[' + glob.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\') + ']';
        i = close;
      }
    } else if (c === '\\' && i + 1 < glob.length) out += '\\' + glob[++i];
    else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(out + '$');
}

/** Build contexts by Dockerfile, for file: URIs only (untitled documents have no context). */
export class BuildContexts {
  private readonly folders = new Map<string, ContextFolder>();

  constructor(
    private readonly contextSetting: (uri: string) => string | undefined,
    private readonly onSizesReady: () => void = () => undefined,
  ) {}

  private folder(uri: string): ContextFolder | undefined {
    if (!uri.startsWith('file:')) return undefined;
    let dockerfile: string;
    try {
      dockerfile = fileURLToPath(uri);
    } catch {
      return undefined;
    }
    const root = resolve(dirname(dockerfile), this.contextSetting(uri) ?? '.');
    const key = `${root}\0${dockerfile}`;
    let folder = this.folders.get(key);
    if (!folder) this.folders.set(key, (folder = new ContextFolder(root, dockerfile, this.onSizesReady)));
    return folder;
  }

  /** Reads the ignore file; resolves to whether it has patterns (which lint results can depend on). */
  async prepare(uri: string): Promise<boolean> {
    const folder = this.folder(uri);
    if (!folder) return false;
    await folder.loadIgnore();
    return folder.ignoreState().patterns.length > 0;
  }

  view(uri: string): BuildContextView | undefined {
    const folder = this.folder(uri);
    if (!folder) return undefined;
    return { ignorePatterns: folder.ignoreState().patterns, exists: (path) => folder.exists(path) };
  }

  files(uri: string): ContextFiles | undefined {
    const folder = this.folder(uri);
    if (!folder) return undefined;
    return { list: (dir) => folder.list(dir), ignored: (path) => folder.ignored(path) };
  }

  sizes(uri: string): ContextSizes | undefined {
    const folder = this.folder(uri);
    return folder && { sizeOf: (path) => folder.sizeOf(path) };
  }
}
