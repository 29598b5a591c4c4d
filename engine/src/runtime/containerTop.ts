// `docker top`: the host's `ps` with the caller's arguments, keeping the rows whose PID is in the
// container's cgroup (what Docker does), so the columns are whatever ps prints for those arguments.
import { execFile } from 'node:child_process';
import { berthError } from '../image/berthError';

export interface TopResult {
  readonly titles: readonly string[];
  readonly processes: readonly (readonly string[])[];
}

/** Splits ps output into titles and rows; the last column keeps its spaces (the command). */
export function parsePs(output: string, pids: ReadonlySet<number>): TopResult {
  const lines = output.split('\n').filter((l) => l.trim() !== '');
  const titles = (lines[0] ?? '').trim().split(/\s+/);
  const pidColumn = titles.indexOf('PID');
  if (pidColumn < 0) throw berthError('invalid-argument', `ps output has no PID column (titles: ${titles.join(' ')}); pass arguments that print one`);
  const processes: string[][] = [];
  for (const line of lines.slice(1)) {
    const fields = line.trim().split(/\s+/);
    const row = [...fields.slice(0, titles.length - 1), fields.slice(titles.length - 1).join(' ')];
    if (pids.has(Number(row[pidColumn]))) processes.push(row);
  }
  return { titles, processes };
}

export function topProcesses(pids: readonly number[], psArgs = '-ef'): Promise<TopResult> {
  const args = psArgs.trim() === '' ? [] : psArgs.trim().split(/\s+/);
  return new Promise((resolve, reject) => {
    execFile('ps', args, { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        reject(berthError(typeof err.code === 'number' ? 'invalid-argument' : 'unavailable', `ps ${psArgs}: ${stderr.trim() || err.message}`, err));
        return;
      }
      try {
        resolve(parsePs(stdout, new Set(pids)));
      } catch (parseErr) {
        reject(parseErr);
      }
    });
  });
}
