/** Paths of the built extension and of the per-suite results folder the e2e tests write. */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** This file runs as out/test/e2e/buildOutput.js. */
export const repositoryRoot = resolve(__dirname, '../../..');

/** Throws unless `npm run build` (or `npm test`, which builds first) produced these files. */
export function requireBuildOutput(...relativePaths: string[]): void {
  const missing = relativePaths.filter((p) => !existsSync(join(repositoryRoot, p)));
  if (missing.length > 0) throw new Error(`missing build output ${missing.join(', ')}: run \`npm test\` (it builds first) or \`npm run build\``);
}

/**
 * $BERTH_E2E_RESULTS/<suite> (default out/e2e-results/<suite>), emptied: screenshots, server logs
 * and the run's VS Code state go here.
 */
export function freshResultsDir(suite: string): string {
  const dir = join(process.env.BERTH_E2E_RESULTS ?? join(repositoryRoot, 'out/e2e-results'), suite);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}
