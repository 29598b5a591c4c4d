// Which OCI runtime can run containers on this host, found once at start-up by running a real (tiny)
// container with each: crun is preferred, runc is the fallback. crun 1.8 refuses hybrid cgroup hosts
// where a controller (typically hugetlb) sits on cgroup2 while others are v1; the probe names that
// error and the one-line fix instead of failing every container later.
import { execFile } from 'node:child_process';
import { accessSync, constants, promises as fsp, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { berthError } from '../image/berthError';
import { controllerAvailable, type CgroupLayout } from './cgroupLayout';
import { containerCgroupPath, removeCgroup } from './containerCgroup';
import { OciRuntime, runtimeMessage, type RuntimeName } from './ociRuntime';
import { baseSpec } from './ociSpec';

export const hybridCgroupError = 'cgroups in hybrid mode not supported';
/** crun < 1.14 on cgroup v2: setrlimit(RLIMIT_MEMLOCK, unlimited) before every eBPF device filter, fatal when it fails. */
export const memlockError = 'setrlimit (RLIM_MEMLOCK)';
export const hybridCgroupFix = 'mkdir -p /sys/fs/cgroup/hugetlb && mount -t cgroup -o hugetlb cgroup /sys/fs/cgroup/hugetlb';

/** A program on PATH or in the usual system directories (berthd may run without sbin on PATH). */
export function findProgram(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dirs = [...(env.PATH ?? '').split(delimiter), '/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
  for (const dir of dirs) {
    if (dir === '') continue;
    const path = join(dir, name);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // keep looking
    }
  }
  return undefined;
}

export interface ProbeResult {
  readonly name: RuntimeName;
  readonly path?: string;
  /** Undefined when a container ran. */
  readonly error?: string;
}

function runOnce(path: string, args: readonly string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(path, args, { encoding: 'utf8' }, (err, _stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stderr: stderr || (err && typeof err.code !== 'number' ? err.message : '') });
    });
  });
}

/**
 * Runs `/usr/bin/true` from the host's /usr in a new mount and pid namespace under `cgroupParent`,
 * with what every container's cgroup gets: a device rule (on cgroup v2 the runtime loads an eBPF
 * device filter for it, which crun 1.8 cannot do where the memlock hard limit is low) and a pids
 * limit where the host has that controller.
 */
export async function probeRuntime(name: RuntimeName, path: string | undefined, layout: CgroupLayout, cgroupParent: string): Promise<ProbeResult> {
  if (path === undefined) return { name, error: `${name} is not installed (apt-get install ${name})` };
  const dir = await fsp.mkdtemp(join(tmpdir(), `berth-probe-${name}-`));
  const id = `berth-probe-${randomBytes(6).toString('hex')}`;
  const cgroupsPath = containerCgroupPath(cgroupParent, id);
  try {
    const rootfs = join(dir, 'rootfs');
    for (const d of ['usr', 'proc', 'dev']) await fsp.mkdir(join(rootfs, d), { recursive: true });
    for (const link of ['bin', 'lib', 'lib64', 'sbin']) await fsp.symlink(`usr/${link}`, join(rootfs, link));
    const base = baseSpec(rootfs);
    const spec = {
      ...base,
      process: { ...base.process, args: ['/usr/bin/true'], env: ['PATH=/usr/bin'] },
      root: { path: rootfs, readonly: true },
      mounts: [
        { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
        { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'mode=755', 'size=64k'] },
        { destination: '/usr', type: 'bind', source: '/usr', options: ['rbind', 'ro'] },
      ],
      linux: { ...base.linux, namespaces: [{ type: 'mount' }, { type: 'pid' }], cgroupsPath, resources: { devices: [{ allow: false, access: 'rwm' }], ...(controllerAvailable(layout, 'pids') ? { pids: { limit: 16 } } : {}) }, maskedPaths: [], readonlyPaths: [] },
    };
    await fsp.writeFile(join(dir, 'config.json'), JSON.stringify(spec));
    const { globalArgs } = new OciRuntime(name, path, join(dir, 'state'));
    const result = await runOnce(path, [...globalArgs, 'run', '--bundle', dir, id]);
    if (result.code === 0) return { name, path };
    return { name, path, error: runtimeMessage(result.stderr) || `exit status ${result.code}` };
  } finally {
    await removeCgroup(layout, cgroupsPath).catch(() => undefined);
    await fsp.rm(dir, { recursive: true, force: true });
  }
}

export interface RuntimeChoice {
  readonly name: RuntimeName;
  readonly path: string;
  /** Why crun was not chosen (with the fix when there is one), for the daemon's log. */
  readonly note?: string;
}

/** crun when it works, else runc; throws what to install or fix when neither runs a container. */
export async function chooseRuntime(layout: CgroupLayout, cgroupParent: string, preferred?: RuntimeName): Promise<RuntimeChoice> {
  const order: RuntimeName[] = preferred === 'runc' ? ['runc', 'crun'] : ['crun', 'runc'];
  const results: ProbeResult[] = [];
  for (const name of order) {
    const result = await probeRuntime(name, findProgram(name), layout, cgroupParent);
    results.push(result);
    if (result.error === undefined && result.path !== undefined) {
      const failed = results.find((r) => r.error !== undefined && r.path !== undefined);
      return { name, path: result.path, ...(failed ? { note: explainFailure(failed) } : {}) };
    }
  }
  throw berthError('unavailable', `no OCI runtime can run containers here: ${results.map(explainFailure).join('; ')}`);
}

export function explainFailure(result: ProbeResult): string {
  if (result.error?.includes(hybridCgroupError)) {
    return `${result.name} refuses this host's hybrid cgroups ("${result.error}"): a controller sits on cgroup2 while the others are v1; fix (as root, until reboot): ${hybridCgroupFix}`;
  }
  if (result.name === 'crun' && result.error?.includes(memlockError)) {
    return `crun cannot load its cgroup v2 device filter ("${result.error}"): crun before 1.14 first raises the locked-memory limit to unlimited, and this host's hard limit cannot be raised; fix: crun 1.14 or later, or start berthd with an unlimited hard memlock limit (ulimit -Hl unlimited, where the host allows it)`;
  }
  return `${result.name}: ${result.error}`;
}

/** What conmon-driven containers need besides a runtime; throws what is missing and how to get it. */
export function checkPrerequisites(conmonPath: string | undefined): string {
  if (conmonPath === undefined) throw berthError('unavailable', 'conmon is not installed: it holds every container\'s stdio, logs and exit code (apt-get install conmon)');
  return conmonPath;
}

/** overlayfs is registered with the kernel (the overlay snapshotter's mounts need it). */
export function overlaySupported(): boolean {
  try {
    return /\toverlay$/m.test(readFileSync('/proc/filesystems', 'utf8'));
  } catch {
    return false;
  }
}
