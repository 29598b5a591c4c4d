// One conmon per container (and per exec session): it runs `crun create` / `crun exec`, holds the
// process's stdio (pipes, or the PTY the runtime hands it), writes the k8s-file log, serves the
// attach socket and the ctl fifo, and writes the exit code (and an `oom` file) when the process
// ends, so containers outlive berthd. It is started with --sync, as berthd's child: berthd reaps it
// while it lives; after a berthd restart the exit files tell what happened.
//
// Protocol (conmon's API version 1): _OCI_SYNCPIPE receives JSON lines {"data": N, "message"?}:
// first the container pid (or -1 and the runtime's error), then for exec the exit code.
// With --exec-attach, _OCI_ATTACHPIPE says when the attach socket listens and _OCI_STARTPIPE is
// written twice: once to let conmon go on, once (after the caller attached) to run the command.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { berthError } from '../image/berthError';
import { runtimeMessage, type OciRuntime } from './ociRuntime';

export interface ConmonOptions {
  readonly conmonPath: string;
  readonly runtime: OciRuntime;
  /** The container id (conmon's -c; the runtime's container name). */
  readonly containerId: string;
  /** -u: the container id, or the exec session id. */
  readonly sessionId: string;
  readonly name: string;
  /** Bundle directory: attach socket, ctl and winsz fifos, pidfile, exit and oom files go here. */
  readonly dir: string;
  readonly exitDir: string;
  /** `k8s-file:<path>` or `none`. */
  readonly log: string;
  readonly terminal: boolean;
  readonly stdin: boolean;
  /** Keep the process's stdin open when the attached client goes away (not `docker run -i`). */
  readonly leaveStdinOpen: boolean;
  /** exec sessions: the process.json to run with `runtime exec`. */
  readonly execSpec?: string;
  /** exec sessions: wait for `attached()` before starting the command, so no output is lost. */
  readonly execAttach?: boolean;
}

export interface SyncMessage {
  readonly data: number;
  readonly message?: string;
}

/** Splits the sync pipe into JSON messages. */
export class SyncReader {
  private buffer = '';
  private readonly waiting: ((m: SyncMessage | undefined) => void)[] = [];
  private readonly queued: (SyncMessage | undefined)[] = [];

  constructor(stream: Readable) {
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      this.buffer += chunk;
      for (let nl = this.buffer.indexOf('\n'); nl >= 0; nl = this.buffer.indexOf('\n')) {
        const line = this.buffer.slice(0, nl);
        this.buffer = this.buffer.slice(nl + 1);
        if (line.trim() !== '') this.push(JSON.parse(line) as SyncMessage);
      }
    });
    const end = () => this.push(undefined);
    stream.on('end', end);
    stream.on('close', end);
    stream.on('error', end);
  }

  private push(m: SyncMessage | undefined): void {
    const next = this.waiting.shift();
    if (next) next(m);
    else this.queued.push(m);
  }

  /** The next message; undefined when conmon closed the pipe. */
  next(): Promise<SyncMessage | undefined> {
    if (this.queued.length > 0) return Promise.resolve(this.queued.shift());
    return new Promise((resolve) => this.waiting.push(resolve));
  }
}

export interface ConmonProcess {
  readonly child: ChildProcess;
  readonly sync: SyncReader;
  /** exec with execAttach: resolves when the attach socket listens. */
  readonly attachReady?: Promise<void>;
  /** exec with execAttach: let the command run. */
  start(): void;
  /** Everything conmon printed before it detached its stdio (argument errors). */
  stderr(): string;
}

export function conmonArgs(o: ConmonOptions): string[] {
  const args = [
    '--api-version', '1', '-c', o.containerId, '-u', o.sessionId, '-r', o.runtime.path, '-b', o.dir,
    '-p', join(o.dir, 'pidfile'), '-n', o.name, '--exit-dir', o.exitDir, '--full-attach', '-l', o.log,
    '-0', o.dir, '--sync',
  ];
  for (const arg of o.runtime.globalArgs) args.push('--runtime-arg', arg);
  if (o.terminal) args.push('-t');
  if (o.stdin) args.push('-i');
  if (o.stdin && o.leaveStdinOpen) args.push('--leave-stdin-open');
  if (o.execSpec !== undefined) args.push('-e', '--exec-process-spec', o.execSpec);
  if (o.execAttach) args.push('--exec-attach');
  return args;
}

export function spawnConmon(o: ConmonOptions): ConmonProcess {
  const pipes = o.execAttach ? 3 : 1;
  const env: NodeJS.ProcessEnv = { ...process.env, _OCI_SYNCPIPE: '3' };
  if (o.execAttach) Object.assign(env, { _OCI_STARTPIPE: '4', _OCI_ATTACHPIPE: '5' });
  const child = spawn(o.conmonPath, conmonArgs(o), {
    cwd: o.dir, env, detached: true, stdio: ['ignore', 'ignore', 'pipe', ...Array<'pipe'>(pipes).fill('pipe')],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (d: string) => { if (stderr.length < 8192) stderr += d; });
  child.on('error', () => undefined); // surfaces as a closed sync pipe
  const stdio = child.stdio as unknown as readonly (Readable | Writable | null)[];
  const sync = new SyncReader(stdio[3] as Readable);
  const startPipe = o.execAttach ? (stdio[4] as Writable) : undefined;
  startPipe?.write('0'); // conmon blocks on this before anything else
  let attachReady: Promise<void> | undefined;
  if (o.execAttach) {
    const attachReader = new SyncReader(stdio[5] as Readable);
    attachReady = attachReader.next().then((m) => {
      if (m === undefined || m.data < 0) throw berthError('internal', `conmon for exec ${o.sessionId} did not open its attach socket${m?.message ? `: ${m.message}` : ''}${stderr ? ` (${stderr.trim()})` : ''}`);
    });
  }
  child.unref();
  return {
    child, sync, ...(attachReady ? { attachReady } : {}),
    start: () => { startPipe?.end('1'); },
    stderr: () => stderr,
  };
}

/** Waits for the process's pid; throws the runtime's error (conmon relays it) when create/exec failed. */
export async function waitForPid(p: ConmonProcess, what: string): Promise<number> {
  const m = await p.sync.next();
  if (m === undefined) throw berthError('internal', `${what}: conmon exited before reporting a pid${p.stderr() ? `: ${p.stderr().trim()}` : ''}`);
  if (m.data <= 0) throw berthError('failed-precondition', `${what}: ${runtimeMessage(m.message ?? '') || `the runtime failed (status ${m.data})`}`);
  return m.data;
}

/** Releases berthd's handles on a conmon that keeps running on its own. */
export function detachConmon(p: ConmonProcess): void {
  for (const stream of p.child.stdio) if (stream && 'destroy' in stream) (stream as Readable).destroy();
}
