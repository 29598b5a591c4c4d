/** The BuildKit parser corpus Dockerfiles as seed inputs for fuzzing. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { corpusDir } from '../unit/dockerfile/corpus';

export function corpusTexts(): string[] {
  const texts: string[] = [];
  for (const kind of ['testfiles', 'testfiles-negative'] as const) {
    const dir = corpusDir(kind);
    for (const name of readdirSync(dir)) texts.push(readFileSync(join(dir, name, 'Dockerfile'), 'utf8'));
  }
  return texts;
}
