// One daemon per data root: the pid file names the running daemon. A file left by a daemon that
// died (kill -9) names a dead pid and is taken over.
import { promises as fsp, readFileSync } from 'node:fs';
import { berthError, errnoCode } from '../image/berthError';

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

/**
 * Makes this process the root's daemon. The file appears whole and only if there is none (a hard
 * link of a finished temporary file), so two daemons started at once cannot both claim the root;
 * a file naming a dead daemon is removed and the claim tried again.
 */
export async function claimPidFile(path: string): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  await fsp.writeFile(temporary, `${process.pid}\n`, { mode: 0o644 });
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await fsp.link(temporary, path);
        return;
      } catch (err) {
        if (errnoCode(err) !== 'EEXIST' || attempt >= 3) throw err;
      }
      const text = await fsp.readFile(path, 'utf8').catch(() => '');
      const other = Number(text.trim());
      if (other === process.pid) return;
      if (Number.isInteger(other) && other > 0 && processAlive(other)) {
        throw berthError('already-exists', `berthd is already running on this root (pid ${other}, ${path}); stop it first with berth engine stop`);
      }
      // stale: remove it, unless another daemon has just put its own there
      if ((await fsp.readFile(path, 'utf8').catch(() => '')) === text) await fsp.rm(path, { force: true });
    }
  } finally {
    await fsp.rm(temporary, { force: true });
  }
}

export async function releasePidFile(path: string): Promise<void> {
  if ((await readLivePid(path)) === process.pid) await fsp.rm(path, { force: true });
}
