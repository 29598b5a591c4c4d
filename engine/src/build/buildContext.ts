// The build context: a directory of files and the ignore patterns in effect for the Dockerfile.
// The local CLI and the extension hand over the directory itself (nothing is copied or tarred);
// the docker CLI uploads a tar, which is extracted into a private temporary directory with the
// layer module's guarantees (no entry lands outside it, whatever its names, links or symlinks)
// and removed when the build is done.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { isAbsolute, join, posix, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { BerthError, berthError, isAbortError } from '../image/berthError';
import { applyLayer } from '../layer/applyLayer';
import { createIgnoreMatcher, type IgnoreMatcher } from './dockerignore';
import { readIgnoreFile } from './ignoreFile';

export interface BuildContext {
  /** The directory holding the context's files. */
  readonly dir: string;
  /** .dockerignore (or `<Dockerfile>.dockerignore`) in effect; undefined when there is none. */
  readonly ignore: IgnoreMatcher | undefined;
  /** True for a directory of the user's: content hashes are remembered between builds. */
  readonly persistent: boolean;
  close(): Promise<void>;
}

async function ignoreOf(dir: string, dockerfile: string): Promise<IgnoreMatcher | undefined> {
  const file = await readIgnoreFile(dir, dockerfile);
  if (!file || file.patterns.length === 0) return undefined;
  try {
    return createIgnoreMatcher(file.patterns);
  } catch (err) {
    throw berthError('invalid-argument', `${file.path}: ${(err as Error).message}`, err);
  }
}

/** A context read in place. `dockerfile` is the Dockerfile's path (its own ignore file wins). */
export async function contextFromDirectory(dir: string, dockerfile: string): Promise<BuildContext> {
  const root = resolve(dir);
  const st = await stat(root).catch(() => undefined);
  if (!st?.isDirectory()) throw berthError('invalid-argument', `build context ${dir}: not a directory`);
  return { dir: root, ignore: await ignoreOf(root, resolve(dockerfile)), persistent: true, close: async () => undefined };
}

export interface TarContextOptions {
  /** Where the temporary directory is made (the engine's build root, not /tmp, to stay on its filesystem). */
  readonly scratchDir: string;
  /** The Dockerfile's path inside the tar (`Dockerfile`, `sub/app.Dockerfile`). */
  readonly dockerfile: string;
  readonly signal?: AbortSignal;
}

/** A context uploaded as a tar (plain, gzip or zstd), extracted safely; close() removes it. */
export async function contextFromTar(tar: Readable, options: TarContextOptions): Promise<BuildContext> {
  if (isAbsolute(options.dockerfile) || posix.normalize(options.dockerfile).startsWith('..')) {
    throw berthError('invalid-argument', `dockerfile ${options.dockerfile}: must be a path inside the build context`);
  }
  const dir = await mkdtemp(join(options.scratchDir, 'context-'));
  const close = () => rm(dir, { recursive: true, force: true });
  try {
    await applyLayer(dir, tar, { whiteouts: 'remove', ...(options.signal ? { signal: options.signal } : {}) });
    return { dir, ignore: await ignoreOf(dir, join(dir, options.dockerfile)), persistent: false, close };
  } catch (err) {
    await close();
    if (isAbortError(err) || options.signal?.aborted) throw err;
    // a damaged stream (a corrupt gzip) is the upload's fault too
    throw berthError(err instanceof BerthError ? err.kind : 'invalid-argument', `build context upload: ${(err as Error).message}`, err);
  }
}
