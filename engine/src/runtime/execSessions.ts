// `docker exec`: a process started in a running container by `<runtime> exec` under its own conmon
// (conmon --exec), with the container's capabilities and limits, its own stdio, TTY and exit code.
// An attached exec is connected before the command runs (--exec-attach), so no output is lost.
// Sessions live in memory, as Docker's do; their files go when the process has exited.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { berthError } from '../image/berthError';
import { PendingAttachment, type Attachment } from './attachment';
import { mergeEnv } from './containerConfig';
import type { ContainerRecord } from './containerRecord';
import { rootfsDir } from './containerStart';
import { spawnConmon, waitForPid } from './conmon';
import { writeResize } from './resize';
import { execExitCode, prepareProcess, StartError } from './processSetup';
import type { Spec, SpecProcess } from './runtimeSpec';
import { ociRuntime, type RuntimeContext } from './runtimeContext';

export interface ExecOptions {
  readonly cmd: readonly string[];
  readonly env?: readonly string[];
  readonly user?: string;
  readonly workingDir?: string;
  readonly tty?: boolean;
  readonly attachStdin?: boolean;
  readonly attachStdout?: boolean;
  readonly attachStderr?: boolean;
  readonly consoleSize?: { readonly height: number; readonly width: number };
}

export interface ExecSession {
  readonly id: string;
  readonly containerId: string;
  readonly options: ExecOptions;
  /** Set when a start is asked for (before it runs): a second start is refused, as Docker does. */
  started: boolean;
  running: boolean;
  /** null until the process has exited (Docker's ExitCode while running). */
  exitCode: number | null;
  pid: number;
  error?: string;
  readonly dir: string;
  /** Settles when the process has exited (or failed to start). */
  readonly done: Promise<void>;
  finish(): void;
}

export function createExecSession(ctx: RuntimeContext, record: ContainerRecord, options: ExecOptions): ExecSession {
  if (options.cmd.length === 0) throw berthError('invalid-argument', `exec in ${record.name}: no command specified`);
  const id = randomBytes(32).toString('hex');
  let finish!: () => void;
  const done = new Promise<void>((resolve) => { finish = resolve; });
  return { id, containerId: record.id, options, started: false, running: false, exitCode: null, pid: 0, dir: join(ctx.store.containerDir(record.id), 'exec', id.slice(0, 16)), done, finish };
}

async function execProcess(ctx: RuntimeContext, record: ContainerRecord, session: ExecSession): Promise<SpecProcess> {
  const spec = JSON.parse(await fsp.readFile(join(ctx.store.containerDir(record.id), 'config.json'), 'utf8')) as Spec;
  const o = session.options;
  const cwd = o.workingDir || spec.process.cwd;
  const env = mergeEnv(spec.process.env, o.env ?? []);
  const { user, problem } = prepareProcess(rootfsDir(ctx, record.id), {
    args: o.cmd, user: o.user ?? record.config.user, groupAdd: record.hostConfig.groupAdd, workingDir: cwd, env,
    mountTargets: record.hostConfig.mounts.map((m) => m.target), createWorkingDir: false,
  });
  if (problem) throw new StartError(`exec failed in ${record.name}: ${problem.message}`, problem.exitCode);
  return {
    ...spec.process,
    terminal: o.tty ?? false,
    ...(o.tty && o.consoleSize ? { consoleSize: o.consoleSize } : {}),
    args: o.cmd,
    env: o.user === undefined ? env : mergeEnv(env, [`HOME=${user.home}`]),
    cwd,
    user: { uid: user.uid, gid: user.gid, ...(user.additionalGids.length ? { additionalGids: user.additionalGids } : {}) },
  };
}

/** Runs the session's command; resolves once it runs. With `attachment`, output flows there. */
export async function startExecSession(ctx: RuntimeContext, record: ContainerRecord, session: ExecSession, attachment: PendingAttachment | undefined, onExit: (s: ExecSession) => void): Promise<void> {
  ctx.cgroupMigration.prime();
  await fsp.mkdir(session.dir, { recursive: true, mode: 0o700 });
  try {
    const processPath = join(session.dir, 'process.json');
    await fsp.writeFile(processPath, JSON.stringify(await execProcess(ctx, record, session)));
    const conmon = spawnConmon({
      conmonPath: ctx.conmonPath, runtime: ociRuntime(ctx, record.runtime), containerId: record.id, sessionId: session.id, name: record.name,
      dir: session.dir, exitDir: session.dir, log: 'none', terminal: session.options.tty ?? false, stdin: session.options.attachStdin ?? false,
      leaveStdinOpen: false, execSpec: processPath, execAttach: attachment !== undefined,
    });
    if (attachment) {
      await conmon.attachReady;
      await attachment.connect(session.dir);
      conmon.start();
    }
    try {
      session.pid = await waitForPid(conmon, `exec in ${record.name}`);
    } catch (err) {
      const message = (err as Error).message;
      throw new StartError(message, execExitCode(message, session.options.cmd[0]!), err);
    }
    session.running = true;
    void conmon.sync.next().then(async (m) => {
      session.exitCode = m?.data ?? (await readExitFile(join(session.dir, record.id)));
      session.running = false;
      await fsp.rm(session.dir, { recursive: true, force: true }).catch(() => undefined);
      onExit(session);
      session.finish();
    });
  } catch (err) {
    attachment?.fail(err);
    await fsp.rm(session.dir, { recursive: true, force: true }).catch(() => undefined);
    failExecSession(session, err);
    throw err;
  }
}

/** A start that failed: the session ends with its error and Docker's exit code (126 unless known), never to run. */
export function failExecSession(session: ExecSession, err: unknown): void {
  session.error = (err as Error).message;
  session.exitCode = err instanceof StartError && err.exitCode !== undefined ? err.exitCode : 126;
  session.running = false;
  session.finish();
}

async function readExitFile(path: string): Promise<number> {
  const text = await fsp.readFile(path, 'utf8').catch(() => '');
  return /^-?\d+$/.test(text.trim()) ? Number(text.trim()) : -1;
}

export function resizeExec(session: ExecSession, height: number, width: number): Promise<void> {
  if (!session.running) throw berthError('failed-precondition', `exec ${session.id} is not running`);
  if (!session.options.tty) throw berthError('failed-precondition', `exec ${session.id} has no TTY to resize`);
  return writeResize(session.dir, height, width);
}

export type { Attachment };
