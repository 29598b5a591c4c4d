// What the build suites that go through berthd share: a real berthd (dist/berthd.js) whose store
// already holds busybox:latest (written before it starts: no registry), the berth CLI and the
// docker CLI as child processes, raw API calls, the engine's /events as a promise ("wait for the
// build of this Dockerfile to be announced"), and the leftover checks a cancelled build must pass.
import { execFile, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { OverlaySnapshotter } from '../../../engine/src/snapshot/overlaySnapshotter';
import { seedBusyboxRoot } from '../../fixtures/busyboxImage';
import { requireRoot, requireTool } from '../../fixtures/scratch';
import { apiRequest } from '../api/apiRequest';
import { berthScript, startBerthd, type Berthd } from '../api/berthdProcess';

export interface CliResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/** A berthd with containers (RUN needs them) over a fresh root that holds busybox:latest. */
export async function berthdForBuilds(dir: string): Promise<Berthd> {
  requireRoot();
  requireTool('crun', 'crun');
  requireTool('conmon', 'conmon');
  const root = join(dir, 'root');
  await seedBusyboxRoot(root);
  return startBerthd(dir, { root });
}

/** Runs a command to its end and collects its output (never throws on a non-zero exit). */
export function runCommand(command: string, args: readonly string[], options: { env: NodeJS.ProcessEnv; cwd?: string; input?: string }): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(command, [...args], { env: options.env, cwd: options.cwd, maxBuffer: 256 << 20 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      if (err && code === -1) return reject(err);
      resolve({ stdout, stderr, code });
    });
    child.stdin!.end(options.input ?? '');
  });
}

export function berth(args: readonly string[], options: { env: NodeJS.ProcessEnv; cwd?: string; input?: string }): Promise<CliResult> {
  return runCommand(process.execPath, [berthScript, ...args], options);
}

/** `berth build …` started in the background: resolves `seen` when its output contains `text`. */
export function berthBuildUntil(args: readonly string[], text: string, options: { env: NodeJS.ProcessEnv; cwd?: string }) {
  const child = spawn(process.execPath, [berthScript, ...args], { env: options.env, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let markSeen: () => void = () => undefined;
  const seen = new Promise<void>((resolve) => (markSeen = resolve));
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
    if (stdout.includes(text)) markSeen();
  });
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<CliResult>((resolve) => child.once('close', (code) => resolve({ stdout, stderr, code: code ?? -1 })));
  return { child, seen, exited };
}

export interface EngineEventJson {
  readonly Type: string;
  readonly Action: string;
  readonly Actor: { readonly ID: string; readonly Attributes: Record<string, string> };
}

/**
 * Listens to the engine's /events (type `filter`); `next(match)` resolves with the first event
 * from now on that matches. Subscribe before starting what emits it.
 */
export async function watchEvents(socket: string, type: string) {
  const seen: EngineEventJson[] = [];
  const waiters: { match: (e: EngineEventJson) => boolean; resolve: (e: EngineEventJson) => void }[] = [];
  const filters = encodeURIComponent(JSON.stringify({ type: [type] }));
  const req = request({ socketPath: socket, path: `/events?filters=${filters}`, method: 'GET' });
  await new Promise<void>((resolve, reject) => {
    req.once('response', (res) => {
      let pending = '';
      res.on('data', (chunk: Buffer) => {
        pending += chunk.toString();
        let nl: number;
        while ((nl = pending.indexOf('\n')) >= 0) {
          const line = pending.slice(0, nl).trim();
          pending = pending.slice(nl + 1);
          if (!line) continue;
          const event = JSON.parse(line) as EngineEventJson;
          seen.push(event);
          for (const w of [...waiters]) {
            if (w.match(event)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(event);
            }
          }
        }
      });
      resolve();
    });
    req.once('error', reject);
    req.end();
  });
  return {
    next: (match: (e: EngineEventJson) => boolean) => new Promise<EngineEventJson>((resolve) => waiters.push({ match, resolve })),
    seen,
    close: () => req.destroy(),
  };
}

/** What a finished or cancelled build must not leave: step containers, mounts, temporary files, active snapshots. */
export async function buildLeftovers(daemon: Berthd): Promise<string[]> {
  const left: string[] = [];
  const containers = (await apiRequest(daemon.socket, 'GET', '/containers/json?all=1')).json() as { Id: string; Labels?: Record<string, string> }[];
  for (const c of containers) if (c.Labels?.['berth.build.step']) left.push(`container ${c.Id}`);
  const tmp = join(daemon.root, 'build', 'tmp');
  if (existsSync(tmp)) for (const name of readdirSync(tmp)) left.push(`temporary ${join(tmp, name)}`);
  for (const line of readFileSync('/proc/mounts', 'utf8').split('\n')) if (line.includes(daemon.root)) left.push(`mount ${line}`);
  const snapshots = await OverlaySnapshotter.open(join(daemon.root, 'snapshots', 'overlay'));
  for (const s of await snapshots.list()) if (s.kind !== 'committed') left.push(`${s.kind} snapshot ${s.name}`);
  return left;
}

export function imageJson(daemon: Berthd, name: string): Promise<{ Id: string; Config: { Labels?: Record<string, string>; Cmd?: string[]; Env?: string[] } }> {
  return apiRequest(daemon.socket, 'GET', `/images/${name}/json`).then((r) => {
    if (r.status !== 200) throw new Error(`GET /images/${name}/json: HTTP ${r.status}: ${r.body.toString()}`);
    return r.json() as { Id: string; Config: { Labels?: Record<string, string>; Cmd?: string[] } };
  });
}
