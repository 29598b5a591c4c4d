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

/** The pid a pid file's text names, if it names one. */
function pidIn(text: string): number | undefined {
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** The pid a pid file names (undefined when there is no file, or no pid in it). */
async function recordedPid(path: string): Promise<number | undefined> {
  return pidIn(await fsp.readFile(path, 'utf8').catch(() => ''));
}

/** The pid recorded in `path` if that process is alive, else undefined. */
export async function readLivePid(path: string): Promise<number | undefined> {
  const pid = await recordedPid(path);
  return pid !== undefined && processAlive(pid) ? pid : undefined;
}

/**
 * Removes a pid file that names no running process. One claimant at a time does this, holding
 * `<pid file>.takeover` (created exclusively), and looks at the file again while holding it: two
 * claimants that both saw the stale file would otherwise each remove it, and the second could
 * remove the first one's fresh claim. A takeover file older than a few seconds was left by a
 * claimant that died holding it (two claimants breaking it at once could both hold it; that needs
 * a claimant to die inside these few milliseconds first).
 */
async function removeStale(path: string): Promise<void> {
  const takeover = `${path}.takeover`;
  try {
    await fsp.writeFile(takeover, `${process.pid}\n`, { flag: 'wx', mode: 0o644 });
  } catch (err) {
    if (errnoCode(err) !== 'EEXIST') throw err;
    const since = await fsp.stat(takeover).then((st) => Date.now() - st.mtimeMs, () => 0);
    if (since > 5_000) await fsp.rm(takeover, { force: true });
    await new Promise((resolve) => setTimeout(resolve, 5));
    return;
  }
  try {
    // only a file read here and found stale: nothing can replace it while it exists (a link fails),
    // so that is the file removed; a file already gone is left to the next link, which another
    // claimant may win meanwhile
    const text = await fsp.readFile(path, 'utf8').catch((err: unknown) => (errnoCode(err) === 'ENOENT' ? undefined : Promise.reject(err)));
    if (text === undefined) return;
    const pid = pidIn(text);
    if (pid === undefined || !processAlive(pid)) await fsp.rm(path, { force: true });
  } finally {
    await fsp.rm(takeover, { force: true });
  }
}

/**
 * Makes this process the root's daemon. The file appears whole and only if there is none (a hard
 * link of a finished temporary file), so two daemons started at once cannot both claim the root;
 * a file naming a dead daemon is removed (removeStale) and the claim tried again.
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
        if (errnoCode(err) !== 'EEXIST' || attempt >= 1000) throw err;
      }
      const other = await recordedPid(path);
      if (other === process.pid) return;
      if (other !== undefined && processAlive(other)) {
        throw berthError('already-exists', `berthd is already running on this root (pid ${other}, ${path}); stop it first with berth engine stop`);
      }
      await removeStale(path);
    }
  } finally {
    await fsp.rm(temporary, { force: true });
  }
}

export async function releasePidFile(path: string): Promise<void> {
  if ((await readLivePid(path)) === process.pid) await fsp.rm(path, { force: true });
}
