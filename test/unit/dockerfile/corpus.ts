/**
 * Locates the BuildKit parser corpus in the read-only shared folder next to the repository. It is
 * read in place at run time, never copied into the project.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function sharedDir(): string {
  const candidates = [process.env.BERTH_SHARED_DIR, resolve(__dirname, '../../../../../shared'), '/work/shared'];
  for (const dir of candidates) {
    if (dir && existsSync(join(dir, 'corpus', 'buildkit-parser'))) return dir;
  }
  throw new Error(
    `the shared reference folder (corpus/buildkit-parser) was not found in ${candidates.filter(Boolean).join(', ')}; ` +
      'set BERTH_SHARED_DIR to the folder that holds corpus/',
  );
}

export function corpusDir(kind: 'testfiles' | 'testfiles-negative'): string {
  return join(sharedDir(), 'corpus', 'buildkit-parser', kind);
}
