// The peer: Debian's podman as root with a private image store and run root (--root, --runroot)
// under the benchmark's directory, so the host's podman images and containers are untouched. Its
// tmpdir (which holds netavark's address allocations) stays the host's, so the default network
// never hands out an address the host's podman already gave away. A private containers.conf
// (CONTAINERS_CONF) carries what this kind of machine needs (shared/peers/BASELINES.md): cgroupfs
// (no systemd), the file event log, and default ulimits clamped to the hard limits root has here
// (podman's defaults of 1048576 fail with EPERM without CAP_SYS_RESOURCE).
import { promises as fsp, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mountPoints } from '../../engine/src/runtime/rootfsMount';
import { requireTool } from '../../test/fixtures/scratch';
import type { NetworkMode } from './apiLifecycle';
import { imageName, type RunFixture } from './runFixture';
import { timedCommand, type Command } from './timedCommand';

export interface PodmanPeer {
  readonly version: string;
  /** "podman: bridge cni-podman0 10.88.0.0/16 (netavark)": what `podman run` without --network uses. */
  readonly defaultNetwork: string;
  command(args: readonly string[]): Command;
  /** `podman run --rm [--network none] busybox true`. */
  runCommand(network: NetworkMode): Command;
  close(): Promise<void>;
}

function hardLimit(name: string): number {
  const line = readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith(name));
  const hard = line?.slice(name.length).trim().split(/\s+/)[1];
  if (hard === undefined || !/^\d+$/.test(hard)) throw new Error(`no numeric hard limit for "${name}" in /proc/self/limits (${line ?? 'missing'})`);
  return Number(hard);
}

function containersConf(): string {
  const nofile = hardLimit('Max open files');
  // podman hands conmon (and so crun) an NPROC hard limit of 32768 here, whatever root's is
  // (BASELINES.md; seen in /proc/<conmon>/limits): a larger default fails in crun's setrlimit
  const nproc = Math.min(hardLimit('Max processes'), 32768);
  return [
    '# written by bench/run for a private podman store',
    '[containers]',
    `default_ulimits = ["nofile=${nofile}:${nofile}", "nproc=${nproc}:${nproc}"]`,
    '[engine]',
    'cgroup_manager = "cgroupfs"',
    'events_logger = "file"',
    'runtime = "crun"',
    '',
  ].join('\n');
}

export async function openPodmanPeer(dir: string, fixture: RunFixture): Promise<PodmanPeer> {
  requireTool('podman', 'podman');
  await fsp.rm(dir, { recursive: true, force: true });
  await fsp.mkdir(dir, { recursive: true });
  const conf = join(dir, 'containers.conf');
  writeFileSync(conf, containersConf());
  const env: NodeJS.ProcessEnv = { ...process.env, CONTAINERS_CONF: conf };
  const command = (args: readonly string[]): Command => ({ file: 'podman', args: ['--root', join(dir, 'root'), '--runroot', join(dir, 'runroot'), ...args], env });
  const output = async (args: readonly string[]) => (await timedCommand(command(args))).stdout.trim();

  const close = async () => {
    await timedCommand(command(['rm', '--all', '--force', '--time', '0'])).catch((err: Error) => console.warn(`podman cleanup: ${err.message}`));
    const mounted = mountPoints().filter((p) => p.startsWith(dir)).sort((a, b) => b.length - a.length);
    for (const point of mounted) await timedCommand({ file: 'umount', args: [point] }).catch((err: Error) => console.warn(err.message));
    if (mountPoints().some((p) => p.startsWith(dir))) throw new Error(`podman left mounts under ${dir}; not removing it`);
    await fsp.rm(dir, { recursive: true, force: true });
  };

  try {
    await output(['load', '--quiet', '--input', fixture.archive]);
    const layers = await output(['image', 'inspect', '--format', '{{range .RootFS.Layers}}{{.}},{{end}}', imageName]);
    if (layers !== `${fixture.diffIds.join(',')},`) throw new Error(`podman load gave an image with layers ${layers}; the archive's are ${fixture.diffIds.join(', ')}`);
    const version = await output(['version', '--format', '{{.Client.Version}}']);
    const backend = await output(['info', '--format', '{{.Host.NetworkBackend}}']);
    const network = await output(['network', 'inspect', 'podman', '--format', '{{.Driver}} {{.NetworkInterface}} {{range .Subnets}}{{.Subnet}} {{end}}']);
    return {
      version, command, close,
      defaultNetwork: `podman: ${network.trim()} (${backend})`,
      runCommand: (network) => command(['run', '--rm', ...(network === 'none' ? ['--network', 'none'] : []), 'busybox', 'true']),
    };
  } catch (err) {
    await close();
    throw err;
  }
}
