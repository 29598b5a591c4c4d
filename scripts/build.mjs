// One esbuild script for every program (vscode-eslint's layout): the extension, the language
// server and the CLI are bundled into dist/; `--tests` also transpiles the TypeScript sources and
// tests one-to-one into out/ so mocha runs them without a bundle per test file.
import * as esbuild from 'esbuild';
import { chmodSync, readdirSync, statSync, rmSync } from 'node:fs';
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
  // Its first lines are a launcher that sh runs and JS reads as a string and a comment (cliLauncher).
  { entryPoints: { berth: 'engine/src/cli/start.ts' }, banner: { js: cliLauncher() } },
  { entryPoints: { berthCli: 'engine/src/cli/main.ts' }, external: ['koffi', 'node-unix-socket'], minify: true },
  { entryPoints: { berthd: 'engine/src/daemon/main.ts' }, banner: { js: '#!/usr/bin/env node' }, external: ['koffi', 'node-unix-socket'] },
];

/**
 * dist/berth.js starts as a shell script: Node with NODE_EXTRA_CA_CERTS set parses that bundle of
 * certificates before it runs any JavaScript (~36 ms on a Debian machine pointing it at the
 * system's 140 CAs, more than half of `node -e 0`), and the CLI never speaks TLS: it talks to
 * berthd over a local socket, and berthd does the registry work. So the launcher moves the
 * variable aside (BERTH_NODE_EXTRA_CA_CERTS) and execs Node; start.ts puts it back for the
 * processes the command starts. To JavaScript the second line is a string and a comment;
 * `node dist/berth.js` skips the launcher and runs as before.
 */
function cliLauncher() {
  return [
    '#!/bin/sh',
    `':' //; unset BERTH_NODE_EXTRA_CA_CERTS; [ -z "\${NODE_EXTRA_CA_CERTS-}" ] || { export BERTH_NODE_EXTRA_CA_CERTS="$NODE_EXTRA_CA_CERTS"; unset NODE_EXTRA_CA_CERTS; }; exec node "$0" "$@"`,
  ].join('\n');
}

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
// The programs run by their first line (berth.js's launcher, berthd.js's shebang), as `berth` and
// npm's bin links run them; esbuild writes files without the execute bit.
for (const program of ['dist/berth.js', 'dist/berthd.js']) chmodSync(program, 0o755);
