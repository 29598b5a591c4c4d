// `npm run bench -- registry [options]`: push and pull of a two-layer image (100 MiB random,
// 100 MiB text, gzip as Berth writes it) to and from docker-registry on 127.0.0.1, Berth side by
// side with skopeo copy (OCI layout ↔ registry), and Berth's pull with unpacking side by side
// with podman pull. Each trial pushes into a fresh registry (so nothing can be skipped or mounted)
// and pulls into empty destinations; the order of the tools alternates from trial to trial.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pushImage } from '../../engine/src/registry/push';
import { startDockerRegistry } from '../../test/fixtures/registry/dockerRegistry';
import { openTestStore } from '../../test/fixtures/registry/testStore';
import { requireTool } from '../../test/fixtures/scratch';
import { median } from '../lsp/statistics';
import type { BenchSuite, SuiteContext } from '../suite';
import { prepareBenchImage, type BenchImage } from './benchImage';
import { berthPull, berthPush, podmanPull, skopeoPull, skopeoPush, type TransferSettings } from './transfers';

const help = `options:
  --trials N         trials per tool (default 5)
  --concurrency N    Berth's parallel blob transfers (default: 3 down, 5 up)
  --chunk-size MiB   Berth pushes in PATCH chunks of this size (default: one PUT per blob)
  --no-podman        skip podman pull even when podman is installed`;

type Tool = 'berth push' | 'skopeo push' | 'berth pull' | 'skopeo pull' | 'berth pull + unpack' | 'podman pull';

function hasCommand(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

function flushDisk(): void {
  execFileSync('sync'); // dirty pages of one transfer must not slow the next
}

async function pushTrial(image: BenchImage, work: string, trial: number, settings: TransferSettings, berthFirst: boolean, samples: Map<Tool, number[]>): Promise<void> {
  const order: ('berth' | 'skopeo')[] = berthFirst ? ['berth', 'skopeo'] : ['skopeo', 'berth'];
  for (const tool of order) {
    const registry = await startDockerRegistry(join(work, `push-${trial}-${tool}`));
    try {
      flushDisk();
      const ms = tool === 'berth' ? await berthPush(image, registry.host, settings) : await skopeoPush(image, registry.host);
      samples.get(`${tool} push`)!.push(ms);
    } finally {
      await registry.stop();
      rmSync(join(work, `push-${trial}-${tool}`), { recursive: true, force: true });
    }
  }
}

async function pullTrial(ref: string, work: string, trial: number, settings: TransferSettings, tools: Tool[], samples: Map<Tool, number[]>): Promise<void> {
  for (const tool of tools) {
    const dest = join(work, `pull-${trial}-${tool.replace(/\W+/g, '-')}`);
    mkdirSync(dest, { recursive: true });
    flushDisk();
    let ms: number;
    if (tool === 'berth pull') ms = await berthPull(ref, dest, false, settings);
    else if (tool === 'berth pull + unpack') ms = await berthPull(ref, dest, true, settings);
    else if (tool === 'skopeo pull') ms = await skopeoPull(ref, join(dest, 'layout'));
    else ms = await podmanPull(ref);
    samples.get(tool)!.push(ms);
    rmSync(dest, { recursive: true, force: true });
  }
}

function report(samples: Map<Tool, number[]>, bytes: number): void {
  const mbps = (ms: number) => bytes / 1e6 / (ms / 1000);
  const rows: [string, Tool, Tool | undefined][] = [
    ['push: store → registry', 'berth push', 'skopeo push'],
    ['pull: registry → content store', 'berth pull', 'skopeo pull'],
    ['pull + unpack into snapshots', 'berth pull + unpack', 'podman pull'],
  ];
  console.log(`\n${'transfer'.padEnd(32)} ${'Berth ms'.padStart(9)} ${'MB/s'.padStart(7)}   ${'peer'.padEnd(12)} ${'ms'.padStart(7)} ${'MB/s'.padStart(7)}   speed ratio`);
  for (const [label, berth, peer] of rows) {
    const b = median(samples.get(berth)!);
    const peerSamples = peer ? samples.get(peer)! : [];
    const p = peerSamples.length > 0 ? median(peerSamples) : Number.NaN;
    const ratio = Number.isNaN(p) ? 'n/a' : `${(p / b).toFixed(2)}× ${p / b > 1 ? '(faster)' : '(slower)'}`;
    console.log(`${label.padEnd(32)} ${b.toFixed(0).padStart(9)} ${mbps(b).toFixed(0).padStart(7)}   ${(peerSamples.length > 0 ? peer! : 'none').padEnd(12)} ${Number.isNaN(p) ? '-'.padStart(7) : p.toFixed(0).padStart(7)} ${Number.isNaN(p) ? '-'.padStart(7) : mbps(p).toFixed(0).padStart(7)}   ${ratio}`);
  }
  console.log('\nall samples (ms):');
  for (const [tool, list] of samples) if (list.length > 0) console.log(`  ${tool.padEnd(22)} ${list.map((ms) => ms.toFixed(0)).join(' ')}`);
}

async function runRegistrySuite(context: SuiteContext): Promise<void> {
  const { values } = parseArgs({ args: [...context.args], options: { trials: { type: 'string' }, concurrency: { type: 'string' }, 'chunk-size': { type: 'string' }, 'no-podman': { type: 'boolean' }, help: { type: 'boolean' } } });
  if (values.help) return void console.log(help);
  const trials = Number(values.trials ?? 5);
  if (!Number.isInteger(trials) || trials < 1) throw new Error(`--trials must be a positive integer, got ${values.trials}`);
  const settings: TransferSettings = {
    ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}),
    ...(values['chunk-size'] ? { chunkSize: Number(values['chunk-size']) << 20 } : {}),
  };
  requireTool('docker-registry', 'docker-registry');
  requireTool('skopeo', 'skopeo');
  const podman = !values['no-podman'] && hasCommand('podman');
  const cache = join(context.resultsDir, 'registry-fixture');
  mkdirSync(cache, { recursive: true });
  const image = await prepareBenchImage(cache);
  console.log(`image ${image.descriptor.digest}: ${(image.bytes / 1e6).toFixed(1)} MB in the registry (2 gzip layers from 200 MiB of files)`);
  console.log(`machine: ${cpus().length} CPUs, load ${loadavg().map((l) => l.toFixed(2)).join(' ')}; podman ${podman ? 'included' : values['no-podman'] ? 'skipped (--no-podman)' : 'not installed (the unpack row has no peer)'}`);

  const work = join(context.resultsDir, 'registry-work');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const samples = new Map<Tool, number[]>((['berth push', 'skopeo push', 'berth pull', 'skopeo pull', 'berth pull + unpack', 'podman pull'] as Tool[]).map((t) => [t, []]));
  const source = await startDockerRegistry(join(work, 'pull-source'));
  try {
    const ref = `${source.host}/bench/image:1`;
    const store = await openTestStore(image.storeDir);
    await store.images.set(ref, image.descriptor);
    await pushImage(ref, { store });
    await store.images.delete(ref);
    for (let trial = 0; trial < trials; trial++) {
      const forward = trial % 2 === 0;
      await pushTrial(image, work, trial, settings, forward, samples);
      const pulls: Tool[] = ['berth pull', 'skopeo pull', 'berth pull + unpack', ...(podman ? ['podman pull' as Tool] : [])];
      await pullTrial(ref, work, trial, settings, forward ? pulls : [...pulls].reverse(), samples);
      process.stdout.write(`trial ${trial + 1}/${trials} done\n`);
    }
  } finally {
    await source.stop();
    rmSync(work, { recursive: true, force: true });
  }
  report(samples, image.bytes);
  console.log(`load after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

export const registrySuite: BenchSuite = {
  description: 'push/pull of a 2×100 MiB image with docker-registry, against skopeo copy and podman pull',
  run: runRegistrySuite,
};
