// A real berthd (dist/berthd.js, built by `npm test`) on a scratch root and socket, for the API,
// CLI and docker CLI integration tests. Start waits for the daemon's readiness pipe (no polling);
// stop sends SIGTERM and waits for the exit; kill sends SIGKILL, as a crash would.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { trackRoot } from './hostState';

export const repoRoot = resolve(__dirname, '../../../..');
export const berthdScript = join(repoRoot, 'dist', 'berthd.js');
export const berthScript = join(repoRoot, 'dist', 'berth.js');

export interface Berthd {
  readonly root: string;
  readonly socket: string;
  /** `unix://<socket>`, for DOCKER_HOST / BERTH_HOST. */
  readonly host: string;
  readonly pid: number;
  logs(): string;
  /** SIGTERM, then the exit code once the daemon has shut down. */
  stop(): Promise<number | null>;
  /** SIGKILL: no cleanup at all. */
  kill(): Promise<void>;
}

export interface BerthdOptions {
  readonly root?: string;
  readonly extraArgs?: readonly string[];
  /** A command that execs its arguments (`unshare -m …`): the daemon then runs in what it sets up, with the same pid. */
  readonly launcher?: readonly string[];
}

export async function startBerthd(dir: string, options: BerthdOptions = {}): Promise<Berthd> {
  if (!existsSync(berthdScript)) throw new Error(`${berthdScript} is missing: run npm run build (npm test builds it)`);
  const root = options.root ?? join(dir, 'root');
  const socket = join(dir, 'run', 'berth.sock');
  trackRoot(root);
  const [command, ...launcherArgs] = [...(options.launcher ?? []), process.execPath];
  const child: ChildProcess = spawn(command!, [...launcherArgs, berthdScript, '--root', root, '--host', `unix://${socket}`, '--ready-fd', '3', ...(options.extraArgs ?? [])], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  await new Promise<void>((resolveReady, reject) => {
    let said = '';
    (child.stdio[3] as Readable).on('data', (c: Buffer) => {
      said += c.toString();
      if (said.includes('ready')) resolveReady();
    });
    void exited.then((code) => reject(new Error(`berthd exited (${code}) before it was ready:\n${output}`)));
  });
  return {
    root, socket, host: `unix://${socket}`, pid: child.pid!,
    logs: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
