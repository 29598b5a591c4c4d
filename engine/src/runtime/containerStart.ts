// Starting a container (ARCHITECTURE's run flow): mount the snapshot at the bundle's rootfs, attach
// the network, resolve user and command in the image, write the OCI spec, let conmon run
// `<runtime> create` (while the network's CNI plugins finish), connect whoever attached before
// start, then `<runtime> start`. Each step that succeeded is undone when a later one fails, so a
// failed start leaves nothing mounted, attached or running.
import type { ChildProcess } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import { dirname, join } from 'node:path';
import { isAbortError } from '../image/berthError';
import { containerCgroupPath, removeCgroup } from './containerCgroup';
import { processEnv } from './containerConfig';
import type { ContainerRecord } from './containerRecord';
import type { NetworkSetup } from './containerNetworking';
import { containerSpec } from './containerSpec';
import { applicableResources } from './limits';
import { detachConmon, spawnConmon, waitForPid } from './conmon';
import type { RuntimeName } from './ociRuntime';
import { exitCodeForRuntimeError, prepareMountTargets, prepareProcess, StartError } from './processSetup';
import { mountRootfs, unmountRootfs } from './rootfsMount';
import { ociRuntime, type RuntimeContext } from './runtimeContext';

export interface StartedProcess {
  readonly pid: number;
  /** conmon, berthd's child while berthd lives: its exit also signals the container's. */
  readonly conmon: ChildProcess;
  readonly conmonPid: number;
  readonly runtime: RuntimeName;
  readonly warnings: readonly string[];
}

export const rootfsDir = (ctx: RuntimeContext, id: string): string => join(ctx.store.containerDir(id), 'rootfs');

/** conmon's per-run files: stale ones would be mistaken for this run's. */
export async function removeRunFiles(ctx: RuntimeContext, id: string): Promise<void> {
  const dir = ctx.store.containerDir(id);
  await Promise.all([
    fsp.rm(join(ctx.exitDir, id), { force: true }),
    ...['exit', 'oom', 'pidfile', 'attach', 'ctl', 'winsz'].map((f) => fsp.rm(join(dir, f), { force: true })),
  ]);
}

/**
 * Undoes a run: the runtime's state and cgroup, the rootfs mount, the network attachment. Idempotent;
 * cheap when there is no run (`record.runtime` unset). `everyRuntime` also asks the runtime the
 * record does not name (after a crash between conmon's create and the record's save).
 */
export async function releaseInstance(ctx: RuntimeContext, record: ContainerRecord, everyRuntime = false): Promise<void> {
  const problems: string[] = [];
  const attempt = async (what: string, step: () => Promise<void> | void) => {
    try {
      await step();
    } catch (err) {
      problems.push(`${what}: ${(err as Error).message}`);
    }
  };
  const names = everyRuntime ? (Object.keys(ctx.runtimePaths) as RuntimeName[]) : record.runtime ? [record.runtime] : [];
  // The three are independent once the process has exited, and the runtime's delete (a process of
  // its own) takes longest: the unmount and the network teardown go on meanwhile.
  await Promise.all([
    (async () => {
      for (const name of names) await attempt(`${name} delete`, () => ociRuntime(ctx, name).delete(record.id, true));
      if (names.length > 0) await attempt('cgroup', () => removeCgroup(ctx.layout, containerCgroupPath(ctx.cgroupParent, record.id)));
    })(),
    attempt('unmount', () => unmountRootfs(rootfsDir(ctx, record.id))),
    attempt('network', () => ctx.networking.detach(record.id)),
  ]);
  if (problems.length > 0) ctx.log(`container ${record.id}: cleanup incomplete: ${problems.join('; ')}`);
  else delete record.runtime;
}

/**
 * Runs the container's process. `attachPending` is called between create and start, when the attach
 * socket exists but the process has not run yet: output is never lost to an early attach.
 */
export async function startProcess(ctx: RuntimeContext, record: ContainerRecord, attachPending: (dir: string) => Promise<void>, signal?: AbortSignal): Promise<StartedProcess> {
  // Limits were checked at create; the host may have changed since (a restored root, a reboot
  // into another cgroup layout): what it cannot apply now is left out and logged, as Docker does,
  // and --cpus is refused, before anything is mounted or attached.
  const limits = applicableResources(record.hostConfig.resources, ctx.layout);
  ctx.cgroupMigration.prime();
  const dir = ctx.store.containerDir(record.id);
  const rootfs = rootfsDir(ctx, record.id);
  const runtime = ociRuntime(ctx);
  if (record.runtime !== undefined) await releaseInstance(ctx, record);
  await removeRunFiles(ctx, record.id);
  if (record.hostConfig.userns) await checkReachable(rootfs, record.hostConfig.userns.uidMap.hostId);
  await fsp.mkdir(rootfs, { recursive: true });
  const undo: (() => Promise<void> | void)[] = [];
  try {
    mountRootfs(await ctx.snapshotter.mounts(record.snapshotKey), rootfs);
    undo.push(() => unmountRootfs(rootfs));
    // The CNI plugins' ADD (a veth, an address: ~15 ms) overlaps the runtime's create, which only
    // joins the namespace; the process starts after both.
    let attached!: Promise<NetworkSetup>;
    const layout = new Promise<NetworkSetup>((resolve) => {
      attached = ctx.networking.attach(record, signal, resolve);
    });
    const network = await Promise.race([layout, attached]);
    undo.push(() => ctx.networking.detach(record.id)); // also when attach fails later: detach is idempotent
    record.networkFiles = network.files;

    const args = [record.path, ...record.args];
    const { user, problem } = prepareProcess(rootfs, {
      args, user: record.config.user, groupAdd: record.hostConfig.groupAdd, workingDir: record.config.workingDir,
      env: processEnv(record.config, '/'), mountTargets: record.hostConfig.mounts.map((m) => m.target), createWorkingDir: true,
    });
    if (problem) throw new StartError(`failed to create task for container ${record.name}: ${problem.message}`, problem.exitCode);
    const { spec, warnings: specWarnings } = containerSpec({
      rootfs, args, config: record.config, hostConfig: { ...record.hostConfig, resources: limits.resources }, user, network,
      cgroupsPath: containerCgroupPath(ctx.cgroupParent, record.id), host: ctx.host,
    });
    const warnings = [...limits.warnings, ...specWarnings];
    prepareMountTargets(rootfs, spec.mounts);
    await fsp.writeFile(join(dir, 'config.json'), JSON.stringify(runtime.name === 'crun' ? ctx.seccomp.withProgram(spec) : spec));

    const conmon = spawnConmon({
      conmonPath: ctx.conmonPath, runtime, containerId: record.id, sessionId: record.id, name: record.name, dir,
      exitDir: ctx.exitDir, log: `k8s-file:${record.logPath}`, terminal: record.config.tty, stdin: record.config.openStdin,
      leaveStdinOpen: !record.config.stdinOnce,
    });
    record.runtime = runtime.name;
    undo.push(async () => {
      await runtime.delete(record.id, true);
      delete record.runtime;
    });
    let pid: number;
    try {
      pid = await waitForPid(conmon, `${runtime.name} create ${record.name}`);
    } catch (err) {
      throw runtimeFailure(err);
    } finally {
      detachConmon(conmon);
    }
    await attached;
    await attachPending(dir);
    await runtime.start(record.id, signal).catch((err: unknown) => { throw runtimeFailure(err); });
    return { pid, conmon: conmon.child, conmonPid: conmon.child.pid ?? 0, runtime: runtime.name, warnings };
  } catch (err) {
    for (const step of undo.reverse()) {
      try {
        await step();
      } catch (undoErr) {
        ctx.log(`container ${record.id}: undoing a failed start: ${(undoErr as Error).message}`);
      }
    }
    throw err;
  }
}

/** The runtime's complaint, with Docker's exit code when it says the command cannot be run. */
function runtimeFailure(err: unknown): unknown {
  if (isAbortError(err) || !(err instanceof Error)) return err;
  return new StartError(err.message, exitCodeForRuntimeError(err.message), err);
}

/**
 * In a user namespace the runtime prepares the root as the mapped user, which must be able to
 * search every directory above it (podman and Docker's userns-remap keep their roots 0711).
 */
async function checkReachable(rootfs: string, hostUid: number): Promise<void> {
  for (let dir = dirname(rootfs); ; dir = dirname(dir)) {
    const st = await fsp.stat(dir);
    if ((st.mode & 0o001) === 0 && !(st.uid === hostUid && (st.mode & 0o100) !== 0)) {
      throw new StartError(`user namespace: uid ${hostUid} cannot reach the container's root: ${dir} is not searchable by others (chmod o+x ${dir}, or keep berthd's data root under searchable directories)`);
    }
    if (dir === '/') return;
  }
}
