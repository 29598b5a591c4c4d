// Everything that reads from or talks to a container without changing its lifecycle: attach
// (before or after start), resize, logs, exec sessions, top, stats. Reached as `runtime.io`.
import { berthError } from '../image/berthError';
import { PendingAttachment, type AttachOptions, type Attachment } from './attachment';
import type { AttachFrame } from './attachSocket';
import { cgroupProcesses, containerCgroupPath } from './containerCgroup';
import { readLogs, type LogEntry, type LogOptions } from './containerLogs';
import { type ContainerRecord, isActive } from './containerRecord';
import { sampleStats, type ContainerStats } from './containerStats';
import { topProcesses, type TopResult } from './containerTop';
import type { ContainerWaiters } from './containerWaiters';
import { createExecSession, failExecSession, resizeExec, startExecSession, type ExecOptions, type ExecSession } from './execSessions';
import { writeResize } from './resize';
import type { RuntimeContext } from './runtimeContext';

export interface ExecInspect {
  readonly id: string;
  readonly containerId: string;
  /** A start was asked for (it may have failed: then exitCode is set and error says why). */
  readonly started: boolean;
  readonly running: boolean;
  readonly exitCode: number | null;
  readonly pid: number;
  readonly options: ExecOptions;
  readonly error?: string;
}


export class ContainerIo {
  private readonly pending = new Map<string, Set<PendingAttachment>>();
  private readonly execs = new Map<string, ExecSession>();

  constructor(private readonly ctx: RuntimeContext, private readonly waiters: ContainerWaiters) {}

  private running(ref: string): ContainerRecord {
    const record = this.ctx.store.get(ref);
    if (!isActive(record.state)) throw berthError('failed-precondition', `Container ${record.id} is not running`);
    return record;
  }

  /**
   * Attaches to the container's stdio. A container that is not running gets the attachment when it
   * next starts (`docker run -it`, `docker start -a`): nothing it writes is missed.
   */
  async attach(ref: string, options: AttachOptions): Promise<Attachment> {
    const record = this.ctx.store.get(ref);
    const attachment = new PendingAttachment({ ...options, stdin: (options.stdin ?? false) && record.config.openStdin });
    if (options.logs) {
      const frames: AttachFrame[] = [];
      for await (const e of readLogs(record.logPath, {})) frames.push({ stream: e.stream, data: e.line });
      attachment.pushLogFrames(frames);
    }
    if (options.stream === false) {
      attachment.finish();
      return attachment;
    }
    if (isActive(record.state)) {
      await attachment.connect(this.ctx.store.containerDir(record.id));
      await attachment.connected;
      return attachment;
    }
    const set = this.pending.get(record.id) ?? new Set();
    this.pending.set(record.id, set);
    set.add(attachment);
    attachment.connected.catch(() => set.delete(attachment));
    return attachment;
  }

  /** Called by start between `create` and `start`. */
  async connectPending(id: string, dir: string): Promise<void> {
    const set = this.pending.get(id);
    if (!set) return;
    this.pending.delete(id);
    await Promise.all([...set].map((a) => a.connect(dir)));
  }

  failPending(id: string, err: unknown): void {
    for (const a of this.pending.get(id) ?? []) a.fail(err);
    this.pending.delete(id);
  }

  /** The container is gone: its pending attachments fail, its exec sessions are forgotten. */
  forget(id: string): void {
    this.failPending(id, berthError('not-found', `container ${id} was removed`));
    for (const [execId, s] of this.execs) if (s.containerId === id) this.execs.delete(execId);
  }

  async resize(ref: string, height: number, width: number): Promise<void> {
    const record = this.running(ref);
    if (!record.config.tty) return; // Docker accepts and ignores a resize without a TTY
    await writeResize(this.ctx.store.containerDir(record.id), height, width);
  }

  /** Log lines; with follow, until the container stops or the signal aborts. */
  logs(ref: string, options: LogOptions): AsyncGenerator<LogEntry> {
    const record = this.ctx.store.get(ref);
    const stopped = isActive(record.state) || record.state.status === 'restarting'
      ? this.waiters.wait(record, 'not-running', options.signal).then(() => undefined, () => undefined)
      : Promise.resolve();
    return readLogs(record.logPath, options, stopped);
  }

  execCreate(ref: string, options: ExecOptions): string {
    const record = this.execTarget(ref);
    const session = createExecSession(this.ctx, record, options);
    this.execs.set(session.id, session);
    this.ctx.emit({ action: `exec_create: ${options.cmd.join(' ')}`, id: record.id, attributes: { name: record.name, execID: session.id } });
    return session.id;
  }

  private session(execId: string): ExecSession {
    const s = this.execs.get(execId);
    if (!s) throw berthError('not-found', `No such exec instance: ${execId}`);
    return s;
  }

  /** A container an exec can run in: running, not paused or restarting (Docker's messages). */
  private execTarget(ref: string): ContainerRecord {
    const record = this.ctx.store.get(ref);
    if (record.state.status === 'paused') throw berthError('failed-precondition', `Container ${record.id} is paused, unpause the container before exec`);
    if (record.state.status === 'restarting') throw berthError('failed-precondition', `Container ${record.id} is restarting, wait until the container is running`);
    return this.running(ref);
  }

  /** Starts an exec; attached (the default) returns its output, detached returns once it runs. */
  async execStart(execId: string, options: { detach?: boolean } = {}): Promise<Attachment | undefined> {
    const s = this.session(execId);
    if (s.started) throw berthError('failed-precondition', `exec ${execId} has already been started`);
    s.started = true;
    let record: ContainerRecord;
    try {
      // paused or stopped since the exec was created: the session ends here, as a failed start
      record = this.execTarget(s.containerId);
    } catch (err) {
      failExecSession(s, err);
      throw err;
    }
    const o = s.options;
    const attachment = options.detach ? undefined : new PendingAttachment({ stdin: o.attachStdin ?? false, stdout: o.attachStdout ?? true, stderr: o.attachStderr ?? true });
    await startExecSession(this.ctx, record, s, attachment, (done) => {
      this.ctx.emit({ action: 'exec_die', id: record.id, attributes: { name: record.name, execID: done.id, exitCode: String(done.exitCode) } });
    });
    this.ctx.emit({ action: `exec_start: ${o.cmd.join(' ')}`, id: record.id, attributes: { name: record.name, execID: s.id } });
    return attachment;
  }

  execResize(execId: string, height: number, width: number): Promise<void> {
    return resizeExec(this.session(execId), height, width);
  }

  execInspect(execId: string): ExecInspect {
    const s = this.session(execId);
    return { id: s.id, containerId: s.containerId, started: s.started, running: s.running, exitCode: s.exitCode, pid: s.pid, options: s.options, ...(s.error ? { error: s.error } : {}) };
  }

  /** Resolves when the exec's process has exited (or failed to start). */
  execDone(execId: string): Promise<ExecInspect> {
    return this.session(execId).done.then(() => this.execInspect(execId));
  }

  async top(ref: string, psArgs = '-ef'): Promise<TopResult> {
    const record = this.running(ref);
    const pids = await cgroupProcesses(this.ctx.layout, containerCgroupPath(this.ctx.cgroupParent, record.id));
    return topProcesses(pids, psArgs);
  }

  /** One sample (stream false) or one per second until the container stops or the signal aborts. */
  async *stats(ref: string, options: { stream?: boolean; signal?: AbortSignal } = {}): AsyncGenerator<ContainerStats> {
    const record = this.running(ref);
    const path = containerCgroupPath(this.ctx.cgroupParent, record.id);
    let previous: ContainerStats | undefined;
    for (;;) {
      const current = this.ctx.store.find(record.id);
      if (!current || !isActive(current.state) || options.signal?.aborted) return;
      previous = await sampleStats(this.ctx.layout, path, { id: record.id, name: current.name, pid: current.state.pid }, previous);
      yield previous;
      if (options.stream === false) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        options.signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
      });
    }
  }
}
