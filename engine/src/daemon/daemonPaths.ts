// Where berthd keeps its data and its socket (ARCHITECTURE "Data roots"): as root /var/lib/berth
// and /run/berth/berth.sock; rootless $XDG_DATA_HOME/berth and $XDG_RUNTIME_DIR/berth/berth.sock.
// Everything is overridable (--root, --host, BERTH_HOST) so tests never touch the system paths.
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface DaemonPaths {
  readonly root: string;
  readonly socket: string;
  /** Holds the daemon's pid while it runs; one daemon per root. */
  readonly pidFile: string;
  readonly logFile: string;
}

const isRoot = (): boolean => process.getuid?.() === 0;

export function defaultRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (isRoot()) return '/var/lib/berth';
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'berth');
}

export function defaultSocket(env: NodeJS.ProcessEnv = process.env): string {
  if (isRoot()) return '/run/berth/berth.sock';
  const runtime = env.XDG_RUNTIME_DIR || `/tmp/berth-run-${process.getuid?.() ?? 'user'}`;
  return join(runtime, 'berth', 'berth.sock');
}

export function daemonPaths(options: { root?: string | undefined; socket?: string | undefined } = {}): DaemonPaths {
  const root = options.root ?? defaultRoot();
  return { root, socket: options.socket ?? defaultSocket(), pidFile: join(root, 'berthd.pid'), logFile: join(root, 'berthd.log') };
}
