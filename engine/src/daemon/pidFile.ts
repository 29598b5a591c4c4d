// Reading the pid file that names a data root's daemon, as the CLI does to find or stop it. The
// daemon claims the root with a lock (pidFileClaim.ts); a file left by a daemon that died (kill -9)
// names a dead pid, which readers treat as no daemon.
import { promises as fsp, readFileSync } from 'node:fs';
import { errnoCode } from '../image/berthError';

/** True while `pid` runs; a zombie (exited, not yet reaped by its adoptive parent) is not running. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return errnoCode(err) === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc: trust the signal check
  }
}

/** The pid a pid file's text names, if it names one. */
function pidIn(text: string): number | undefined {
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** The pid a pid file names (undefined when there is no file, or no pid in it). */
export async function recordedPid(path: string): Promise<number | undefined> {
  return pidIn(await fsp.readFile(path, 'utf8').catch(() => ''));
}

/** The pid recorded in `path` if that process is alive, else undefined. */
export async function readLivePid(path: string): Promise<number | undefined> {
  const pid = await recordedPid(path);
  return pid !== undefined && processAlive(pid) ? pid : undefined;
}
