// A real berthd with the busybox image in its store, for the container tests of the API, the berth
// CLI and the docker CLI: how to run either CLI against it (also under a pseudo-terminal, through
// util-linux's `script`), how to wait for a container to say something, and what it may have left
// on the host (mounts, network namespaces, veths, cgroups, iptables rules, conmons, state files).
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fsp, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostNames } from '../../../engine/src/daemon/hostNames';
import { cgroupDirs, detectCgroupLayout } from '../../../engine/src/runtime/cgroupLayout';
import { mountPoints } from '../../../engine/src/runtime/rootfsMount';
import { seedBusyboxRoot } from '../../fixtures/busyboxImage';
import { requireRoot, requireTool, scratchDir } from '../../fixtures/scratch';
import { berthScript, startBerthd, type Berthd } from './berthdProcess';
import { afterNamespaceTeardown, bridgesOf } from './hostState';

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function requireContainerTools(): void {
  requireRoot();
  for (const [tool, pkg] of [['conmon', 'conmon'], ['crun', 'crun'], ['iptables', 'iptables'], ['ip', 'iproute2'], ['script', 'bsdutils'], ['busybox', 'busybox-static']] as const) requireTool(tool, pkg);
}

/** Past this a command is taken for hung and killed, so the test fails naming it instead of timing out. */
const hungAfterMs = 150_000;

export function runCommand(command: string, args: readonly string[], env: NodeJS.ProcessEnv, input?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(command, args, { env, maxBuffer: 64 << 20, timeout: hungAfterMs, killSignal: 'SIGKILL' }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
      const hung = err !== null && (err as { killed?: boolean }).killed === true;
      resolve({ code, stdout: String(stdout), stderr: `${String(stderr)}${hung ? `\n(killed: ${command} ${args.join(' ')} had not ended after ${hungAfterMs / 1000} s)` : ''}` });
    });
    child.stdin!.on('error', () => undefined);
    child.stdin!.end(input ?? '');
  });
}

/** A command under a pseudo-terminal (`script`), driven by what it prints, not by time. */
export class PtySession {
  private output = '';
  private readonly waiters = new Set<() => void>();
  readonly exited: Promise<number>;
  private readonly child: ChildProcess;
  private closed = false;

  constructor(command: string, env: NodeJS.ProcessEnv, size = { rows: 30, cols: 100 }) {
    this.child = spawn('script', ['-qefc', `stty rows ${size.rows} cols ${size.cols}; exec ${command}`, '/dev/null'], { env: { ...env, TERM: 'xterm' }, stdio: ['pipe', 'pipe', 'pipe'] });
    const take = (chunk: Buffer) => {
      this.output += chunk.toString('utf8');
      for (const w of [...this.waiters]) w();
    };
    this.child.stdout!.on('data', take);
    this.child.stderr!.on('data', take);
    // 'close' comes after the last output was read ('exit' may come before it)
    this.exited = new Promise((resolve) => this.child.once('close', (code, signal) => {
      this.closed = true;
      resolve(code ?? (signal ? 128 : 1));
      for (const w of [...this.waiters]) w();
    }));
  }

  get text(): string {
    return this.output;
  }

  /** Resolves once the output (from `from` on) matches; rejects when the command ends first. */
  expect(pattern: RegExp, from = 0): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(this.output.slice(from));
        if (m) {
          this.waiters.delete(check);
          resolve(m[0]);
        } else if (this.closed) {
          this.waiters.delete(check);
          reject(new Error(`the command ended before printing ${pattern}; it printed:\n${this.output}`));
        }
      };
      this.waiters.add(check);
      check();
    });
  }

  write(text: string): void {
    this.child.stdin!.write(text);
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }
}

export interface ContainerDaemon {
  readonly dir: string;
  readonly root: string;
  readonly daemon: Berthd;
  readonly env: NodeJS.ProcessEnv;
  docker(args: readonly string[], input?: string): Promise<Run>;
  berth(args: readonly string[], input?: string): Promise<Run>;
  /** docker, failing the test with its output unless it exits 0; returns stdout. */
  dockerOk(args: readonly string[], input?: string): Promise<string>;
  berthOk(args: readonly string[], input?: string): Promise<string>;
  /** Resolves when `docker logs -f container` has printed `text`. */
  waitForLog(container: string, text: string): Promise<void>;
  restart(): Promise<void>;
  /** SIGKILLs the daemon, runs `meanwhile`, starts it again on the same root and socket. */
  crashAndRestart(meanwhile: () => Promise<void>): Promise<void>;
  /** For `after`: removes the containers a failed test left, stops the daemon, removes its directory. */
  close(): Promise<void>;
}

function ok(run: Run, what: string): string {
  if (run.code !== 0) throw new Error(`${what} exited ${run.code}:\n${run.stdout}${run.stderr}`);
  return run.stdout;
}

/** `launcher` starts the daemon inside what it sets up, every time (startBerthd). */
export async function startContainerDaemon(prefix: string, options: { launcher?: readonly string[] } = {}): Promise<ContainerDaemon> {
  requireContainerTools();
  const dir = scratchDir(prefix);
  const root = join(dir, 'root');
  await seedBusyboxRoot(root);
  const daemonOptions = { root, ...options };
  let daemon = await startBerthd(dir, daemonOptions);
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: dir, DOCKER_HOST: daemon.host, BERTH_HOST: daemon.host, DOCKER_CONFIG: join(dir, 'docker-config') };
  const self: ContainerDaemon = {
    dir, root, env,
    get daemon() {
      return daemon;
    },
    docker: (args, input) => runCommand('docker', args, env, input),
    berth: (args, input) => runCommand(process.execPath, [berthScript, ...args], env, input),
    dockerOk: async (args, input) => ok(await self.docker(args, input), `docker ${args.join(' ')}`),
    berthOk: async (args, input) => ok(await self.berth(args, input), `berth ${args.join(' ')}`),
    waitForLog: (container, text) => new Promise((resolve, reject) => {
      const child = spawn('docker', ['logs', '-f', container], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let seen = '';
      const take = (c: Buffer) => {
        seen += c.toString();
        if (seen.includes(text)) {
          child.kill();
          resolve();
        }
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      child.once('exit', () => (seen.includes(text) ? resolve() : reject(new Error(`${container} stopped before logging ${JSON.stringify(text)}; it logged:\n${seen}`))));
    }),
    restart: async () => {
      await daemon.stop();
      daemon = await startBerthd(dir, daemonOptions);
    },
    crashAndRestart: async (meanwhile) => {
      await daemon.kill();
      await meanwhile();
      daemon = await startBerthd(dir, daemonOptions);
    },
    close: async () => {
      const left = (await self.berthOk(['ps', '-aq'])).split('\n').filter(Boolean);
      if (left.length) await self.berth(['rm', '-f', ...left]);
      await daemon.stop();
      await removeDaemonDir(dir);
    },
  };
  return self;
}

function linesMentioning(text: string, needles: readonly string[]): string[] {
  return text.split('\n').filter((l) => needles.some((n) => l.includes(n)));
}

/**
 * What the daemon of `root` holds on the host for containers: empty lists when none exists.
 * `containerIds` are the containers the test made (iptables rules name them in comments).
 */
export async function containerLeftovers(root: string, containerIds: readonly string[]): Promise<Record<string, string[]>> {
  const names = hostNames(root);
  const list = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
  const veths = await afterNamespaceTeardown(() => bridgesOf(root).flatMap((b) => list(`/sys/class/net/${b}/brif`).map((p) => `${b}: ${p}`)), (v) => v.length === 0);
  const cgroups = cgroupDirs(detectCgroupLayout(), names.cgroupParent).flatMap((d) => (existsSync(d) ? readdirSync(d, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(d, e.name)) : []));
  const conmons = readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((pid) => {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return cmdline.includes(root) && !cmdline.includes('berthd.js'); // the daemon itself may run
    } catch {
      return false;
    }
  });
  const rules = [
    ...linesMentioning(execFileSync('iptables-save', { encoding: 'utf8' }), containerIds),
  ];
  const run = names.execRoot;
  return {
    mounts: mountPoints().filter((p) => p.startsWith(root) || p.startsWith(run)),
    netns: list(join(run, 'network', 'netns')),
    veths,
    cgroups,
    iptables: rules,
    processes: conmons.map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 200)),
    containerDirs: list(join(root, 'containers')),
    attachments: [...list(join(run, 'network', 'attachments')), ...list(join(run, 'network', 'containers'))],
    exitFiles: list(join(run, 'runtime', 'exits')),
    runtimeState: [...list(join(run, 'runtime', 'crun')), ...list(join(run, 'runtime', 'runc'))],
  };
}

export async function removeDaemonDir(dir: string): Promise<void> {
  if (mountPoints().some((p) => p.startsWith(dir))) throw new Error(`${dir} still has mounts; not removing it`);
  await fsp.rm(dir, { recursive: true, force: true });
}
