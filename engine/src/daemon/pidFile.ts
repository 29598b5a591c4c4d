// Reading the pid file that names a data root's daemon, as the CLI does to find or stop it. The
// daemon claims the root with a flock on the lock file (pidFileClaim.ts); a pid file left by a
// daemon that died (kill -9) names a dead pid, or a pid since reused by another process: a reader
// believes it only while that process holds the lock, as /proc/locks tells.
import { promises as fsp, readFileSync, statSync } from 'node:fs';
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

/** The file a daemon holds its lock on, next to its pid file; never removed. */
export function lockFileOf(pidFile: string): string {
  return `${pidFile}.lock`;
}

/**
 * Whether `pid` holds a flock on `lockFile`, from /proc/locks (matched by inode and pid: the
 * device it shows is the underlying one on overlayfs). Undefined when that cannot be told: no
 * lock file (a daemon of an older berth took none) or no /proc/locks.
 */
export function holdsLock(pid: number, lockFile: string, locks = '/proc/locks'): boolean | undefined {
  let inode: number;
  let table: string;
  try {
    inode = statSync(lockFile).ino;
    table = readFileSync(locks, 'utf8');
  } catch {
    return undefined;
  }
  // "1: FLOCK  ADVISORY  WRITE 4242 00:2d:1234 0 EOF"; a waiter's line ("1: -> FLOCK …") holds nothing
  for (const line of table.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields[1] !== 'FLOCK' || Number(fields[4]) !== pid) continue;
    if (Number(fields[5]?.split(':')[2]) === inode) return true;
  }
  return false;
}

/** The pid recorded in `path` if that process is alive and holds the root's lock, else undefined. */
export async function readLivePid(path: string): Promise<number | undefined> {
  const pid = await recordedPid(path);
  if (pid === undefined || !processAlive(pid)) return undefined;
  return holdsLock(pid, lockFileOf(path)) === false ? undefined : pid;
}
