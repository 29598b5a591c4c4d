/**
 * Loads a bundle with a V8 code cache, as VS Code loads its own code: a fresh process then finds
 * the functions it ran last time already compiled, instead of compiling each one lazily on its
 * first call. For the language server that is the difference between a first lint that compiles
 * the parser and ~85 rules while it runs and one that starts executing at once; for the CLI, it
 * spares every command the compile of its bundle.
 *
 * The cache lives in $XDG_CACHE_HOME/berth/code-cache (~/.cache/…), one file per bundle build
 * and Node version. V8 checks a cache against the source and its own version and flags, so a
 * stale or foreign one is rejected, not trusted; it is then rewritten. Writing is atomic
 * (temporary file, then rename), and any failure only means the next start compiles as before.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { Script } from 'node:vm';

export interface CachedModule<T> {
  readonly exports: T;
  /** 'accepted' when V8 used the cache; 'missing' or 'rejected' when it compiled from source. */
  readonly cache: 'accepted' | 'missing' | 'rejected';
  /**
   * Writes the cache, with every function compiled so far, when this start had no usable one or
   * has compiled clearly more than it held; call it once the program has done its typical work
   * (once: later calls do nothing). `workload` names what this run did (a CLI command): telling
   * whether it compiled more means serializing everything (2–6 ms of a CLI command), so that is
   * done the first time each workload runs against a cache, not every time. Returns why writing
   * failed, if it did.
   */
  save(workload?: string): string | undefined;
}

export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  // the XDG spec: a relative value is invalid and ignored (it would put a cache in every folder a command runs in)
  const home = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(home, 'berth', 'code-cache');
}

/** How much more an accepted cache must become before a run writes it again. */
const GROWTH_TO_REWRITE = 1.1;

/** Requires `path` (a CommonJS bundle) as Node would, compiling it with the cached code if there is one. */
export function requireWithCodeCache<T>(path: string, cacheDir = codeCacheDir()): CachedModule<T> {
  const source = readFileSync(path, 'utf8');
  const { size, mtimeMs } = statSync(path);
  // <bundle>-<build>: a new build replaces its bundle's old cache instead of piling up next to it.
  // the Node version is part of the bundle's name: two Nodes running one bundle keep a cache each
  const bundle = shortHash(`${path}\0${process.version}\0${process.arch}`);
  const build = `${bundle}-${shortHash(`${size}\0${mtimeMs}`)}`;
  const cacheFile = join(cacheDir, `${build}.bin`);
  // the workloads already compared with this build's cache, one per line
  const workloadsFile = join(cacheDir, `${build}.workloads`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // Node's own CommonJS wrapper, so the bundle sees require, module and __dirname as usual.
  const script = new Script(Module.wrap(source), { filename: path, cachedData });
  const cache = cachedData === undefined ? 'missing' : script.cachedDataRejected ? 'rejected' : 'accepted';
  const module = new Module(path, require.main);
  module.filename = path;
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeRequire, module: Module, filename: string, dirname: string) => void;
  // createRequire resolves the bundle's own requires from where it lies, as Node's loader would.
  wrapper.call(module.exports, module.exports, Module.createRequire(path), module, path, dirname(path));
  module.loaded = true;

  let saved = false;
  return {
    exports: module.exports as T,
    cache,
    save(workload) {
      if (saved) return undefined;
      saved = true;
      const key = workload !== undefined && /^[\w .:-]{1,64}$/.test(workload) ? workload : undefined;
      let data: Buffer | undefined;
      if (cachedData && cache === 'accepted') {
        // An accepted cache holds what the runs that wrote it compiled (CLI commands, one editor
        // session's features); a run that compiled clearly more replaces it, so the cache grows
        // towards what is used.
        if (key !== undefined && readLines(workloadsFile).includes(key)) return undefined;
        data = script.createCachedData();
        if (data.length <= cachedData.length * GROWTH_TO_REWRITE) {
          noteWorkload(workloadsFile, key, 'append');
          return undefined;
        }
      }
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      try {
        makeDirectories(cacheDir);
        writeFileSync(temporary, data ?? script.createCachedData());
        renameSync(temporary, cacheFile);
        // a new cache starts a new list; a grown one still holds what the listed workloads compiled
        noteWorkload(workloadsFile, key, cache === 'accepted' ? 'append' : 'replace');
        removeOtherBuilds(cacheDir, bundle, build);
        return undefined;
      } catch (err) {
        try {
          unlinkSync(temporary);
        } catch {
          // nothing was written
        }
        return `writing the code cache ${cacheFile} failed: ${(err as Error).message}`;
      }
    },
  };
}

function readLines(path: string): string[] {
  try {
    return readFileSync(path, 'utf8').split('\n');
  } catch {
    return [];
  }
}

/** Adds `key` to a workloads list; a list that cannot be written only means another comparison later. */
function noteWorkload(path: string, key: string | undefined, how: 'append' | 'replace'): void {
  try {
    if (how === 'replace' && key === undefined) rmSync(path, { force: true });
    else if (how === 'replace') writeFileSync(path, `${key}\n`);
    else if (key !== undefined) appendFileSync(path, `${key}\n`);
  } catch {
    // the next run of this workload compares again
  }
}

/**
 * `mkdir -p`, one level at a time. Node 20's recursive mkdirSync never returns for a path under
 * /proc (it retries an ENOENT forever), and a cache directory comes from the environment.
 */
function makeDirectories(path: string): void {
  const missing: string[] = [];
  for (let dir = resolve(path); !existsSync(dir); dir = dirname(dir)) missing.unshift(dir);
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

/**
 * FNV-1a, 64 bits, in hex: names a cache file, nothing more (V8 itself checks a cache against its
 * source). node:crypto would do, but loading it costs a CLI command about 5 ms.
 */
function shortHash(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) hash = ((hash ^ BigInt(text.charCodeAt(i))) * 0x100000001b3n) & 0xffffffffffffffffn;
  return hash.toString(16).padStart(16, '0');
}

/** A cache of another bundle not written for this long is dropped (see removeOtherBuilds). */
const ABANDONED_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * Removes this bundle's caches (and workload lists) of earlier builds, and other bundles' written
 * more than 30 days ago: an extension update or a moved checkout leaves its old bundle's cache
 * behind for good. (A cache still in use but older is rewritten at its next start.) Runs only when
 * a cache was written, which is once per build and its first few workloads.
 */
function removeOtherBuilds(cacheDir: string, bundle: string, keep: string, now = Date.now()): void {
  for (const name of readdirSync(cacheDir)) {
    const path = join(cacheDir, name);
    if (!/\.(bin|workloads)$/.test(name) || name.startsWith(`${keep}.`)) continue;
    try {
      if (name.startsWith(`${bundle}-`) || now - statSync(path).mtimeMs > ABANDONED_MS) unlinkSync(path);
    } catch {
      // another process removed it first
    }
  }
}
