// The OCI runtime binary (crun, or runc as fallback) driven through its command line, with a state
// root of Berth's own so Berth's containers never mix with podman's or another engine's. conmon runs
// `create` and `exec`; everything else (start, kill, pause, resume, delete, state) is called here.
import { execFile } from 'node:child_process';
import { berthError } from '../image/berthError';

export type RuntimeName = 'crun' | 'runc';

export interface RuntimeStatus {
  readonly status: 'creating' | 'created' | 'running' | 'paused' | 'stopped';
  readonly pid: number;
}

interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(path: string, args: readonly string[], signal?: AbortSignal): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(path, args, { encoding: 'utf8', maxBuffer: 4 * 1024 * 1024, ...(signal ? { signal } : {}) }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') {
        reject(err.name === 'AbortError' ? err : berthError('unavailable', `${path} ${args.join(' ')}: ${err.message}`, err));
        return;
      }
      resolve({ code: err ? Number(err.code) : 0, stdout, stderr });
    });
  });
}

/** The useful part of a runtime's complaint: runc logs `level=error msg="..."`, crun a plain line. */
export function runtimeMessage(stderr: string): string {
  const messages = [...stderr.matchAll(/msg="((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\"/g, '"').replace(/\\\\/g, '\\'));
  const text = messages.length > 0 ? messages.join('; ') : stderr;
  return text.trim().split('\n').filter((l) => l.trim() !== '').join('; ');
}

/** How crun and runc say the container (or its process) is not there. */
const gone = /does not exist|not found|no such file|no such process|container not running|is not running/i;

export class OciRuntime {
  constructor(readonly name: RuntimeName, readonly path: string, readonly stateRoot: string) {}

  /** Global options, before the command: also what conmon passes through `--runtime-arg`. */
  get globalArgs(): string[] {
    return this.name === 'crun' ? [`--root=${this.stateRoot}`, '--cgroup-manager=cgroupfs'] : [`--root=${this.stateRoot}`];
  }

  private async call(what: string, id: string, args: readonly string[], signal?: AbortSignal): Promise<RunResult> {
    const result = await run(this.path, [...this.globalArgs, ...args], signal);
    if (result.code !== 0) {
      const message = runtimeMessage(result.stderr) || `exit status ${result.code}`;
      const kind = gone.test(message) ? 'not-found' : 'failed-precondition';
      throw berthError(kind, `${this.name} ${what} ${id}: ${message}`);
    }
    return result;
  }

  /** The runtime's view of a container, or undefined when it has no such container. */
  async state(id: string): Promise<RuntimeStatus | undefined> {
    const result = await run(this.path, [...this.globalArgs, 'state', id]);
    if (result.code !== 0) return undefined;
    const parsed = JSON.parse(result.stdout) as { status?: string; pid?: number };
    return { status: (parsed.status ?? 'stopped') as RuntimeStatus['status'], pid: parsed.pid ?? 0 };
  }

  async start(id: string, signal?: AbortSignal): Promise<void> {
    await this.call('start', id, ['start', id], signal);
  }

  async kill(id: string, signal: string, all = false): Promise<void> {
    await this.call('kill', id, ['kill', ...(all ? ['--all'] : []), id, signal]);
  }

  async pause(id: string): Promise<void> {
    await this.call('pause', id, ['pause', id]);
  }

  async resume(id: string): Promise<void> {
    await this.call('resume', id, ['resume', id]);
  }

  /** Removes the runtime's state and the container's cgroup; tolerates a container it never had. */
  async delete(id: string, force = false): Promise<void> {
    const result = await run(this.path, [...this.globalArgs, 'delete', ...(force ? ['--force'] : []), id]);
    if (result.code === 0) return;
    const message = runtimeMessage(result.stderr);
    if (gone.test(message)) return;
    throw berthError('failed-precondition', `${this.name} delete ${id}: ${message || `exit status ${result.code}`}`);
  }
}
