// `npm run bench -- lsp [options]`: Berth's language server (dist/server.js) side by side with
// dockerfile-language-server-nodejs (the reference, a devDependency) over stdio, on the same
// generated multi-stage Dockerfile, in the same run. Each trial starts a fresh server process;
// trial pairs alternate which server goes first (B R, R B, …) so machine drift cancels out.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Diagnostic } from 'vscode-languageserver';
import type { BenchSuite, SuiteContext } from '../suite';
import { generateDockerfile } from './dockerfileFixture';
import { buildRows, formatRows } from './report';
import { median } from './statistics';
import { completionTargets, runTrial, type ServerLaunch, type TrialOptions, type TrialResult } from './trial';
import { serverEnvOverrides, serverExecArgv } from '../../server/src/launchFlags';

const help = `options:
  --trials N            trials per server, each a fresh process (default 5)
  --edits N             timed didChange edits per trial (default 20)
  --repeats N           timed requests per completion position and for hover (default 50)
  --warmup N            untimed rounds before those (default 3)
  --lines N             length of the generated Dockerfile (default 1000, at least 60)
  --seed N              fixture seed (default 1)
  --timeout MS          how long to wait for any answer before failing (default 10000)
  --berth-server PATH   Berth's server (default dist/server.js)
  --reference-server PATH  the reference (default dockerfile-language-server-nodejs from node_modules)`;

/** Node flags and environment: each server is started as its editor client starts it. */
interface ServerUnderTest extends ServerLaunch {
  readonly name: 'berth' | 'reference';
  readonly version: string;
}

/** The server's command line as a shell would spell it, environment changes included. */
function commandLine(server: ServerLaunch): string {
  const env = Object.entries(server.envOverrides).map(([name, value]) => (value === undefined ? `-u ${name}` : `${name}=${value}`));
  return [...(env.length > 0 ? ['env', ...env] : []), 'node', ...server.nodeArgs, server.path].join(' ');
}

function integerOption(value: string | undefined, fallback: number, option: string, minimum = 1): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < minimum) throw new Error(`--${option} must be an integer ≥ ${minimum}, got ${JSON.stringify(value)}`);
  return parsed;
}

function packageVersion(packageJson: string): string {
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
}

/** "3× MAINTAINER has been deprecated; 2× …": what a server found, most frequent first. */
function groupDiagnostics(diagnostics: readonly Diagnostic[]): string {
  const counts = new Map<string, number>();
  for (const diagnostic of diagnostics) {
    const message = typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
    counts.set(message, (counts.get(message) ?? 0) + 1);
  }
  const groups = [...counts].sort((a, b) => b[1] - a[1]).map(([message, count]) => `${count}× ${message.split('\n')[0]}`);
  return groups.length === 0 ? 'none' : groups.join('; ');
}

function formatLoad(): string {
  return loadavg().map((load) => load.toFixed(2)).join(' ');
}

async function runLspSuite(context: SuiteContext): Promise<void> {
  const { values } = parseArgs({
    args: [...context.args],
    options: {
      trials: { type: 'string' }, edits: { type: 'string' }, repeats: { type: 'string' }, warmup: { type: 'string' },
      lines: { type: 'string' }, seed: { type: 'string' }, timeout: { type: 'string' },
      'berth-server': { type: 'string' }, 'reference-server': { type: 'string' }, help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(help);
    return;
  }
  const trials = integerOption(values.trials, 5, 'trials');
  const lines = integerOption(values.lines, 1000, 'lines', 60);
  const seed = integerOption(values.seed, 1, 'seed');
  const berthPath = resolve(values['berth-server'] ?? join(context.repoRoot, 'dist', 'server.js'));
  const referencePath = resolve(values['reference-server'] ?? require.resolve('dockerfile-language-server-nodejs/lib/server.js'));
  for (const path of [berthPath, referencePath]) {
    if (!existsSync(path)) throw new Error(`language server ${path} not found; run \`npm run build\` first (npm run bench does), or pass --berth-server/--reference-server`);
  }
  const servers: readonly ServerUnderTest[] = [
    { name: 'berth', path: berthPath, nodeArgs: serverExecArgv, envOverrides: serverEnvOverrides, version: packageVersion(join(context.repoRoot, 'package.json')) },
    { name: 'reference', path: referencePath, nodeArgs: [], envOverrides: {}, version: `dockerfile-language-server-nodejs ${packageVersion(require.resolve('dockerfile-language-server-nodejs/package.json'))}` },
  ];

  const fixture = generateDockerfile(lines, seed);
  const fixturePath = join(context.resultsDir, 'lsp-fixture', 'Dockerfile');
  mkdirSync(join(context.resultsDir, 'lsp-fixture'), { recursive: true });
  writeFileSync(fixturePath, fixture.lines.join('\n') + '\n');
  const options: TrialOptions = {
    edits: integerOption(values.edits, 20, 'edits', 0), repeats: integerOption(values.repeats, 50, 'repeats'),
    warmup: integerOption(values.warmup, 3, 'warmup', 0), timeoutMs: integerOption(values.timeout, 10000, 'timeout'), fixturePath,
  };

  const loadBefore = loadavg();
  console.log(`node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'}), load average before: ${formatLoad()}`);
  for (const server of servers) console.log(`${server.name.padEnd(9)} ${server.version}: ${commandLine(server)}`);
  if (berthPath === referencePath) console.log('NOTE: both sides run the same server (stand-in run); ratios only show noise.');
  console.log(`fixture: ${fixturePath}, ${fixture.lines.length} lines, ${fixture.instructionLines.length} instructions, ${fixture.stages} stages, ${fixture.plantedProblems.length} planted problems (seed ${seed})`);
  console.log(`per trial: ${options.edits} edits, ${options.repeats} requests per completion position and hover after ${options.warmup} warm-up rounds; ${trials} trials per server\n`);

  const results: Record<ServerUnderTest['name'], TrialResult[]> = { berth: [], reference: [] };
  for (let trial = 0; trial < trials; trial++) {
    const order = trial % 2 === 0 ? servers : [...servers].reverse();
    for (const server of order) {
      const result = await runTrial(server.name, server, fixture, options);
      results[server.name].push(result);
      const mid = (samples: readonly number[]) => (samples.length > 0 ? median(samples).toFixed(2) : '-');
      console.log(`trial ${trial + 1} ${server.name.padEnd(9)} open→diag ${result.openToDiagnosticsMs.toFixed(1)} ms (${result.diagnosticsOnOpen.length})` +
        ` | change→diag ${mid(result.changeToDiagnosticsMs)} ms | completion ${completionTargets.map((t) => mid(result.completionMs[t])).join('/')} ms` +
        ` | hover ${mid(result.hoverMs)} ms | RSS ${(result.memoryKiB.rss / 1024).toFixed(1)} MiB`);
    }
  }

  const rows = buildRows(results.berth, results.reference);
  console.log(`\n${formatRows(rows)}\n`);
  for (const server of servers) {
    const first = results[server.name][0];
    if (!first) continue;
    const completion = first.completionOffered ? `completion items: ${completionTargets.map((t) => `${t} ${first.completionItems[t]}`).join(', ')}` : 'completion NOT OFFERED';
    const hover = first.hoverOffered ? `hover ${first.hoverAnswered ? 'with content' : 'EMPTY'}` : 'hover NOT OFFERED';
    const info = first.serverInfo ? ` (${first.serverInfo.name} ${first.serverInfo.version ?? ''})`.replace(' )', ')') : '';
    console.log(`${server.name.padEnd(9)}${info} ${completion}; ${hover};` +
      ` sync ${first.incrementalSync ? 'incremental' : 'full'}; diagnostics ${first.versionedDiagnostics ? 'matched by version' : 'unversioned (first after each change)'};` +
      ` server requests ${JSON.stringify(first.serverRequests)}`);
    console.log(`${''.padEnd(9)} diagnostics: ${groupDiagnostics(first.diagnosticsOnOpen)}`);
  }
  const loadAfter = loadavg();
  console.log(`load average after: ${formatLoad()}`);

  const resultsPath = join(context.resultsDir, `lsp-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(resultsPath, JSON.stringify({
    suite: 'lsp', node: process.version, cpus: cpus().length, loadBefore, loadAfter, servers, options: { ...options, trials, lines, seed },
    fixture: { path: fixturePath, lines: fixture.lines.length, instructions: fixture.instructionLines.length, stages: fixture.stages, plantedProblems: fixture.plantedProblems },
    rows, trials: results,
  }, null, 1));
  console.log(`raw numbers: ${resultsPath}`);
}

export const lspSuite: BenchSuite = {
  description: 'Berth language server vs dockerfile-language-server-nodejs over stdio (latency, diagnostics, memory)',
  run: runLspSuite,
};
