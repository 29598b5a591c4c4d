// Which engine the CLI talks to, in docker's order: --host, then BERTH_HOST, then DOCKER_HOST,
// then berthd's default socket. An engine named by DOCKER_HOST is someone else's (Docker, Podman)
// and is never started; berth's own (default socket, --host or BERTH_HOST on a unix socket) is
// started on demand when nothing answers, with its data under --root / BERTH_ROOT.
import { parseEngineAddress, type EngineAddress } from '../api/engineAddress';
import { daemonPaths, type DaemonPaths } from '../daemon/daemonPaths';
import { EngineClient, EngineUnreachable } from './engineClient';
import { startEngine } from './engineProcess';

export interface GlobalOptions {
  readonly host?: string;
  readonly root?: string;
}

export interface EngineTarget {
  readonly address: EngineAddress;
  /** The daemon's paths when berth manages this engine (and may start it). */
  readonly managed?: DaemonPaths;
}

export function engineTarget(options: GlobalOptions, env: NodeJS.ProcessEnv): EngineTarget {
  const root = options.root ?? env.BERTH_ROOT;
  const own = options.host ?? env.BERTH_HOST;
  if (own !== undefined) {
    const address = parseEngineAddress(own);
    return address.kind === 'unix' ? { address, managed: daemonPaths({ root, socket: address.path }) } : { address };
  }
  if (env.DOCKER_HOST) return { address: parseEngineAddress(env.DOCKER_HOST) };
  const paths = daemonPaths({ root });
  return { address: { kind: 'unix', path: paths.socket }, managed: paths };
}

export async function connectEngine(target: EngineTarget, env: NodeJS.ProcessEnv, onStart?: (paths: DaemonPaths) => void): Promise<EngineClient> {
  const client = new EngineClient(target.address);
  try {
    await client.negotiate();
    return client;
  } catch (err) {
    if (!(err instanceof EngineUnreachable) || !target.managed) throw err;
  }
  onStart?.(target.managed);
  await startEngine(target.managed, env);
  const started = new EngineClient(target.address);
  await started.negotiate();
  return started;
}
