// The suite's tables and the issue's goals, each verdict with the numbers it rests on:
//  1. `berth run --rm busybox true` under half of `podman run --rm` in each network mode (medians);
//  2. the API lifecycle with --network none within 3× of `crun run` of an equivalent bundle;
//  3. under 5 MB (10^6 bytes) of engine-side memory per running container: berthd's growth per
//     container plus that container's conmon (PSS; RSS shown too, it counts shared pages again,
//     and the private part). conmon is per container, so it is engine-side memory too.
import { median, percentile } from '../lsp/statistics';
import { phases, type NetworkMode, type PhaseTimes } from './apiLifecycle';
import { memoryDelta, memorySum, type BerthMemory, type PodmanMemory, type ProcessMemory } from './engineMemory';

export const networkModes: readonly NetworkMode[] = ['none', 'default'];

export interface TimingSamples {
  readonly berthRun: Record<NetworkMode, number[]>;
  readonly podmanRun: Record<NetworkMode, number[]>;
  readonly api: Record<NetworkMode, PhaseTimes[]>;
  readonly crunRun: number[];
  readonly nodeStart: number[];
  /** `berth version`: the CLI's start plus two API round trips, no container. */
  readonly berthVersion: number[];
  readonly podmanVersion: number[];
}

export interface Verdict {
  readonly goal: string;
  readonly measured: string;
  readonly met: boolean;
}

export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]) => row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

const ms = (value: number) => (Number.isNaN(value) ? '-' : value.toFixed(1));
const times = (value: number) => `${value.toFixed(2)}×`;
const mb = (kib: number) => (kib * 1024) / 1e6;

function spread(samples: readonly number[]): [string, string] {
  return [ms(median(samples)), ms(percentile(samples, 0.9))];
}

export function commandReport(s: TimingSamples, podmanNetwork: string | undefined): { table: string; verdicts: Verdict[] } {
  const rows: string[][] = [];
  const verdicts: Verdict[] = [];
  for (const mode of networkModes) {
    const berth = median(s.berthRun[mode]);
    rows.push([`berth run --rm ${mode === 'none' ? '--network none ' : ''}busybox true`, ...spread(s.berthRun[mode]), '', '']);
    if (s.podmanRun[mode].length === 0) continue;
    const podman = median(s.podmanRun[mode]);
    rows.push([`podman run --rm ${mode === 'none' ? '--network none ' : ''}busybox true`, ...spread(s.podmanRun[mode]), times(berth / podman), '≤ 0.50×']);
    verdicts.push({
      goal: `whole command, network ${mode}: berth under half of podman`,
      measured: `${ms(berth)} ms vs ${ms(podman)} ms = ${times(berth / podman)}${mode === 'default' && podmanNetwork ? ` (podman's default network ${podmanNetwork})` : ''}`,
      met: berth < podman / 2,
    });
  }
  rows.push(['crun run -b <bundle> (netns, no CNI)', ...spread(s.crunRun), '', '']);
  rows.push(['node -e 0 (the floor of any Node CLI, as berth starts it)', ...spread(s.nodeStart), '', '']);
  rows.push(['berth version (CLI start + 2 API calls)', ...spread(s.berthVersion), '', '']);
  if (s.podmanVersion.length > 0) rows.push(['podman version (podman\'s own start)', ...spread(s.podmanVersion), '', '']);
  return { table: formatTable(['whole command (ms)', 'median', 'p90', 'berth/podman', 'goal'], rows), verdicts };
}

export function apiReport(s: TimingSamples): { table: string; verdicts: Verdict[] } {
  const rows = networkModes.map((mode) => {
    const trials = s.api[mode];
    return [`network ${mode}`, ...phases.map((phase) => ms(median(trials.map((t) => t[phase])))), ...spread(trials.map((t) => t.total))];
  });
  const crun = median(s.crunRun);
  const none = median(s.api.none.map((t) => t.total));
  rows.push(['crun run (same bundle as above)', '', '', '', '', '', ...spread(s.crunRun)]);
  const table = formatTable(['API lifecycle (ms, medians)', ...phases, 'total', 'p90'], rows);
  const cliShare = networkModes.map((mode) => `${ms(median(s.berthRun[mode]) - median(s.api[mode].map((t) => t.total)))} ms (${mode})`).join(', ');
  return {
    table: `${table}\nAPI lifecycle (network none) / crun run: ${times(none / crun)} (goal ≤ 3×)\nthe CLI's own share of berth run (its median − the API lifecycle's): ${cliShare}`,
    verdicts: [{ goal: 'API lifecycle, network none, within 3× of raw crun run', measured: `${ms(none)} ms vs ${ms(crun)} ms = ${times(none / crun)}`, met: none <= 3 * crun }],
  };
}

function memoryCells(m: ProcessMemory): [string, string, string] {
  return [mb(m.rssKiB).toFixed(2), mb(m.pssKiB).toFixed(2), mb(m.anonKiB).toFixed(2)];
}

export function memoryReport(berth: BerthMemory, podman: PodmanMemory | undefined): { table: string; verdicts: Verdict[] } {
  const n = berth.containers;
  const perContainer = memoryDelta(berth.loaded, berth.idle, n);
  const engineSide = memorySum(perContainer, berth.conmon);
  const rows: string[][] = [
    ['berthd idle (after the timed trials)', ...memoryCells(berth.idle)],
    [`berthd with ${n} running containers (network ${berth.network})`, ...memoryCells(berth.loaded)],
    ['berthd after removing them', ...memoryCells(berth.afterRemoval)],
    ['per container: berthd growth / N', ...memoryCells(perContainer)],
    ['per container: its conmon (mean)', ...memoryCells(berth.conmon)],
    ['per container: berthd growth + conmon', ...memoryCells(engineSide)],
  ];
  if (podman) rows.push([`podman per container: its conmon (mean of ${podman.containers})`, ...memoryCells(podman.conmon)]);
  const met = mb(engineSide.pssKiB) < 5;
  return {
    table: formatTable(['memory (MB = 10^6 bytes)', 'RSS', 'PSS', 'private'], rows),
    verdicts: [{
      goal: 'under 5 MB of engine-side memory per running container (berthd growth + conmon, PSS)',
      measured: `${mb(engineSide.pssKiB).toFixed(2)} MB (berthd ${mb(perContainer.pssKiB).toFixed(2)} + conmon ${mb(berth.conmon.pssKiB).toFixed(2)}); counted with RSS: ${mb(engineSide.rssKiB).toFixed(2)} MB; berthd alone: ${mb(perContainer.rssKiB).toFixed(2)} MB RSS${podman ? `; podman's conmon: ${mb(podman.conmon.pssKiB).toFixed(2)} MB PSS, ${mb(podman.conmon.rssKiB).toFixed(2)} MB RSS` : ''}`,
      met,
    }],
  };
}

export function formatVerdicts(verdicts: readonly Verdict[]): string {
  const lines = verdicts.map((v) => `  ${v.met ? 'met    ' : 'NOT met'}  ${v.goal}: ${v.measured}`);
  return [`goals met: ${verdicts.filter((v) => v.met).length} of ${verdicts.length}`, ...lines].join('\n');
}

export function rawSamples(s: TimingSamples): string {
  const list = (samples: readonly number[]) => samples.map((v) => v.toFixed(0)).join(' ');
  const lines = networkModes.flatMap((mode) => [
    `  berth run, ${mode}:`.padEnd(24) + list(s.berthRun[mode]),
    ...(s.podmanRun[mode].length > 0 ? [`  podman run, ${mode}:`.padEnd(24) + list(s.podmanRun[mode])] : []),
    `  API total, ${mode}:`.padEnd(24) + list(s.api[mode].map((t) => t.total)),
  ]);
  return ['all samples (ms):', ...lines, '  crun run:'.padEnd(24) + list(s.crunRun)].join('\n');
}
