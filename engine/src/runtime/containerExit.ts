// The end of a run, after conmon recorded the exit code: was it an OOM kill (conmon's `oom` file, or
// the cgroup's oom_kill counter read before the runtime removes the cgroup), then the run's
// resources go (runtime state, cgroup, rootfs mount, network) and the record says how it ended.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { containerCgroupPath, readOomKills } from './containerCgroup';
import { nowRfc3339, type ContainerRecord } from './containerRecord';
import { releaseInstance, removeRunFiles } from './containerStart';
import type { RuntimeContext } from './runtimeContext';

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
