// One daemon per data root: the pid file names the running daemon. A file left by a daemon that
// died (kill -9) names a dead pid and is taken over.
import { promises as fsp, readFileSync } from 'node:fs';
import { berthError, errnoCode } from '../image/berthError';
import { writeFileAtomic } from '../store/atomicFile';

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

/** The pid recorded in `path` if that process is alive, else undefined. */
export async function readLivePid(path: string): Promise<number | undefined> {
  const text = await fsp.readFile(path, 'utf8').catch(() => '');
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 && processAlive(pid) ? pid : undefined;
}

export async function claimPidFile(path: string): Promise<void> {
  const other = await readLivePid(path);
  if (other !== undefined && other !== process.pid) {
    throw berthError('already-exists', `berthd is already running on this root (pid ${other}, ${path}); stop it first with berth engine stop`);
  }
  await writeFileAtomic(path, `${process.pid}\n`);
}

export async function releasePidFile(path: string): Promise<void> {
  if ((await readLivePid(path)) === process.pid) await fsp.rm(path, { force: true });
}
