// Hiding the kernel's wait before a process moves into a cgroup. Every move (the OCI runtime
// writing a container's pid to cgroup.procs at create, `crun exec` its new process's) takes the
// global cgroup_threadgroup_rwsem for writing, and the first writer after a quiet spell waits out
// an RCU grace period before it gets it; writers within a grace period of the last one don't wait.
// Measured on this kind of host (hybrid cgroups, kernel 6.18): the first write ~10.5 ms, the next
// ten under 0.2 ms together; `crun create` spends a third of its time there.
//
// So as a start or an exec begins, berthd makes a move of its own that changes nothing: its own
// pid into the cgroup it is already in (the kernel skips the migration but takes the lock). The
// grace period then passes while berthd mounts the root, writes the spec and conmon starts the
// runtime, whose own move finds the lock ready: a start's create 26.7 → 17.1 ms (median of 40
// interleaved API lifecycles each). Hosts whose cgroups are mounted with favordynmods have no wait
// to hide. A write that fails (a rootless daemon, a cgroup that refuses processes) only means the
// runtime waits as before; it is logged once and not tried again.
import { promises as fsp, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CgroupLayout } from './cgroupLayout';

/**
 * The cgroup.procs file of the cgroup process `pid` is in (per its /proc/<pid>/cgroup text), in
 * the first hierarchy this host mounts where that file lists `pid`: a mount that shows another
 * part of the tree than /proc says (a container's view without a cgroup namespace) is passed
 * over, so the move can only ever be into the cgroup the process is already in. Undefined when
 * there is none.
 */
export function ownProcsFile(layout: CgroupLayout, procCgroup: string, pid: number): string | undefined {
  for (const line of procCgroup.split('\n')) {
    const match = /^\d+:([^:]*):(\/.*)$/.exec(line);
    if (!match) continue;
    const [, controllers = '', path = '/'] = match;
    const mount = controllers === '' ? layout.unified : layout.v1.get(controllers.split(',')[0]!);
    if (mount === undefined) continue;
    const file = join(mount, path, 'cgroup.procs');
    if (listsPid(file, pid)) return file;
  }
  return undefined;
}

function listsPid(procsFile: string, pid: number): boolean {
  try {
    return listed(readFileSync(procsFile, 'utf8'), pid);
  } catch {
    return false;
  }
}

const listed = (procs: string, pid: number): boolean => procs.split('\n').includes(String(pid));

export class CgroupMigrationPrimer {
  private inFlight: Promise<void> | undefined;
  private procsFile: string | undefined;
  private stopped = false;

  /** `locate` finds the cgroup.procs that lists `pid` now (ownProcsFile over /proc/<pid>/cgroup). */
  constructor(private readonly locate: () => string | undefined, private readonly log: (line: string) => void, private readonly pid = process.pid) {
    this.procsFile = locate();
  }

  static forThisProcess(layout: CgroupLayout, log: (line: string) => void): CgroupMigrationPrimer {
    return new CgroupMigrationPrimer(() => {
      try {
        return ownProcsFile(layout, readFileSync('/proc/self/cgroup', 'utf8'), process.pid);
      } catch {
        return undefined; // no /proc: nothing to prime
      }
    }, log);
  }

  /** Starts the no-op move in the background; one at a time (a second would find the lock ready anyway). */
  prime(): void {
    if (this.stopped || this.procsFile === undefined || this.inFlight) return;
    this.inFlight = this.move().finally(() => {
      this.inFlight = undefined;
    });
  }

  /** Resolves when the move in flight, if any, is done. */
  settled(): Promise<void> {
    return this.inFlight ?? Promise.resolve();
  }

  private async move(): Promise<void> {
    let file = this.procsFile!;
    try {
      // berthd may have been moved since it looked (by an administrator, a session manager): the
      // move must stay one into the cgroup it is in now, so the file must still list it
      if (!listed(await fsp.readFile(file, 'utf8'), this.pid)) {
        const now = this.locate();
        if (now === undefined || now === file) throw new Error(`${file} no longer lists it, and no other cgroup.procs does`);
        this.procsFile = file = now;
      }
      await fsp.writeFile(file, String(this.pid));
    } catch (err) {
      this.stopped = true;
      this.log(`moving berthd into its own cgroup (${file}) failed: ${(err as Error).message}; container starts and execs wait for the kernel's cgroup lock as they would without it`);
    }
  }
}
