// `npm run bench -- run [options]`: `berth run --rm busybox true` against a warm berthd, side by
// side with `podman run --rm` on the same image and with raw `crun run` of an equivalent bundle,
// for the network modes none and default; the same container's life at the Engine API, timed per
// phase; then berthd's idle memory and the engine-side memory of N running containers, against
// podman's conmon. Trials are rounds of every measurement in a rotating order, so load on a
// shared machine falls on all of them alike; the first rounds are warm-up and not counted.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { mountPoints } from '../../engine/src/runtime/rootfsMount';
import { requireRoot, requireTool } from '../../test/fixtures/scratch';
import type { BenchSuite, SuiteContext } from '../suite';
import { apiLifecycle, type NetworkMode } from './apiLifecycle';
import { startBerthTarget, type BerthTarget } from './berthTarget';
import { berthMemory, podmanMemory, type BerthMemory, type PodmanMemory } from './engineMemory';
import { openPodmanPeer, type PodmanPeer } from './podmanPeer';
import { imageName, prepareRunFixture, type RunFixture } from './runFixture';
import { apiReport, commandReport, formatVerdicts, memoryReport, networkModes, rawSamples, type TimingSamples, type Verdict } from './runReport';
import { timedCommand, type Command } from './timedCommand';

const help = `options:
  --trials N            counted rounds (default 10); each round runs every measurement once
  --warmup N            uncounted rounds first (default 2)
  --containers N        running containers for the memory measurement (default 20)
  --memory-network M    network of those containers: default or none (default: default)
  --no-podman           leave podman out (no peer for the whole-command goal)
  --no-memory           skip the memory measurement`;

function integer(value: string | undefined, fallback: number, option: string, minimum: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < minimum) throw new Error(`--${option} must be an integer ≥ ${minimum}, got ${JSON.stringify(value)}`);
  return parsed;
}

const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

type Measurement = () => Promise<void>;

function measurements(berth: BerthTarget, podman: PodmanPeer | undefined, fixture: RunFixture, work: string, samples: TimingSamples, counted: () => boolean): Measurement[] {
  const keep = (list: number[], value: number) => void (counted() && list.push(value));
  const command = (cmd: Command, list: number[]) => async () => keep(list, (await timedCommand(cmd)).ms);
  let crunIds = 0;
  const crun = (): Command => ({ file: 'crun', args: ['--root', join(work, 'crun-state'), 'run', '--bundle', fixture.bundle, `berth-bench-${process.pid}-${crunIds++}`] });
  return [
    ...networkModes.map((mode) => command(berth.runCommand(mode), samples.berthRun[mode])),
    ...(podman ? networkModes.map((mode) => command(podman.runCommand(mode), samples.podmanRun[mode])) : []),
    ...networkModes.map((mode) => async () => {
      const phases = await apiLifecycle(berth.api, imageName, mode);
      if (counted()) samples.api[mode].push(phases);
    }),
    async () => keep(samples.crunRun, (await timedCommand(crun())).ms),
    // as the CLI's launcher starts Node (scripts/build.mjs): without a NODE_EXTRA_CA_CERTS bundle to parse
    command({ file: process.execPath, args: ['-e', '0'], env: { ...process.env, NODE_EXTRA_CA_CERTS: undefined } }, samples.nodeStart),
    command(berth.versionCommand, samples.berthVersion),
    ...(podman ? [command(podman.command(['version']), samples.podmanVersion)] : []),
  ];
}

/** Runs every closer even when one fails; the work directory goes only when all succeeded. */
async function cleanUp(work: string, closers: readonly (() => Promise<void> | undefined)[]): Promise<void> {
  const problems: string[] = [];
  for (const close of closers) await Promise.resolve().then(close).catch((err: unknown) => problems.push(err instanceof Error ? err.message : String(err)));
  if (problems.length > 0) throw new Error(`cleaning up: ${problems.join('; ')}`);
  rmSync(work, { recursive: true, force: true }); // what is left: crun's state root, empty once every run was deleted
}

async function runRunSuite(context: SuiteContext): Promise<void> {
  const { values } = parseArgs({
    args: [...context.args],
    options: {
      trials: { type: 'string' }, warmup: { type: 'string' }, containers: { type: 'string' }, 'memory-network': { type: 'string' },
      'no-podman': { type: 'boolean' }, 'no-memory': { type: 'boolean' }, help: { type: 'boolean' },
    },
  });
  if (values.help) return void console.log(help);
  const trials = integer(values.trials, 10, 'trials', 1);
  const warmup = integer(values.warmup, 2, 'warmup', 0);
  const containers = integer(values.containers, 20, 'containers', 1);
  const memoryNetwork = (values['memory-network'] ?? 'default') as NetworkMode;
  if (!networkModes.includes(memoryNetwork)) throw new Error(`--memory-network must be default or none, got ${JSON.stringify(memoryNetwork)}`);
  requireRoot();
  for (const [tool, pkg] of [['conmon', 'conmon'], ['crun', 'crun'], ['iptables', 'iptables']] as const) requireTool(tool, pkg);

  console.log(`machine: ${cpus().length} CPUs, load ${load()}`);
  const work = join(context.resultsDir, 'run-work');
  // an interrupted run may have left containers mounted there: removing the directory would reach into them
  const mounted = mountPoints().filter((p) => p.startsWith(work));
  if (mounted.length > 0) throw new Error(`a previous run left mounts under ${work} (${mounted[0]}…): stop its berthd or unmount them first`);
  mkdirSync(work, { recursive: true });
  const fixture = await prepareRunFixture(join(context.resultsDir, 'run-fixture'));
  console.log(`image: busybox-static, layer ${fixture.diffIds.join(', ')}; loaded into berthd and podman from one docker-archive`);
  const berth = await startBerthTarget(join(work, 'berth'), fixture);
  let podman: PodmanPeer | undefined;
  const verdicts: Verdict[] = [];
  const samples: TimingSamples = {
    berthRun: { none: [], default: [] }, podmanRun: { none: [], default: [] }, api: { none: [], default: [] }, crunRun: [], nodeStart: [], berthVersion: [], podmanVersion: [],
  };
  let berthMem: BerthMemory | undefined;
  let podmanMem: PodmanMemory | undefined;
  try {
    podman = values['no-podman'] ? undefined : await openPodmanPeer(join(work, 'podman'), fixture);
    console.log(`berthd pid ${berth.daemon.pid} (default network: its CNI bridge); ${podman ? `podman ${podman.version}, private --root/--runroot, default network ${podman.defaultNetwork}` : 'podman left out'}`);
    let round = 0;
    const all = measurements(berth, podman, fixture, work, samples, () => round >= warmup);
    for (; round < warmup + trials; round++) {
      // rotate the order every round: whatever runs first or after a slow neighbour changes each time
      for (let i = 0; i < all.length; i++) await all[(i + round) % all.length]!();
      console.log(`${round < warmup ? 'warm-up' : 'trial'} ${round < warmup ? round + 1 : round - warmup + 1}/${round < warmup ? warmup : trials} done (load ${load()})`);
    }
    const commands = commandReport(samples, podman?.defaultNetwork);
    const api = apiReport(samples);
    console.log(`\n${commands.table}\n\n${api.table}\n\n${rawSamples(samples)}`);
    verdicts.push(...commands.verdicts, ...api.verdicts);

    if (!values['no-memory']) {
      console.log(`\nmemory: ${containers} detached sleep containers on each engine (network ${memoryNetwork}) …`);
      berthMem = await berthMemory(berth.api, berth.daemon.pid, containers, memoryNetwork);
      if (podman) podmanMem = await podmanMemory(podman, containers, memoryNetwork);
      const memory = memoryReport(berthMem, podmanMem);
      console.log(`\n${memory.table}`);
      verdicts.push(...memory.verdicts);
    }
    console.log(`\n${formatVerdicts(verdicts)}`);
  } finally {
    await cleanUp(work, [() => podman?.close(), () => berth.close()]);
  }
  writeFileSync(join(context.resultsDir, 'run.json'), `${JSON.stringify({ date: new Date().toISOString(), load: loadavg(), trials, warmup, samples, memory: { berth: berthMem, podman: podmanMem }, verdicts }, null, 2)}\n`);
  console.log(`load after: ${load()}; raw numbers in ${join(context.resultsDir, 'run.json')}`);
}

export const runSuite: BenchSuite = {
  description: 'berth run --rm busybox true (CLI and API) against podman run and crun run; engine memory per container',
  run: runRunSuite,
};
