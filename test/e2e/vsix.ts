/** Packages an extension folder with @vscode/vsce, as `npm run package` does for Berth. */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repositoryRoot } from './buildOutput';

/** `vsce package --no-dependencies` in `folder`, written to `vsix`; extra vsce flags in `flags`. */
export async function packageVsix(folder: string, vsix: string, flags: readonly string[] = []): Promise<void> {
  const vsce = join(repositoryRoot, 'node_modules/@vscode/vsce/vsce');
  try {
    await promisify(execFile)(process.execPath, [vsce, 'package', '--no-dependencies', ...flags, '-o', vsix], { cwd: folder });
  } catch (error) {
    throw new Error(`vsce package in ${folder} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
