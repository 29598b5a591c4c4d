// `npm run bench -- build [options]`: the same Dockerfiles built from the same context by Berth
// (`node dist/berth.js build`, berthd warm on a private root, the context read in place) and by
// buildah (`buildah bud --layers`, private storage), as whole commands. Three scenarios per
// Dockerfile: cold (--no-cache for both), warm (nothing changed since the builder's last build)
// and a one-file change (a source copied by the last COPY gets new contents, never seen before, so
// earlier steps stay cached and the tail reruns). Each trial runs change, warm and cold for both
// builders, alternating which goes first; `sync` runs before every build. Before the trials and
// after them both builders' images run their CMD and must print the same lines: equal work.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { describeCommand, timedCommand } from '../run/timedCommand';
import type { BenchSuite, SuiteContext } from '../suite';
import { benchDockerfiles, changedFile, changeOneFile, writeBenchContext, type BenchDockerfile } from './benchContext';
import type { BenchBuilder } from './benchBuilder';
import { baseImageName, openBerthBuilder } from './berthBuilder';
import { openBuildahBuilder } from './buildahBuilder';
import { mountsUnder } from './mountsUnder';
import { buildRows, formatRows, formatSamples, type Sample, type Scenario } from './report';

const help = `options:
  --trials N          trials per builder, scenario and Dockerfile (default 5)
  --dockerfile NAME   only this Dockerfile (${benchDockerfiles.map((d) => d.name).join(', ')}; default: all)`;

function formatLoad(): string {
  return loadavg().map((load) => load.toFixed(2)).join(' ');
}

const tagOf = (dockerfile: BenchDockerfile) => `bench-${dockerfile.name}`;

async function build(builder: BenchBuilder, context: string, dockerfile: BenchDockerfile, noCache: boolean): Promise<number> {
  execFileSync('sync'); // one build's dirty pages must not slow the next
  return (await timedCommand(builder.buildCommand({ context, file: dockerfile.file, tag: tagOf(dockerfile), noCache }))).ms;
}

/** Both builders' images print the same CMD output, or the comparison is not of equal work. */
async function checkSameOutput(builders: readonly BenchBuilder[], dockerfiles: readonly BenchDockerfile[], when: string): Promise<void> {
  for (const dockerfile of dockerfiles) {
    const outputs = await Promise.all(builders.map(async (b) => (await timedCommand(b.runCommand(tagOf(dockerfile)))).stdout));
    if (outputs.some((out) => out !== outputs[0])) {
      throw new Error(`${dockerfile.file} ${when}: the images print different CMD output, so the builders did not do the same work:\n${builders.map((b, i) => `--- ${b.name}\n${outputs[i]}`).join('')}`);
    }
    console.log(`${dockerfile.file} ${when}: both images print the same ${outputs[0].trimEnd().split('\n').length} lines (${outputs[0].split('\n')[0]} …)`);
  }
}

async function runTrials(builders: readonly BenchBuilder[], context: string, dockerfiles: readonly BenchDockerfile[], trials: number): Promise<Sample[]> {
  const samples: Sample[] = [];
  let revision = 0;
  for (let trial = 0; trial < trials; trial++) {
    const order = trial % 2 === 0 ? builders : [...builders].reverse();
    for (const dockerfile of dockerfiles) {
      const measure = async (scenario: Scenario) => {
        for (const builder of order) {
          const load = loadavg()[0];
          const ms = await build(builder, context, dockerfile, scenario === 'cold');
          samples.push({ dockerfile: dockerfile.name, scenario, builder: builder.name, trial, ms, load });
        }
      };
      changeOneFile(context, ++revision);
      await measure('change');
      await measure('warm');
      await measure('cold');
    }
    const last = samples.slice(-dockerfiles.length * 6);
    console.log(`trial ${trial + 1}/${trials} (load ${formatLoad()}): ${last.map((s) => `${s.dockerfile} ${s.scenario} ${s.builder} ${s.ms.toFixed(0)}`).join(', ')}`);
  }
  return samples;
}

async function runBuildSuite(context: SuiteContext): Promise<void> {
  const { values } = parseArgs({ args: [...context.args], options: { trials: { type: 'string' }, dockerfile: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help) return void console.log(help);
  const trials = Number(values.trials ?? 5);
  if (!Number.isInteger(trials) || trials < 1) throw new Error(`--trials must be a positive integer, got ${values.trials}`);
  const dockerfiles = benchDockerfiles.filter((d) => values.dockerfile === undefined || d.name === values.dockerfile);
  if (dockerfiles.length === 0) throw new Error(`--dockerfile must be one of ${benchDockerfiles.map((d) => d.name).join(', ')}, got ${values.dockerfile}`);

  const berthDir = mkdtempSync(join(tmpdir(), 'berth-bench-build-'));
  const buildahDir = mkdtempSync(join(tmpdir(), 'bb-')); // podman refuses a runroot path over 50 characters
  const builders: BenchBuilder[] = [];
  try {
    const contextDir = join(berthDir, 'context');
    const stats = writeBenchContext(contextDir);
    const berth = await openBerthBuilder(join(berthDir, 'berthd'));
    builders.push(berth);
    builders.push(openBuildahBuilder(buildahDir, { layout: berth.baseLayout, name: baseImageName }));
    console.log(`machine: ${cpus().length} CPUs, load ${formatLoad()}`);
    for (const b of builders) console.log(`${b.name}: ${b.version}`);
    console.log(`base image ${baseImageName} ${berth.baseDigest} (busybox-static), the same blobs in both stores`);
    console.log(`context ${contextDir}: ${stats.files} files, ${(stats.bytes / 1024).toFixed(0)} KiB; the one-file change edits ${changedFile}`);
    for (const d of dockerfiles) console.log(`  ${d.file}: ${d.description}`);
    console.log('commands:');
    for (const b of builders) for (const noCache of [false, true]) console.log(`  ${describeCommand(b.buildCommand({ context: contextDir, file: dockerfiles[0].file, tag: tagOf(dockerfiles[0]), noCache }))}`);

    // the first build of each fills the caches (and pays one-time costs); not part of any scenario
    for (const dockerfile of dockerfiles) {
      for (const b of builders) console.log(`first build of ${dockerfile.file} by ${b.name}: ${(await build(b, contextDir, dockerfile, false)).toFixed(0)} ms`);
    }
    await checkSameOutput(builders, dockerfiles, 'after the first builds');

    const samples = await runTrials(builders, contextDir, dockerfiles, trials);
    await checkSameOutput(builders, dockerfiles, 'after the trials');

    const rows = buildRows(samples, dockerfiles.map((d) => d.name));
    console.log(`\n${formatRows(rows)}`);
    console.log(`\nall samples (ms, in trial order):\n${formatSamples(samples)}`);
    const loads = samples.map((s) => s.load);
    console.log(`load average (1 min) at the builds: ${Math.min(...loads).toFixed(2)} to ${Math.max(...loads).toFixed(2)}; after: ${formatLoad()}`);
    mkdirSync(context.resultsDir, { recursive: true });
    const file = join(context.resultsDir, 'build.json');
    writeFileSync(file, `${JSON.stringify({ date: new Date().toISOString(), cpus: cpus().length, versions: Object.fromEntries(builders.map((b) => [b.name, b.version])), rows, samples }, null, 2)}\n`);
    console.log(`raw results: ${file}`);
  } finally {
    for (const b of builders.reverse()) await b.close().catch((err: unknown) => console.error(`closing ${b.name}: ${err instanceof Error ? err.message : String(err)}`));
    for (const dir of [berthDir, buildahDir]) {
      const left = mountsUnder(dir);
      if (left.length > 0) console.error(`not removing ${dir}: still mounted: ${left.join(', ')}`);
      else rmSync(dir, { recursive: true, force: true });
    }
  }
}

export const buildSuite: BenchSuite = {
  description: 'docker builds (cold, warm, one-file change) of two Dockerfiles, against buildah bud --layers',
  run: runBuildSuite,
};
