// The suite's table: per Dockerfile and scenario, Berth's and buildah's medians and p90s, the ratio
// of the medians (Berth / buildah) and the issue's goal for that scenario with a verdict that
// names the numbers: warm rebuild at most a quarter of buildah's time, cold at most buildah's
// time, a one-file change at most half.
import { median, percentile } from '../lsp/statistics';
import type { BuilderName } from './benchBuilder';

export type Scenario = 'cold' | 'warm' | 'change';

export const scenarios: readonly Scenario[] = ['cold', 'warm', 'change'];

const scenarioLabels: Record<Scenario, string> = {
  cold: 'cold (--no-cache)',
  warm: 'warm (nothing changed)',
  change: 'one-file change',
};

const goals: Record<Scenario, number> = { cold: 1, warm: 0.25, change: 0.5 };

export interface Sample {
  readonly dockerfile: string;
  readonly scenario: Scenario;
  readonly builder: BuilderName;
  readonly trial: number;
  readonly ms: number;
  /** One-minute load average when the build started. */
  readonly load: number;
}

export interface Row {
  readonly dockerfile: string;
  readonly scenario: Scenario;
  readonly berth: { readonly median: number; readonly p90: number };
  readonly buildah: { readonly median: number; readonly p90: number };
  readonly ratio: number;
  readonly goal: number;
  readonly met: boolean;
}

export function buildRows(samples: readonly Sample[], dockerfiles: readonly string[]): Row[] {
  const rows: Row[] = [];
  for (const dockerfile of dockerfiles) {
    for (const scenario of scenarios) {
      const times = (builder: BuilderName) => samples.filter((s) => s.dockerfile === dockerfile && s.scenario === scenario && s.builder === builder).map((s) => s.ms);
      const spread = (list: number[]) => ({ median: median(list), p90: percentile(list, 0.9) });
      const berth = spread(times('berth'));
      const buildah = spread(times('buildah'));
      const ratio = berth.median / buildah.median;
      rows.push({ dockerfile, scenario, berth, buildah, ratio, goal: goals[scenario], met: ratio <= goals[scenario] });
    }
  }
  return rows;
}

function verdict(row: Row): string {
  const limit = row.goal * row.buildah.median;
  const numbers = `${row.berth.median.toFixed(0)} ms vs ≤ ${limit.toFixed(0)} ms (${row.goal === 1 ? '' : `${row.goal}× `}buildah's ${row.buildah.median.toFixed(0)} ms)`;
  return `${row.met ? 'met' : 'NOT met'}: ${numbers}`;
}

export function formatRows(rows: readonly Row[]): string {
  const header = ['dockerfile', 'scenario', 'berth med', 'p90', 'buildah med', 'p90', 'berth/buildah', 'goal', 'verdict'];
  const cells = rows.map((r) => [
    r.dockerfile, scenarioLabels[r.scenario], r.berth.median.toFixed(0), r.berth.p90.toFixed(0), r.buildah.median.toFixed(0),
    r.buildah.p90.toFixed(0), `${r.ratio.toFixed(2)}×`, `≤ ${r.goal.toFixed(2)}×`, verdict(r),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column].length)));
  const format = (line: readonly string[]) =>
    line.map((cell, column) => (column < 2 || column === 8 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ').trimEnd();
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...cells.map(format), '',
    `times in ms, whole commands; goals met: ${rows.filter((r) => r.met).length} of ${rows.length}`].join('\n');
}

export function formatSamples(samples: readonly Sample[]): string {
  const groups = new Map<string, Sample[]>();
  for (const s of samples) {
    const key = `${s.dockerfile} ${s.scenario} ${s.builder}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const width = Math.max(...[...groups.keys()].map((k) => k.length));
  return [...groups].map(([key, list]) => `  ${key.padEnd(width)}  ${list.map((s) => s.ms.toFixed(0)).join(' ')}`).join('\n');
}
