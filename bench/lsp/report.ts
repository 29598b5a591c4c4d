// Turns the trials of both servers into metric rows (median, p90, ratio Berth/reference, goal)
// and prints them as a table. The goals are the issue's: at most half the reference's time for
// diagnostics and completion, completion under 5 ms median, and more diagnostics on the fixture.
import type { Diagnostic } from 'vscode-languageserver';
import { median, percentile } from './statistics';
import { completionTargets, type TrialResult } from './trial';

export interface Spread {
  readonly median: number;
  readonly p90: number;
}

export interface MetricRow {
  readonly metric: string;
  readonly unit: 'ms' | 'MiB' | 'count';
  readonly berth: Spread;
  readonly reference: Spread;
  /** Berth median / reference median. */
  readonly ratio: number;
  readonly goal: string;
  /** Undefined when the metric has no goal (reported for context only). */
  readonly met: boolean | undefined;
}

type Goal = 'half time' | 'half time, under 5 ms' | 'more' | 'none';

function spread(samples: readonly number[]): Spread {
  return { median: median(samples), p90: percentile(samples, 0.9) };
}

function row(metric: string, unit: MetricRow['unit'], goal: Goal, berth: readonly number[], reference: readonly number[]): MetricRow {
  const b = spread(berth);
  const r = spread(reference);
  const ratio = b.median / r.median;
  switch (goal) {
    case 'half time':
      return { metric, unit, berth: b, reference: r, ratio, goal: '≤ 0.50×', met: ratio <= 0.5 };
    case 'half time, under 5 ms':
      return { metric, unit, berth: b, reference: r, ratio, goal: '≤ 0.50×, < 5 ms', met: ratio <= 0.5 && b.median < 5 };
    case 'more':
      return { metric, unit, berth: b, reference: r, ratio, goal: '> reference', met: b.median > r.median };
    case 'none':
      return { metric, unit, berth: b, reference: r, ratio, goal: '', met: undefined };
  }
}

/** How many different problems a server found, so that one rule firing on every line does not dominate the count. */
function distinctKinds(diagnostics: readonly Diagnostic[]): number {
  return new Set(diagnostics.map((d) => String(d.code ?? (typeof d.message === 'string' ? d.message : d.message.value)))).size;
}

export function buildRows(berth: readonly TrialResult[], reference: readonly TrialResult[]): MetricRow[] {
  const both = (pick: (trial: TrialResult) => readonly number[]): [number[], number[]] => [berth.flatMap(pick), reference.flatMap(pick)];
  const changes = (kind: 'character' | 'line') => (trial: TrialResult) => trial.changeToDiagnosticsMs.filter((_, i) => trial.changeKinds[i] === kind);
  return [
    row('spawn → initialize result', 'ms', 'none', ...both((t) => [t.initializeMs])),
    row('didOpen → first diagnostics', 'ms', 'half time', ...both((t) => [t.openToDiagnosticsMs])),
    row('didChange → diagnostics', 'ms', 'half time', ...both((t) => t.changeToDiagnosticsMs)),
    row('  of which: type a character', 'ms', 'none', ...both(changes('character'))),
    row('  of which: insert a line', 'ms', 'none', ...both(changes('line'))),
    ...completionTargets.map((target) => row(`completion, ${target}`, 'ms', 'half time, under 5 ms', ...both((t) => t.completionMs[target]))),
    row('hover on a keyword', 'ms', 'none', ...both((t) => t.hoverMs)),
    row('diagnostics on the fixture', 'count', 'more', ...both((t) => [t.diagnosticsOnOpen.length])),
    row('  distinct kinds (code or message)', 'count', 'none', ...both((t) => [distinctKinds(t.diagnosticsOnOpen)])),
    row('server RSS after the run', 'MiB', 'none', ...both((t) => [t.memoryKiB.rss / 1024])),
    row('server peak RSS', 'MiB', 'none', ...both((t) => [t.memoryKiB.peak / 1024])),
  ];
}

function number(value: number, unit: MetricRow['unit']): string {
  if (Number.isNaN(value)) return '-';
  return unit === 'count' ? String(Math.round(value)) : value.toFixed(unit === 'MiB' || value >= 100 ? 1 : 2);
}

export function formatRows(rows: readonly MetricRow[]): string {
  const header = ['metric', 'unit', 'berth med', 'p90', 'ref med', 'p90', 'berth/ref', 'goal', 'met'];
  const cells = rows.map((r) => [
    r.metric, r.unit, number(r.berth.median, r.unit), number(r.berth.p90, r.unit), number(r.reference.median, r.unit),
    number(r.reference.p90, r.unit), Number.isFinite(r.ratio) ? `${r.ratio.toFixed(2)}×` : '-', r.goal,
    r.met === undefined ? '' : r.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column].length)));
  const format = (line: readonly string[]) =>
    line.map((cell, column) => (column === 0 || column >= 7 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ').trimEnd();
  const goals = rows.filter((r) => r.met !== undefined);
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...cells.map(format), '',
    `goals met: ${goals.filter((r) => r.met).length} of ${goals.length}`].join('\n');
}
