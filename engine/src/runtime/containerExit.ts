// The end of a run, after conmon recorded the exit code: was it an OOM kill (conmon's `oom` file, or
// the cgroup's oom_kill counter read before the runtime removes the cgroup), then the run's
// resources go (runtime state, cgroup, rootfs mount, network) and the record says how it ended.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { containerCgroupPath, readOomKills } from './containerCgroup';
import { nowRfc3339, type ContainerRecord } from './containerRecord';
import { releaseInstance, removeRunFiles } from './containerStart';
import { ociRuntime, type RuntimeContext } from './runtimeContext';

export async function wasOomKilled(ctx: RuntimeContext, id: string): Promise<boolean> {
  const marked = await fsp.access(join(ctx.store.containerDir(id), 'oom')).then(() => true, () => false);
  return marked || (await readOomKills(ctx.layout, containerCgroupPath(ctx.cgroupParent, id))) > 0;
}

/** Updates `record.state` for an exit with `exitCode` (-1: unknown) and releases the run. */
export async function collectExit(ctx: RuntimeContext, record: ContainerRecord, exitCode: number, error = ''): Promise<void> {
  const oomKilled = await wasOomKilled(ctx, record.id);
  await releaseInstance(ctx, record);
  await removeRunFiles(ctx, record.id);
  Object.assign(record.state, {
    status: 'exited',
    exitCode: exitCode < 0 ? 255 : exitCode,
    error: error || (exitCode < 0 ? 'conmon could not determine the exit status' : ''),
    oomKilled,
    pid: 0,
    conmonPid: 0,
    finishedAt: nowRfc3339(),
  });
}

/**
 * The end of a run whose conmon is gone without an exit file (killed, or a reboot): nothing will
 * ever record the process's exit, so it is killed (if it still runs, nobody holds its stdio or
 * would notice its end) and the run ends as exited with 255.
 */
export async function collectLostExit(ctx: RuntimeContext, record: ContainerRecord): Promise<void> {
  ctx.log(`container ${record.id}: its conmon (pid ${record.state.conmonPid}) is gone without recording an exit code: killing what is left and marking it exited (255)`);
  await ociRuntime(ctx, record.runtime).kill(record.id, '9', true).catch(() => undefined);
  await collectExit(ctx, record, -1, `conmon (pid ${record.state.conmonPid}) exited without recording the container's exit code`);
}
