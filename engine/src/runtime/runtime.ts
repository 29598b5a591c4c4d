// The container runtime (ARCHITECTURE's `runtime/`): turns an image into a running, isolated,
// limited process through one conmon per container running crun (runc as fallback), and manages it
// for as long as it exists: start, stop, kill, pause, wait, remove, restart policies. Containers
// outlive berthd: state is on disk (records, conmon's exit files) and `open` reconciles it.
//
//   const runtime = await Runtime.open({ root, runRoot, snapshotter, log });
//   const c = await runtime.create({ image: { reference: 'busybox', image }, cmd: ['echo', 'hi'], network: { mode: { kind: 'none' } } });
//   const a = await runtime.io.attach(c.id, { stdout: true, stderr: true });   // before start: nothing is lost
//   await runtime.start(c.id);
//   const { statusCode } = await runtime.wait(c.id, 'not-running');
//   await runtime.remove(c.id);
//
// Lifecycle pieces live beside this file (containerCreate, containerStart, containerExit, reconcile);
// `runtime.io` (containerIo.ts) attaches, resizes, execs, and reads logs, top and stats. This class
// holds the state that ties them together: per-container locks, waiters, restart timers.
import { promises as fsp } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';
import { berthError, isNotFound } from '../image/berthError';
import type { NetworkManager } from '../network/network';
import type { Snapshotter } from '../snapshot/snapshotter';
import type { Leases } from '../store/leases';
import { delegateControllers, detectCgroupLayout, describeLayout, type CgroupLayout } from './cgroupLayout';
import { CgroupMigrationPrimer } from './cgroupMigration';
import { createContainer } from './containerCreate';
import { collectExit, collectLostExit } from './containerExit';
import { localNetworking, managedNetworking } from './containerNetworking';
import { nowRfc3339, zeroTime, type ContainerRecord } from './containerRecord';
import { releaseInstance, rootfsDir, startProcess, type StartedProcess } from './containerStart';
import { isMountPoint, mountRootfs, unmountRootfs } from './rootfsMount';
import { ContainerStore } from './containerStore';
import { ContainerWaiters, type WaitCondition, type WaitResult } from './containerWaiters';
import type { CreateOptions, Resources } from './createOptions';
import { ExitWatcher } from './exitWatcher';
import { findInitBinary, hostCpuCount, hostCpuset, readBoundingCapabilities, readHardLimits } from './hostFacts';
import { applicableResources, validateResources } from './limits';
import { KeyedLock } from '../network/keyedLock';
import type { RuntimeName } from './ociRuntime';
import { StartError } from './processSetup';
import { conmonAlive, reconcileContainers } from './reconcile';
import { restartDelayMs, shouldRestart, stableRunMs } from './restartPolicy';
import { SeccompCompiler } from './seccompCompiler';
import { ociRuntime, type ContainerEvent, type RuntimeContext } from './runtimeContext';
import { checkPrerequisites, chooseRuntime, explainFailure, findProgram, hybridCgroupError, overlaySupported } from './runtimeProbe';
import { ContainerIo } from './containerIo';
import { filterContainers, type ListOptions } from './containerList';
import { signalNumber } from './signals';

export interface RuntimeOptions {
  /** Persistent data: <root>/containers/<id>. */
  readonly root: string;
  /** Runtime state that a reboot clears (a tmpfs under /run): exit files, the OCI runtimes' state. */
  readonly runRoot: string;
  readonly snapshotter: Snapshotter;
  /** Protects layers being unpacked by create from a concurrent GC. */
  readonly leases?: Leases;
  /** The network slice's manager; without it only --network none and host work. */
  readonly network?: Pick<NetworkManager, 'attach' | 'detach'>;
  /** Every container's cgroup is <cgroupParent>/<id> in each hierarchy. Default /berth. */
  readonly cgroupParent?: string;
  /** Use this runtime (still probed); default: crun when it works here, else runc. */
  readonly runtime?: RuntimeName;
  readonly conmonPath?: string;
  /** Static init for --init; default tini-static or catatonit from PATH. */
  readonly initPath?: string;
  readonly log: (line: string) => void;
  readonly onEvent?: (event: ContainerEvent) => void;
}

export interface StopOptions {
  /** Seconds before SIGKILL; default the container's StopTimeout (10); -1 waits forever. */
  readonly timeout?: number;
  /** Docker's `stop --signal`; default the container's StopSignal. */
  readonly signal?: string;
}

const activeStatuses = new Set(['running', 'paused']);

/** Running, paused or about to run again: what removal must stop first. */
const occupied = (record: ContainerRecord): boolean => activeStatuses.has(record.state.status) || record.state.status === 'restarting';

/** How often conmons started by an earlier berthd are checked (see `adopted`). */
const adoptedPollMs = 2000;

export class Runtime {
  readonly io: ContainerIo;
  private readonly locks = new KeyedLock();
  private readonly waiters = new ContainerWaiters();
  private readonly restartTimers = new Map<string, NodeJS.Timeout>();
  /** Containers `restart` calls are stopping (how many): their exit does not remove them (AutoRemove), as in Docker. */
  private readonly restartingByUser = new Map<string, number>();
  /**
   * Running containers whose conmon an earlier berthd started: not this process's children, so
   * their conmon's end is noticed by polling (a conmon killed without writing an exit file).
   */
  private readonly adopted = new Set<string>();
  private adoptedTimer: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(readonly ctx: RuntimeContext, private readonly exits: ExitWatcher, private readonly leases: Leases | undefined, private readonly mayFallBack: boolean) {
    this.io = new ContainerIo(ctx, this.waiters);
  }

  static async open(o: RuntimeOptions): Promise<Runtime> {
    if (o.snapshotter.kind === 'overlay' && !overlaySupported()) {
      throw berthError('unavailable', 'overlayfs is not available in this kernel, so container roots cannot be mounted: modprobe overlay, or start berthd with --snapshotter copy');
    }
    const conmonPath = checkPrerequisites(o.conmonPath ?? findProgram('conmon'));
    const cgroupParent = o.cgroupParent ?? '/berth';
    if (!cgroupParent.startsWith('/') || cgroupParent.split('/').includes('..')) {
      throw berthError('invalid-argument', `invalid cgroup parent ${JSON.stringify(cgroupParent)}: it must be an absolute cgroup path without "..", such as /berth`);
    }
    const layout = delegateControllers(detectCgroupLayout(), cgroupParent);
    if (layout.heldBackBy !== undefined) {
      o.log(`containers get no cgroup controllers, so no limits: ${layout.heldBackBy} holds processes, and the kernel lets such a cgroup hand none down (berthd in a container with its own cgroup namespace?); move those processes into a child cgroup before berthd starts, as Docker-in-Docker's entrypoint does`);
    }
    const choice = await chooseRuntime(layout, cgroupParent, o.runtime);
    if (o.runtime !== undefined && choice.name !== o.runtime) throw berthError('unavailable', `runtime ${o.runtime} was asked for but cannot run containers here: ${choice.note ?? 'see the log'}`);
    if (choice.note) o.log(`using ${choice.name}: ${choice.note}`);
    const runtimePaths: Partial<Record<RuntimeName, string>> = {};
    for (const name of ['crun', 'runc'] as const) {
      const path = findProgram(name);
      if (path) runtimePaths[name] = path;
    }
    runtimePaths[choice.name] = choice.path;
    const store = await ContainerStore.open(join(o.root, 'containers'), o.log);
    const initPath = o.initPath ?? findInitBinary();
    const ctx: RuntimeContext = {
      store, snapshotter: o.snapshotter, layout, cgroupMigration: CgroupMigrationPrimer.forThisProcess(layout, o.log), cgroupParent, conmonPath,
      networking: o.network ? managedNetworking(o.network) : localNetworking((id) => store.containerDir(id)),
      exitDir: join(o.runRoot, 'exits'), runtimeRoot: o.runRoot,
      host: { hardLimits: readHardLimits(), swapAccounting: layout.swapAccounting, ...(initPath ? { initPath } : {}),
        capabilities: readBoundingCapabilities(), arch: process.arch, kernel: release() },
      defaultRuntime: choice.name, runtimePaths, log: o.log, emit: o.onEvent ?? (() => undefined),
      seccomp: new SeccompCompiler(o.log),
    };
    o.log(`runtime: ${choice.name} (${choice.path}) under conmon (${conmonPath}); ${describeLayout(layout)}; cgroups under ${cgroupParent}`);
    const holder: { runtime?: Runtime } = {};
    const exits = new ExitWatcher(ctx.exitDir, (id) => holder.runtime?.noteExit(id));
    await exits.start();
    const runtime = new Runtime(ctx, exits, o.leases, o.runtime === undefined);
    holder.runtime = runtime;
    await reconcileContainers(ctx, {
      adopt: (id) => runtime.adopt(id),
      restart: (id) => runtime.scheduleRestart(id, 0),
      remove: async (id) => {
        const record = store.get(id);
        record.state.status = 'exited';
        await runtime.remove(id, { force: true });
      },
    });
    return runtime;
  }

  /** The runtime new containers start with (crun unless it cannot run here). */
  get runtimeName(): RuntimeName {
    return this.ctx.defaultRuntime;
  }

  private emit(action: string, record: ContainerRecord, extra: Record<string, string> = {}): void {
    this.ctx.emit({ action, id: record.id, attributes: { name: record.name, image: record.config.image, ...extra } });
  }

  get cgroupLayout(): CgroupLayout {
    return this.ctx.layout;
  }

  /** The limits this host's cgroups can apply, and a warning for each kind dropped (what the API does before create). */
  applicableResources(resources: Resources): { resources: Resources; warnings: string[] } {
    validateResources(resources, hostCpuCount(), hostCpuset());
    return applicableResources(resources, this.ctx.layout);
  }

  async create(options: CreateOptions, signal?: AbortSignal): Promise<ContainerRecord> {
    const record = await createContainer(this.ctx, options, this.leases, signal);
    this.emit('create', record);
    return structuredClone(record);
  }

  /** Starts the container's process; false when it was already running (Docker's 304). */
  start(ref: string, signal?: AbortSignal): Promise<boolean> {
    const id = this.ctx.store.get(ref).id;
    return this.locks.run(id, async () => {
      const record = this.ctx.store.get(id);
      if (activeStatuses.has(record.state.status)) return false;
      if (record.state.status === 'removing') throw berthError('failed-precondition', `container ${record.name} is being removed`);
      if (record.state.status === 'dead') throw berthError('failed-precondition', `container ${record.name} is dead (${record.state.error || 'its removal failed'}): remove it`);
      this.cancelRestart(id);
      record.state.manuallyStopped = false;
      record.state.restartCount = 0;
      await this.startLocked(record, signal);
      return true;
    });
  }

  private async startLocked(record: ContainerRecord, signal?: AbortSignal): Promise<void> {
    let started;
    try {
      started = await this.startWithFallback(record, signal);
    } catch (err) {
      record.state.status = record.state.startedAt === zeroTime ? 'created' : 'exited';
      record.state.exitCode = err instanceof StartError && err.exitCode !== undefined ? err.exitCode : 128;
      record.state.error = (err as Error).message;
      await this.ctx.store.save(record);
      this.io.failPending(record.id, err);
      this.waiters.startFailed(record);
      throw err;
    }
    // conmon writes the exit file before it exits; if it ends without one, its end is the only news
    // (noted once the record below is saved: the lock is held until then)
    const conmonPid = started.conmonPid;
    this.adopted.delete(record.id); // this run's conmon is this process's child
    started.conmon.once('exit', () => this.noteExit(record.id, conmonPid));
    if (started.conmon.exitCode !== null || started.conmon.signalCode !== null) this.noteExit(record.id, conmonPid);
    for (const w of started.warnings) this.ctx.log(`container ${record.id}: ${w}`);
    Object.assign(record.state, {
      status: 'running', pid: started.pid, conmonPid: started.conmonPid, exitCode: 0, error: '', oomKilled: false, startedAt: nowRfc3339(),
    });
    await this.ctx.store.save(record);
    this.emit('start', record);
  }

  /** crun that stops working mid-life (a host whose cgroup mounts changed) hands over to runc once. */
  private async startWithFallback(record: ContainerRecord, signal?: AbortSignal): Promise<StartedProcess> {
    try {
      return await startProcess(this.ctx, record, (dir) => this.io.connectPending(record.id, dir), signal);
    } catch (err) {
      const ctx = this.ctx;
      if (!this.mayFallBack || ctx.defaultRuntime !== 'crun' || ctx.runtimePaths.runc === undefined || !(err as Error).message.includes(hybridCgroupError)) throw err;
      ctx.log(`switching to runc: ${explainFailure({ name: 'crun', error: (err as Error).message })}`);
      ctx.defaultRuntime = 'runc';
      return startProcess(ctx, record, (dir) => this.io.connectPending(record.id, dir), signal);
    }
  }

  /** handleExit from an event: a failure (a full disk) is logged, never an unhandled rejection that ends berthd. */
  noteExit(id: string, conmonExited?: number): void {
    this.handleExit(id, conmonExited).catch((err: unknown) => this.ctx.log(`container ${id}: handling its exit failed: ${(err as Error).message}`));
  }

  /**
   * conmon recorded an exit, or (`conmonExited`: the pid of the conmon that ended) conmon is gone
   * without recording one: finish the run, then apply the restart policy.
   */
  handleExit(id: string, conmonExited?: number): Promise<void> {
    return this.locks.run(id, () => this.exitLocked(id, conmonExited));
  }

  /**
   * At start-up, a container the records say runs: finished now if it exited meanwhile (exit file,
   * or its conmon gone without one: a reboot), else kept, its status read again (paused or not),
   * and its conmon watched.
   */
  adopt(id: string): Promise<void> {
    return this.locks.run(id, async () => {
      const record = this.ctx.store.find(id);
      if (!record || !activeStatuses.has(record.state.status)) return;
      // conmon first: one seen gone has written its exit file, if it ever will
      const alive = conmonAlive(record.state.conmonPid, id);
      if (!alive || (await this.exits.read(id)) !== undefined) return this.exitLocked(id, record.state.conmonPid);
      const state = await ociRuntime(this.ctx, record.runtime).state(id);
      const status = state?.status === 'paused' ? 'paused' : 'running';
      if (status !== record.state.status) {
        record.state.status = status;
        await this.ctx.store.save(record);
      }
      this.adopted.add(id);
      this.adoptedTimer ??= setInterval(() => this.checkAdopted(), adoptedPollMs).unref();
    });
  }

  private checkAdopted(): void {
    for (const id of this.adopted) {
      const record = this.ctx.store.find(id);
      if (record && activeStatuses.has(record.state.status) && conmonAlive(record.state.conmonPid, id)) continue;
      this.adopted.delete(id);
      if (record && activeStatuses.has(record.state.status)) this.noteExit(id, record.state.conmonPid);
    }
    if (this.adopted.size === 0) {
      clearInterval(this.adoptedTimer);
      this.adoptedTimer = undefined;
    }
  }

  private async exitLocked(id: string, conmonExited?: number): Promise<void> {
    const record = this.ctx.store.find(id);
    if (!record || !activeStatuses.has(record.state.status)) return;
    const exitCode = await this.exits.read(id);
    // the conmon of an earlier run ending late says nothing about this one
    const lost = exitCode === undefined && conmonExited !== undefined && conmonExited === record.state.conmonPid;
    if (exitCode === undefined && !lost) return;
    const ranMs = Date.now() - Date.parse(record.state.startedAt);
    if (exitCode === undefined) await collectLostExit(this.ctx, record);
    else await collectExit(this.ctx, record, exitCode);
    if (record.state.oomKilled) this.emit('oom', record);
    this.emit('die', record, { exitCode: String(record.state.exitCode) });
    const restart = !this.closed && shouldRestart(record.hostConfig.restartPolicy, record.state);
    if (restart) {
      record.state.status = 'restarting';
      record.state.restartCount++;
    }
    try {
      await this.ctx.store.save(record);
    } finally {
      // the exit happened, whether or not the record could be written (a full disk)
      this.waiters.exited(record, restart);
    }
    if (restart) this.scheduleRestart(id, ranMs >= stableRunMs ? 0 : record.state.restartCount - 1);
    else if (record.hostConfig.autoRemove && !this.restartingByUser.has(id)) void this.remove(id, { force: true }).catch((err: unknown) => this.ctx.log(`auto-remove ${id}: ${(err as Error).message}`));
  }

  private scheduleRestart(id: string, consecutive: number): void {
    this.cancelRestart(id);
    const timer = setTimeout(() => {
      this.restartTimers.delete(id);
      void this.locks.run(id, async () => {
        const record = this.ctx.store.find(id);
        if (!record || record.state.status !== 'restarting' || record.state.manuallyStopped) return;
        await this.startLocked(record);
        this.emit('restart', record);
      }).catch((err: unknown) => this.ctx.log(`restart ${id}: ${(err as Error).message}`));
    }, restartDelayMs(consecutive));
    timer.unref();
    this.restartTimers.set(id, timer);
  }

  private cancelRestart(id: string): void {
    const timer = this.restartTimers.get(id);
    if (timer) clearTimeout(timer);
    this.restartTimers.delete(id);
  }

  /** Stop signal, then SIGKILL after the timeout; false when it was not running (Docker's 304). */
  async stop(ref: string, options: StopOptions = {}): Promise<boolean> {
    const record = this.ctx.store.get(ref);
    const prepared = await this.locks.run(record.id, async () => {
      // removed meanwhile (AutoRemove after an exit, or an rm): no such container any more
      this.ctx.store.get(record.id);
      if (record.state.status === 'removing') return false;
      this.cancelRestart(record.id);
      record.state.manuallyStopped = true;
      if (record.state.status === 'restarting') {
        record.state.status = 'exited';
        await this.ctx.store.save(record);
        this.waiters.exited(record, false);
        return false;
      }
      await this.ctx.store.save(record);
      return activeStatuses.has(record.state.status);
    });
    if (!prepared) return false;
    const exited = this.waiters.wait(record, 'next-exit');
    const timeout = options.timeout ?? record.config.stopTimeout;
    const n = signalNumber(options.signal ?? record.config.stopSignal);
    await this.signal(record, n);
    let timer: NodeJS.Timeout | undefined;
    const timedOut = timeout < 0 ? new Promise<boolean>(() => undefined) : new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(true), timeout * 1000); });
    const killed = await Promise.race([exited.then(() => false), timedOut]);
    clearTimeout(timer);
    if (killed && n !== 9) {
      this.ctx.log(`container ${record.id} did not stop within ${timeout}s of ${options.signal ?? record.config.stopSignal}: killing it`);
      await this.signal(record, 9);
    }
    await exited;
    this.emit('stop', record);
    return true;
  }

  async restart(ref: string, options: StopOptions = {}): Promise<void> {
    const id = this.ctx.store.get(ref).id;
    this.restartingByUser.set(id, (this.restartingByUser.get(id) ?? 0) + 1);
    try {
      await this.stop(id, options);
      await this.start(id);
    } finally {
      const left = this.restartingByUser.get(id)! - 1;
      if (left > 0) this.restartingByUser.set(id, left);
      else this.restartingByUser.delete(id);
    }
    this.emit('restart', this.ctx.store.get(id));
  }

  /** Sends a signal (default SIGKILL) to the container's process. */
  async kill(ref: string, signal = 'SIGKILL'): Promise<void> {
    const record = this.ctx.store.get(ref);
    const n = signalNumber(signal);
    if (!activeStatuses.has(record.state.status)) throw berthError('failed-precondition', `Container ${record.id} is not running`);
    await this.signal(record, n);
    this.emit('kill', record, { signal: String(n) });
  }

  private async signal(record: ContainerRecord, n: number): Promise<void> {
    const runtime = ociRuntime(this.ctx, record.runtime);
    try {
      await runtime.kill(record.id, String(n));
      // a frozen process acts on its signal only once thawed
      if (record.state.status === 'paused' && (n === 9 || n === 15)) await runtime.resume(record.id).catch(() => undefined);
    } catch (err) {
      if (!isNotFound(err) && (await runtime.state(record.id))?.status !== 'stopped') throw err;
    }
  }

  async pause(ref: string): Promise<void> {
    const record = this.ctx.store.get(ref);
    await this.locks.run(record.id, async () => {
      if (record.state.status === 'paused') throw berthError('failed-precondition', `Container ${record.id} is already paused`);
      if (record.state.status !== 'running') throw berthError('failed-precondition', `Container ${record.id} is not running`);
      await ociRuntime(this.ctx, record.runtime).pause(record.id);
      record.state.status = 'paused';
      await this.ctx.store.save(record);
    });
    this.emit('pause', record);
  }

  async unpause(ref: string): Promise<void> {
    const record = this.ctx.store.get(ref);
    await this.locks.run(record.id, async () => {
      if (record.state.status !== 'paused') throw berthError('failed-precondition', `Container ${record.id} is not paused`);
      await ociRuntime(this.ctx, record.runtime).resume(record.id);
      record.state.status = 'running';
      await this.ctx.store.save(record);
    });
    this.emit('unpause', record);
  }

  wait(ref: string, condition: WaitCondition = 'not-running', signal?: AbortSignal): Promise<WaitResult> {
    return this.waiters.wait(this.ctx.store.get(ref), condition, signal);
  }

  /** Removes the container and everything it holds; a running one only with `force` (killed first). */
  async remove(ref: string, options: { force?: boolean } = {}): Promise<void> {
    const record = this.ctx.store.get(ref);
    if (record.state.status === 'removing') return;
    // A start may slip in between the stop and the lock (each takes it): the check is made again
    // under the lock, and a forced removal stops the container again.
    for (let attempt = 1; ; attempt++) {
      if (occupied(record)) {
        if (!options.force) throw berthError('failed-precondition', `You cannot remove a running container ${record.id}. Stop the container before attempting removal or force remove`);
        await this.stop(record.id, { timeout: 0, signal: 'SIGKILL' });
      }
      const outcome = await this.locks.run(record.id, async (): Promise<'gone' | 'removed' | 'started'> => {
        if (!this.ctx.store.find(record.id) || record.state.status === 'removing') return 'gone';
        if (occupied(record)) return 'started';
        this.cancelRestart(record.id);
        record.state.status = 'removing';
        await this.ctx.store.save(record);
        try {
          await removeInstanceData(this.ctx, record);
          this.io.forget(record.id);
          await this.ctx.store.delete(record.id);
        } catch (err) {
          // Docker's "dead": what is left can be removed again (rm -f), and `removing` no longer
          // makes the next rm return at once as if it had worked
          record.state.status = 'dead';
          record.state.error = `removal failed: ${(err as Error).message}`;
          await this.ctx.store.save(record).catch(() => undefined);
          throw err;
        }
        this.waiters.removed(record);
        return 'removed';
      });
      if (outcome === 'removed') this.emit('destroy', record);
      if (outcome !== 'started') return;
      if (attempt === 3) throw berthError('failed-precondition', `container ${record.name} was started again each time it was stopped for removal; stop whatever starts it, then remove it`);
    }
  }

  async rename(ref: string, name: string): Promise<void> {
    const record = this.ctx.store.get(ref);
    const newName = name.startsWith('/') ? name.slice(1) : name;
    const release = this.ctx.store.reserveName(newName, record.id);
    try {
      const oldName = record.name;
      record.name = newName;
      await this.ctx.store.save(record, true);
      this.emit('rename', record, { oldName: `/${oldName}` });
    } finally {
      release();
    }
  }

  /** A snapshot of the record (Docker's inspect data; the network slice adds NetworkSettings). */
  inspect(ref: string): ContainerRecord {
    return structuredClone(this.ctx.store.get(ref));
  }

  list(options: ListOptions = {}): ContainerRecord[] {
    return filterContainers(this.ctx.store.all(), options).map((r) => structuredClone(r));
  }

  /**
   * Runs `use` with the container's root filesystem at a host path (for cp, export and the like):
   * the live mount of a running container, else a temporary mount held under the container's lock
   * (so it cannot start meanwhile). Volumes and binds are not in it: they are mounted in the
   * container's own mount namespace only.
   */
  async withRootfs<T>(ref: string, use: (path: string) => Promise<T>): Promise<T> {
    const record = this.ctx.store.get(ref);
    const path = rootfsDir(this.ctx, record.id);
    if (activeStatuses.has(record.state.status) && isMountPoint(path)) return use(path);
    return this.locks.run(record.id, async () => {
      if (isMountPoint(path)) return use(path);
      await fsp.mkdir(path, { recursive: true });
      mountRootfs(await this.ctx.snapshotter.mounts(record.snapshotKey), path);
      try {
        return await use(path);
      } finally {
        unmountRootfs(path);
      }
    });
  }

  /** Stops watching; containers keep running and a later `open` finds them. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.adoptedTimer);
    this.exits.close();
    for (const id of [...this.restartTimers.keys()]) this.cancelRestart(id);
  }
}

/** What a removed container leaves: its run (if any), its writable layer, its directory. */
async function removeInstanceData(ctx: RuntimeContext, record: ContainerRecord): Promise<void> {
  await releaseInstance(ctx, record);
  // an exit leaves the network's teardown to the background (the exit code is not held up by it); a
  // removal waits for it, so once `rm` (or `run --rm`) returns nothing of the container is left
  try {
    await ctx.networking.detach(record.id, { wait: true });
  } catch (err) {
    ctx.log(`container ${record.id}: network teardown incomplete: ${(err as Error).message}`);
  }
  try {
    await ctx.snapshotter.remove(record.snapshotKey);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  await fsp.rm(join(ctx.exitDir, record.id), { force: true });
}

export type { ListOptions };
