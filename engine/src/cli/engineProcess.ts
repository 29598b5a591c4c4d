// Running berthd as a detached daemon (`berth engine start|stop|status`, and the CLI's start on
// demand): the child gets its own session, writes its log to <root>/berthd.log, and reports
// readiness on an extra pipe, so start returns exactly when the socket accepts connections (or
// with the daemon's own error from the log when it could not start). Two commands that start it
// at once both end up with the one daemon that won: the other start waits for it to listen.
import { spawn } from 'node:child_process';
import { existsSync, openSync, closeSync, promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { DaemonPaths } from '../daemon/daemonPaths';
import { processAlive, readLivePid } from '../daemon/pidFile';
import { socketAnswers } from '../daemon/socketAnswers';

/** Where dist/berthd.js is: beside this bundle, or BERTH_DAEMON. */
export function daemonScript(env: NodeJS.ProcessEnv = process.env): string {
  return env.BERTH_DAEMON ?? join(__dirname, 'berthd.js');
}

async function logTail(path: string, lines = 8): Promise<string> {
  const text = await fsp.readFile(path, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export interface StartResult {
  readonly pid: number;
  readonly alreadyRunning: boolean;
}

/** How long a daemon may take from writing its pid file to listening. */
const startupMs = 30_000;

/**
 * Waits until daemon `pid` (started by someone else at `started`, a moment ago) listens on its
 * socket, for at most `startupMs` from its start.
 */
async function untilListening(paths: DaemonPaths, pid: number, started: number): Promise<StartResult> {
  while (!(await socketAnswers(paths.socket))) {
    if (!processAlive(pid)) throw new Error(`the engine (pid ${pid}) exited before it listened on ${paths.socket}; last lines of ${paths.logFile}:\n${await logTail(paths.logFile)}`);
    if (Date.now() > started + startupMs) throw new Error(`the engine (pid ${pid}) started ${Math.round((Date.now() - started) / 1000)} s ago but does not listen on ${paths.socket}; see ${paths.logFile}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  return { pid, alreadyRunning: true };
}

/**
 * When the daemon named by the pid file started, if that was moments ago: it may be still starting
 * (another command's). Undefined for an older one, which may listen elsewhere (another --host on
 * this root), which waiting would not change.
 */
async function startedAt(paths: DaemonPaths): Promise<number | undefined> {
  const written = await fsp.stat(paths.pidFile).then((st) => st.mtimeMs, () => 0);
  return Date.now() - written < startupMs ? written : undefined;
}

export async function startEngine(paths: DaemonPaths, env: NodeJS.ProcessEnv = process.env): Promise<StartResult> {
  const running = await readLivePid(paths.pidFile);
  if (running !== undefined) {
    const started = await startedAt(paths);
    return started !== undefined ? untilListening(paths, running, started) : { pid: running, alreadyRunning: true };
  }
  const script = daemonScript(env);
  if (!existsSync(script)) throw new Error(`cannot start the engine: ${script} does not exist (build it with npm run build, or set BERTH_DAEMON)`);
  await fsp.mkdir(paths.root, { recursive: true, mode: 0o700 });
  const log = openSync(paths.logFile, 'a', 0o600);
  const child = spawn(process.execPath, [script, '--root', paths.root, '--host', `unix://${paths.socket}`, '--ready-fd', '3'], {
    detached: true, stdio: ['ignore', log, log, 'pipe'], env,
  });
  closeSync(log);
  const ready = child.stdio[3] as Readable;
  let said = '';
  const outcome = await new Promise<'ready' | 'exited'>((resolve) => {
    ready.on('data', (chunk: Buffer) => {
      said += chunk.toString();
      if (said.includes('ready')) resolve('ready');
    });
    ready.on('end', () => resolve(said.includes('ready') ? 'ready' : 'exited'));
    child.on('exit', () => resolve(said.includes('ready') ? 'ready' : 'exited'));
  });
  ready.destroy();
  child.unref();
  if (outcome !== 'ready') {
    // another command started one first (ours found the root locked and stopped): use that one,
    // once it has written its pid file (right after taking the lock)
    const otherDaemon = async () => {
      const pid = await readLivePid(paths.pidFile);
      return pid !== child.pid ? pid : undefined;
    };
    let winner = await otherDaemon();
    if (winner === undefined && (await logTail(paths.logFile)).includes('already running')) {
      for (let waited = 0; winner === undefined && waited < 2_000; waited += 25) {
        await new Promise((r) => setTimeout(r, 25));
        winner = await otherDaemon();
      }
    }
    const started = await startedAt(paths);
    if (winner !== undefined && started !== undefined) return untilListening(paths, winner, started);
    throw new Error(`the engine did not start; last lines of ${paths.logFile}:\n${await logTail(paths.logFile)}`);
  }
  return { pid: child.pid!, alreadyRunning: false };
}

/** Sends SIGTERM and waits for the daemon to finish its shutdown; false when none was running. */
export async function stopEngine(paths: DaemonPaths, timeoutMs = 30_000): Promise<boolean> {
  const pid = await readLivePid(paths.pidFile);
  if (pid === undefined) return false;
  process.kill(pid, 'SIGTERM');
  // another process's exit cannot be awaited as an event from Node: check its liveness
  const deadline = Date.now() + timeoutMs;
  while (processAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`berthd (pid ${pid}) did not stop within ${timeoutMs / 1000} s; see ${paths.logFile}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

export async function enginePid(paths: DaemonPaths): Promise<number | undefined> {
  return readLivePid(paths.pidFile);
}
