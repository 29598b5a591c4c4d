/**
 * Which ignore file applies to a build, read from disk. As BuildKit does, a Dockerfile may bring
 * its own: `<Dockerfile path>.dockerignore` next to it (for `app.Dockerfile`,
 * `app.Dockerfile.dockerignore`) takes precedence over the context's `.dockerignore`, even when
 * it is empty. The language server and the builder both call this, so they ignore the same files.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseIgnorePatterns } from './dockerignore';

export interface IgnoreFile {
  /** The file the patterns were read from. */
  readonly path: string;
  readonly patterns: readonly string[];
}

/** The files that may hold the ignore patterns, in the order they are tried. */
export function ignoreFileCandidates(contextDir: string, dockerfile: string): string[] {
  return [`${dockerfile}.dockerignore`, join(contextDir, '.dockerignore')];
}

/**
 * The ignore file in effect for `dockerfile` built with the context `contextDir`, or undefined
 * when there is none. A file that exists but cannot be read is an error, not "no patterns".
 */
export async function readIgnoreFile(contextDir: string, dockerfile: string): Promise<IgnoreFile | undefined> {
  for (const path of ignoreFileCandidates(contextDir, dockerfile)) {
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') continue;
      throw new Error(`read ignore file ${path}: ${code ?? (err as Error).message}; check that the file is readable`, { cause: err });
    }
    return { path, patterns: parseIgnorePatterns(text) };
  }
  return undefined;
}
