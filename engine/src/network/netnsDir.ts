// Persistent network namespaces, pinned by bind-mounting /proc/thread-self/ns/net onto a file of a
// run directory, as `ip netns add` does under /run/netns. The mount lives in the host's mount
// namespace, not in berthd, so a container's namespace survives berthd restarts; the runtime hands
// the path to crun (linux.namespaces[].path). The namespace is created from Node's main thread:
// unshare(CLONE_NEWNET) affects only the calling thread, which steps back with setns before any
// other JavaScript runs, so nothing else ever sees the new namespace. About 1 ms, against ~5 ms to
// spawn `ip netns add` or `unshare --net=FILE`, plus the loopback plugin's exec to bring `lo` up.
//
// Unlike `ip netns`, the directory is not made a shared mount: berth's containers pivot_root away
// from the host's mounts, so no long-lived copy of a namespace mount keeps one alive after removal.
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { berthError, errnoCode } from '../image/berthError';
import { bindMount, CLONE_NEWNET, MNT_DETACH, setLinkUp, setns, umount2, unshare } from './namespaceCalls';

const ownNamespace = '/proc/thread-self/ns/net';

export class NetnsDir {
  private readonly dev: number;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o755 });
    this.dev = statSync(dir).dev;
  }

  pathOf(name: string): string {
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(name)) throw berthError('invalid-argument', `invalid network namespace name "${name}"`);
    return join(this.dir, name);
  }

  /** Creates a namespace with `lo` up and returns its path. Throws already-exists when the name is taken. */
  create(name: string): string {
    const path = this.pathOf(name);
    try {
      writeFileSync(path, '', { flag: 'wx', mode: 0o444 });
    } catch (err) {
      if (errnoCode(err) === 'EEXIST') throw berthError('already-exists', `network namespace ${path} already exists`, err);
      throw err;
    }
    try {
      enterNewNamespace(path);
    } catch (err) {
      rmSync(path, { force: true });
      throw berthError(errnoCode(err) === 'EPERM' ? 'failed-precondition' : 'internal', `create network namespace ${path}: ${(err as Error).message}${errnoCode(err) === 'EPERM' ? ': berthd needs root (CAP_SYS_ADMIN) for network namespaces' : ''}`, err);
    }
    return path;
  }

  /** Unpins and deletes a namespace file; a missing or unmounted file is fine (idempotent). */
  remove(path: string): void {
    try {
      umount2(path, MNT_DETACH);
    } catch (err) {
      if (errnoCode(err) !== 'EINVAL' && errnoCode(err) !== 'ENOENT') throw berthError('internal', `remove network namespace ${path}: ${(err as Error).message}`, err);
    }
    rmSync(path, { force: true });
  }

  /** Whether the file still pins a namespace (after a reboot the files are gone or plain). */
  isPinned(path: string): boolean {
    try {
      return statSync(path).dev !== this.dev;
    } catch {
      return false;
    }
  }

  /** Names of the files in the directory, pinned or not. */
  list(): string[] {
    return readdirSync(this.dir).filter((n) => !n.startsWith('.'));
  }
}

function enterNewNamespace(path: string): void {
  const original = openSync(ownNamespace, 'r');
  try {
    unshare(CLONE_NEWNET);
    try {
      setLinkUp('lo');
      bindMount(ownNamespace, path);
    } finally {
      // must succeed, or berthd's main thread would stay in the container's namespace
      setns(original, CLONE_NEWNET);
    }
  } finally {
    closeSync(original);
  }
}
