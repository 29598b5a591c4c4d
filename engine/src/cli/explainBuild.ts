// `berth build --explain` and a failed build's summary: a build record (GET /berth/v1/builds/:id)
// as text. Each step shows where it is in the Dockerfile (the same 1-based lines the editor
// underlines), whether the cache had it and, when not, why, its cache key, the layer it made,
// how long it took and what it printed.
import type { BuildFailure, BuildRecord, StepRecord } from '../build/buildRecords';
import { humanSize } from './humanUnits';

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms - minutes * 60_000) / 1000)} s`;
}

/** `Dockerfile:3` or `Dockerfile:3-5` (1-based, as editors and compilers print locations). */
export function location(file: string, startLine: number, endLine = startLine): string {
  return endLine > startLine ? `${file}:${startLine + 1}-${endLine + 1}` : `${file}:${startLine + 1}`;
}

function stepBlock(step: StepRecord, n: number, total: number): string[] {
  const lines = [`Step ${n}/${total}  ${location(step.file, step.startLine, step.endLine)}  ${step.text}`];
  lines.push(`  cache:    ${step.cached ? 'hit' : `miss (${step.reason ?? 'no reason recorded'})`}`);
  lines.push(`  key:      ${step.key}`);
  if (step.layer) lines.push(`  layer:    ${step.layer.digest} (${humanSize(step.layerSize)} uncompressed, ${humanSize(step.layer.size)} compressed)`);
  else lines.push('  layer:    none (the step changes only the image configuration)');
  lines.push(`  duration: ${formatDuration(step.durationMs)}`);
  const log = step.log.replace(/\n$/, '');
  if (log !== '') lines.push('  log:', ...log.split('\n').map((l) => `    ${l}`));
  return lines;
}

export function formatBuildRecord(record: BuildRecord): string {
  const cached = record.steps.filter((s) => s.cached).length;
  const head = [
    `Build ${record.id} of ${record.dockerfile}${record.target ? ` (target ${record.target})` : ''}: ${record.status} in ${formatDuration(record.durationMs)}, ${cached} of ${record.steps.length} steps from the cache`,
  ];
  if (record.imageId) head.push(`Image ${record.imageId}${record.tags.length ? ` tagged ${record.tags.join(', ')}` : ''}`);
  const blocks = record.steps.map((s, i) => stepBlock(s, i + 1, record.steps.length).join('\n'));
  const tail = record.error ? ['', formatFailure(record.error)] : [];
  return [...head, '', blocks.join('\n\n'), ...tail, ''].join('\n');
}

/** A failed build in a few lines: where, what, the exit code, the last lines the step printed. */
export function formatFailure(failure: BuildFailure): string {
  const where = failure.file !== undefined && failure.startLine !== undefined ? `${location(failure.file, failure.startLine, failure.endLine)}: ` : '';
  const lines = [`ERROR: ${where}${failure.message}`];
  if (failure.exitCode !== undefined) lines.push(`exit code: ${failure.exitCode}`);
  if (failure.lastLines?.length) lines.push('last output:', ...failure.lastLines.map((l) => `  ${l}`));
  return lines.join('\n');
}
