// One daemon per data root. The daemon holds an exclusive flock on `<pid file>.lock` for as long as
// it runs; the kernel drops the lock when the daemon exits or dies (kill -9), so a claimant that
// gets it knows no daemon owns the root, with no stale pid to judge and no window in which two
// claimants both decide a file is stale. The pid file itself only tells the CLI whom to talk to and
// whom to stop (pidFile.ts). The lock file is never removed: a new daemon locking a fresh file
// while an old one still held the removed one would make two owners.
import { closeSync, constants, existsSync, openSync, promises as fsp, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { berthError } from '../image/berthError';
import { tryLockExclusive } from '../layer/syscalls';
import { writeFileAtomic } from '../store/atomicFile';
import { lockFileOf, processAlive, recordedPid } from './pidFile';

/** Lock descriptors this process holds, by pid file. */
const held = new Map<string, number>();

/**
 * Makes this process the root's daemon: takes the lock, then writes the pid file whole (a
 * temporary file renamed over whatever a dead daemon left). Refuses, naming the owner's pid,
 * when another daemon holds the lock. Claiming again from the owning process changes nothing.
 */
export async function claimPidFile(path: string): Promise<void> {
  if (held.has(path)) return;
  const lockPath = lockFileOf(path);
  // a root whose lock file is new was last run by an older berth, whose daemons took no lock
  const firstLock = !existsSync(lockPath);
  // libuv opens with O_CLOEXEC: conmon and every other child berthd starts cannot inherit the lock
  const fd = openSync(lockPath, constants.O_RDWR | constants.O_CREAT, 0o644);
  let locked = false;
  try {
    locked = tryLockExclusive(fd, lockPath);
  } catch (err) {
    throw berthError('unavailable', `cannot lock ${lockPath}: ${(err as Error).message}; berthd needs a data root on a filesystem with flock(2) locks (a local disk, or NFS mounted with local_lock=flock)`, err);
  } finally {
    if (!locked) closeSync(fd);
  }
  const owner = await recordedPid(path);
  if (!locked) {
    throw berthError('already-exists', `berthd is already running on this root (${owner === undefined ? 'starting up' : `pid ${owner}`}, ${path}); stop it first with berth engine stop`);
  }
  // such a daemon still running is known by its pid file alone
  if (firstLock && owner !== undefined && owner !== process.pid && processAlive(owner) && isBerthd(owner)) {
    // the lock file goes too (removed while locked): the next claim must see a first lock again
    await fsp.rm(lockPath, { force: true });
    closeSync(fd);
    throw berthError('already-exists', `berthd is already running on this root (pid ${owner}, ${path}, started by an older berth); stop it first with berth engine stop`);
  }
  held.set(path, fd);
  try {
    await writeFileAtomic(path, `${process.pid}\n`);
  } catch (err) {
    releaseLock(path);
    throw err;
  }
}

/** Removes the pid file and drops the lock, if this process holds them. */
export async function releasePidFile(path: string): Promise<void> {
  if (!held.has(path)) return;
  // the file goes first: a daemon that takes the lock next writes its own after this
  await fsp.rm(path, { force: true });
  releaseLock(path);
}

/** Whether `pid` runs berthd (its script's name is on its command line). */
function isBerthd(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').some((arg) => basename(arg).startsWith('berthd'));
  } catch {
    return false;
  }
}

function releaseLock(path: string): void {
  const fd = held.get(path);
  held.delete(path);
  if (fd !== undefined) closeSync(fd);
}
