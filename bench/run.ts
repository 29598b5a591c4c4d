// Benchmark dispatcher: `node out/bench/run.js [suite...] [options]`.
// Without a suite name every suite below runs with its defaults; options after a single suite
// name go to that suite (`npm run bench -- lsp --trials 3`). A suite that throws is reported and
// makes the exit code non-zero, but the remaining suites still run.
import { join, resolve } from 'node:path';
import type { BenchSuite } from './suite';
import { lspSuite } from './lsp/lspSuite';
import { registrySuite } from './registry/registrySuite';
import { fuzzSuite } from './fuzzSuite';
import { buildSuite } from './build/buildSuite';
import { runSuite } from './run/runSuite';

const suites: Readonly<Record<string, BenchSuite>> = {
  lsp: lspSuite,
  registry: registrySuite,
  fuzz: fuzzSuite,
  build: buildSuite,
  run: runSuite,
};

function usage(): string {
  const names = Object.entries(suites).map(([name, suite]) => `  ${name.padEnd(10)} ${suite.description}`);
  return ['usage: node out/bench/run.js [suite...] [options for a single suite]', 'suites:', ...names].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === '--help' || argv[0] === '-h') {
    console.log(usage());
    return 0;
  }
  const firstOption = argv.findIndex((arg) => arg.startsWith('-'));
  const names = firstOption < 0 ? [...argv] : argv.slice(0, firstOption);
  const options = firstOption < 0 ? [] : argv.slice(firstOption);
  const unknown = names.filter((name) => !(name in suites));
  if (unknown.length > 0) {
    console.error(`bench: unknown suite ${unknown.join(', ')}\n${usage()}`);
    return 2;
  }
  const selected = names.length > 0 ? names : Object.keys(suites);
  if (options.length > 0 && selected.length !== 1) {
    console.error(`bench: options (${options.join(' ')}) apply to one suite; name exactly one suite before them`);
    return 2;
  }

  // out/bench/run.js → the repository root is two levels up.
  const repoRoot = resolve(__dirname, '..', '..');
  let failures = 0;
  for (const name of selected) {
    console.log(`\n=== bench ${name}: ${suites[name].description}`);
    try {
      await suites[name].run({ repoRoot, resultsDir: join(repoRoot, '.bench-results'), args: options });
    } catch (error) {
      failures++;
      console.error(`bench ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return failures > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('bench: internal error', error);
    process.exitCode = 1;
  },
);
