// When berthd starts, the records say what was true when the previous berthd stopped; conmon's exit
// files and the live processes say what is true now. Containers that exited meanwhile are finished
// (exit code, OOM, cleanup, restart policy), running ones are kept (their conmon still holds them),
// ones whose conmon vanished without an exit file (killed, or a reboot) are marked exited with 255,
// and `always` / `unless-stopped` containers start again, as Docker does on daemon start.
import { readFileSync } from 'node:fs';
import { releaseInstance, rootfsDir } from './containerStart';
import { startsWithDaemon } from './restartPolicy';
import { mountPoints } from './rootfsMount';
import type { RuntimeContext } from './runtimeContext';

export interface ReconcileHooks {
  /**
   * A container the records say is running or paused: finished if it exited meanwhile (its exit
   * file, or its conmon gone without one), otherwise kept and watched; under the container's lock.
   */
  adopt(id: string): Promise<void>;
  /** Starts the container again through its restart path (status `restarting`). */
  restart(id: string): void;
  /** Finishes an interrupted removal. */
  remove(id: string): Promise<void>;
}

/** Whether `pid` is the conmon that runs container `id` (pids are reused). */
export function conmonAlive(pid: number, id: string): boolean {
  if (pid <= 0) return false;
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmdline[0]?.endsWith('conmon') === true && cmdline.includes(id);
  } catch {
    return false;
  }
}

export async function reconcileContainers(ctx: RuntimeContext, hooks: ReconcileHooks): Promise<void> {
  // Read once: each record below only mounts or unmounts its own root.
  const mounted = new Set(mountPoints());
  for (const record of ctx.store.all()) {
    try {
      switch (record.state.status) {
        case 'running':
        case 'paused':
          await hooks.adopt(record.id);
          break;
        case 'restarting':
          hooks.restart(record.id);
          break;
        case 'removing':
          await hooks.remove(record.id);
          break;
        default:
          if (mounted.has(rootfsDir(ctx, record.id)) || record.runtime !== undefined) await releaseInstance(ctx, record, true);
          if (record.state.status === 'exited' && startsWithDaemon(record.hostConfig.restartPolicy, record.state.manuallyStopped)) {
            record.state.status = 'restarting';
            await ctx.store.save(record);
            hooks.restart(record.id);
          }
      }
    } catch (err) {
      ctx.log(`container ${record.id}: reconciling after start-up failed: ${(err as Error).message}`);
    }
  }
}
