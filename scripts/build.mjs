// One esbuild script for every program (vscode-eslint's layout): the extension, the language
// server and the CLI are bundled into dist/; `--tests` also transpiles the TypeScript sources and
// tests one-to-one into out/ so mocha runs them without a bundle per test file.
import * as esbuild from 'esbuild';
import { readdirSync, statSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const withTests = process.argv.includes('--tests');

const programs = [
  { entryPoints: { extension: 'client/src/extension.ts' }, external: ['vscode'] },
  // server.js loads languageServer.js with a V8 code cache (server/src/main.ts says why).
  { entryPoints: { server: 'server/src/main.ts', languageServer: 'server/src/server.ts' } },
  // berth.js loads berthCli.js with a V8 code cache too (engine/src/cli/start.ts); the CLI bundle
  // has no shebang, which is only valid as a script's first line, not inside Node's module wrapper.
  // It is always minified: every command reads the whole bundle and V8 loads its code cache, and
  // half the bytes take ~9 ms off each (the CLI prints messages, not stacks; the source map still maps them).
  { entryPoints: { berth: 'engine/src/cli/start.ts' }, banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: { berthCli: 'engine/src/cli/main.ts' }, external: ['koffi', 'node-unix-socket'], minify: true },
  { entryPoints: { berthd: 'engine/src/daemon/main.ts' }, banner: { js: '#!/usr/bin/env node' }, external: ['koffi', 'node-unix-socket'] },
];

function walk(dir, out = []) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const builds = programs.map((p) =>
  esbuild.build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outdir: 'dist',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    ...p,
  }),
);

if (withTests) {
  rmSync('out', { recursive: true, force: true });
  const entryPoints = ['engine/src', 'server/src', 'test', 'bench'].flatMap((d) => walk(d)).filter((p) => !p.startsWith('test/e2e/fixtures'));
  builds.push(
    esbuild.build({
      entryPoints,
      outdir: 'out',
      outbase: '.',
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      sourcemap: 'inline',
      logLevel: 'warning',
    }),
  );
}

// Finish every build before failing, so one broken program does not hide the others' errors
// (and the test transpile still lands in out/).
const results = await Promise.allSettled(builds);
const failed = results.filter((r) => r.status === 'rejected');
if (failed.length) {
  console.error(`build: ${failed.length} of ${results.length} builds failed (errors above)`);
  process.exit(1);
}
