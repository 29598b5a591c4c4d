/**
 * `berthd`: the engine daemon. Serves the Docker Engine API on a unix socket until SIGTERM or
 * SIGINT, then shuts down cleanly (requests in flight are aborted, the socket and pid file go).
 * `--ready-fd N` writes "ready" to file descriptor N once the socket accepts connections, which is
 * how `berth engine start` waits for it without polling.
 */
import { closeSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { parseEngineAddress } from '../api/engineAddress';
import { daemonPaths } from './daemonPaths';
import { hostNames } from './hostNames';
import { startDaemon, type SnapshotterKind } from './startDaemon';

const USAGE = `usage: berthd [--root DIR] [--host unix:///path/berth.sock] [--snapshotter overlay|copy] [--insecure-registry HOST:PORT]...
              [--exec-root DIR] [--bridge NAME] [--cgroup-parent PATH]
  --exec-root     runtime state of containers (default /run/berth for the default root, else /run/berth-<hash>)
  --bridge        the default network's bridge device (default berth0 for the default root, else bt<hash>)
  --cgroup-parent parent cgroup of the containers (default /berth, else /berth-<hash>)`;

function log(line: string): void {
  process.stderr.write(`${new Date().toISOString()} ${line}\n`);
}

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      root: { type: 'string' },
      host: { type: 'string', short: 'H' },
      snapshotter: { type: 'string' },
      'insecure-registry': { type: 'string', multiple: true },
      'ready-fd': { type: 'string' },
      'exec-root': { type: 'string' },
      bridge: { type: 'string', short: 'b' },
      'cgroup-parent': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (values.snapshotter !== undefined && values.snapshotter !== 'overlay' && values.snapshotter !== 'copy') {
    throw new Error(`--snapshotter must be overlay or copy, not ${JSON.stringify(values.snapshotter)}`);
  }
  const host = values.host ?? process.env.BERTH_HOST;
  const address = host === undefined ? undefined : parseEngineAddress(host);
  if (address && address.kind !== 'unix') throw new Error(`berthd listens on unix sockets only (owner-only access); got ${host}`);
  const paths = daemonPaths({ root: values.root ?? process.env.BERTH_ROOT, socket: address?.path });
  const names = hostNames(paths.root, { execRoot: values['exec-root'], bridge: values.bridge, cgroupParent: values['cgroup-parent'] });
  const daemon = await startDaemon({
    paths, log, containers: { hostNames: names },
    ...(values.snapshotter ? { snapshotter: values.snapshotter as SnapshotterKind } : {}),
    ...(values['insecure-registry'] ? { insecureRegistries: values['insecure-registry'] } : {}),
  });
  if (values['ready-fd'] !== undefined) {
    const fd = Number(values['ready-fd']);
    writeSync(fd, 'ready\n');
    closeSync(fd);
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log(`received ${signal}, shutting down`);
      resolve();
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
  await daemon.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    log(`berthd: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
