/**
 * The extensionTestsPath module: VS Code calls run() inside the extension host once the workbench
 * is up. It runs this folder's *.test.js files with mocha, activation.test.js first (it checks
 * that nothing activated Berth before a Dockerfile opened), and writes each test's outcome to
 * $BERTH_EXTHOST_RESULTS for the harness in test/e2e to report one by one.
 */
import Mocha from 'mocha';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ExtensionHostResult } from './result';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 20_000, reporter: 'spec' });
  const files = readdirSync(__dirname).filter((f) => f.endsWith('.test.js'));
  files.sort((a, b) => Number(b === 'activation.test.js') - Number(a === 'activation.test.js') || a.localeCompare(b));
  for (const file of files) mocha.addFile(join(__dirname, file));

  const results: ExtensionHostResult[] = [];
  const failures = await new Promise<number>((resolve) => {
    const runner = mocha.run(resolve);
    runner.on('pass', (test) => results.push({ title: test.fullTitle(), file: test.file ?? '', passed: true }));
    runner.on('fail', (test, error: unknown) =>
      results.push({
        title: test.fullTitle(),
        file: test.file ?? '',
        passed: false,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      }),
    );
  });
  const out = process.env.BERTH_EXTHOST_RESULTS;
  if (out) writeFileSync(out, JSON.stringify(results, null, 2));
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
