// Berth as the benchmark drives it: a real berthd (dist/berthd.js) on a private data root, socket,
// exec root, bridge and cgroup parent (all derived from the root, as for the integration tests),
// the fixture image loaded through the real CLI (`berth load`), and `berth run` as a user types it
// (dist/berth.js run as a program, through its launcher; BERTH_HOST naming the warm daemon). Closing removes every container, stops the
// daemon, sweeps what a daemon can leave on the host and deletes the directory.
import { existsSync, promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { mountPoints } from '../../engine/src/runtime/rootfsMount';
import { berthScript, startBerthd, type Berthd } from '../../test/integration/api/berthdProcess';
import { hostLeftovers, sweepHostState } from '../../test/integration/api/hostState';
import type { NetworkMode } from './apiLifecycle';
import { EngineApi } from './engineApi';
import { imageName, type RunFixture } from './runFixture';
import { timedCommand, type Command } from './timedCommand';

export interface BerthTarget {
  readonly daemon: Berthd;
  readonly api: EngineApi;
  /** `berth run --rm [--network none] busybox true`. */
  runCommand(network: NetworkMode): Command;
  /** `berth version`: the CLI's start and two API calls, no container. */
  readonly versionCommand: Command;
  close(): Promise<void>;
}

export async function startBerthTarget(dir: string, fixture: RunFixture): Promise<BerthTarget> {
  if (!existsSync(berthScript)) throw new Error(`${berthScript} is missing: run npm run build first (npm run bench builds it)`);
  await fsp.rm(dir, { recursive: true, force: true });
  const root = join(dir, 'root');
  const daemon = await startBerthd(dir, { root });
  const api = new EngineApi(daemon.socket);
  const env: NodeJS.ProcessEnv = { ...process.env, BERTH_HOST: daemon.host };
  delete env.DOCKER_HOST;
  const berth = (args: readonly string[]): Command => ({ file: berthScript, args, env });

  const close = async () => {
    const left = await api.json<{ Id: string }[]>('GET', '/containers/json?all=1').catch(() => []);
    for (const { Id } of left) await api.call('DELETE', `/containers/${Id}?force=1`).catch(() => undefined);
    api.close();
    await daemon.stop();
    await sweepHostState(root);
    const leftovers = hostLeftovers(root);
    if (leftovers.length > 0) console.warn(`berthd left on the host: ${leftovers.join('; ')}`);
    const mounted = mountPoints().filter((p) => p.startsWith(dir));
    if (mounted.length > 0) throw new Error(`mounts left under ${dir} (not removing it): ${mounted.join(', ')}`);
    await fsp.rm(dir, { recursive: true, force: true });
  };

  try {
    await timedCommand(berth(['load', '-i', fixture.archive]));
    const { RootFS } = await api.json<{ RootFS: { Layers: string[] } }>('GET', `/images/${encodeURIComponent(imageName)}/json`);
    if (RootFS.Layers.join() !== fixture.diffIds.join()) throw new Error(`berth load gave an image with layers ${RootFS.Layers.join(', ')}; the archive's are ${fixture.diffIds.join(', ')}`);
  } catch (err) {
    await close();
    throw err;
  }
  return {
    daemon, api, close, versionCommand: berth(['version']),
    runCommand: (network) => berth(['run', '--rm', ...(network === 'none' ? ['--network', 'none'] : []), 'busybox', 'true']),
  };
}
