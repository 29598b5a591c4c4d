// How the host's cgroups are laid out (no systemd: the cgroupfs manager only). Three shapes:
//   v2      /sys/fs/cgroup is cgroup2; controllers listed in its cgroup.controllers
//   v1      one hierarchy per controller (or group of controllers) under /sys/fs/cgroup/<name>
//   hybrid  v1 hierarchies plus a cgroup2 mount (usually /sys/fs/cgroup/unified) holding whatever
//           controller no v1 hierarchy claimed
// A container's cgroup is `<parent>/<id>` in every hierarchy; the OCI runtime creates it from the
// spec's cgroupsPath and removes it on delete. Berth reads it for stats, OOM kills and `top`.
import { readFileSync, statfsSync } from 'node:fs';
import { join } from 'node:path';

const cgroup2Magic = 0x63677270;

export type CgroupMode = 'v1' | 'hybrid' | 'v2';

export interface CgroupLayout {
  readonly mode: CgroupMode;
  /** v1 controller name → mount point of its hierarchy (cpu and cpuacct may share one); named
   * hierarchies without a controller (name=systemd) too: runtimes create cgroups there as well. */
  readonly v1: ReadonlyMap<string, string>;
  /** The cgroup2 mount point, when there is one. */
  readonly unified?: string;
  /** Controllers available on the cgroup2 hierarchy. */
  readonly unifiedControllers: readonly string[];
  /** memory.memsw.* (v1) or memory.swap.max (v2) exist: swap limits can be set. */
  readonly swapAccounting: boolean;
}

/** Parses /proc/self/mountinfo lines into cgroup mounts. */
export function cgroupMounts(mountinfo: string): { v1: Map<string, string>; unified?: string } {
  const v1 = new Map<string, string>();
  let unified: string | undefined;
  for (const line of mountinfo.split('\n')) {
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const fields = line.slice(0, sep).split(' ');
    const [fstype, , superOptions = ''] = line.slice(sep + 3).split(' ');
    const mountPoint = (fields[4] ?? '').replace(/\\040/g, ' ');
    if (fstype === 'cgroup2') unified ??= mountPoint;
    if (fstype !== 'cgroup') continue;
    for (const option of superOptions.split(',')) {
      if (['rw', 'ro', 'relatime', 'noexec', 'nosuid', 'nodev', 'clone_children', 'xattr'].includes(option)) continue;
      if (option.includes('=') && !option.startsWith('name=')) continue;
      if (!v1.has(option)) v1.set(option, mountPoint);
    }
  }
  return unified === undefined ? { v1 } : { v1, unified };
}

function readControllers(dir: string): string[] {
  try {
    return readFileSync(join(dir, 'cgroup.controllers'), 'utf8').trim().split(/\s+/).filter((c) => c !== '');
  } catch {
    return [];
  }
}

function exists(path: string): boolean {
  try {
    statfsSync(path);
    return true;
  } catch {
    return false;
  }
}

export function detectCgroupLayout(root = '/sys/fs/cgroup', mountinfo = readFileSync('/proc/self/mountinfo', 'utf8')): CgroupLayout {
  if (statfsSync(root).type === cgroup2Magic) {
    const controllers = readControllers(root);
    return { mode: 'v2', v1: new Map(), unified: root, unifiedControllers: controllers, swapAccounting: exists(join(root, 'memory.swap.max')) || controllers.includes('memory') };
  }
  const { v1, unified } = cgroupMounts(mountinfo);
  const memory = v1.get('memory');
  const swapAccounting = memory !== undefined && exists(join(memory, 'memory.memsw.limit_in_bytes'));
  if (unified === undefined) return { mode: 'v1', v1, unifiedControllers: [], swapAccounting };
  return { mode: 'hybrid', v1, unified, unifiedControllers: readControllers(unified), swapAccounting };
}

/** The directories of cgroup `path` (e.g. /berth/<id>) in every hierarchy, the unified one last. */
export function cgroupDirs(layout: CgroupLayout, path: string): string[] {
  const dirs = new Set<string>();
  for (const mount of layout.v1.values()) dirs.add(join(mount, path));
  if (layout.unified !== undefined) dirs.add(join(layout.unified, path));
  return [...dirs];
}

/** Where a controller's files for cgroup `path` are: its v1 hierarchy, else the unified one. */
export function controllerDir(layout: CgroupLayout, controller: string, path: string): { dir: string; v2: boolean } | undefined {
  const mount = layout.v1.get(controller);
  if (mount !== undefined) return { dir: join(mount, path), v2: false };
  if (layout.unified !== undefined && (layout.mode === 'v2' || layout.unifiedControllers.includes(controller))) return { dir: join(layout.unified, path), v2: true };
  return undefined;
}

/**
 * Whether containers can be limited by `controller` here: a v1 hierarchy has it, or cgroup2 lists it
 * (on v2 only what /sys/fs/cgroup/cgroup.controllers names; a host that did not delegate a controller
 * to Berth's cgroup, or a hybrid host's empty cgroup2, has none of the others).
 */
export function controllerAvailable(layout: CgroupLayout, controller: string): boolean {
  return layout.v1.has(controller) || layout.unifiedControllers.includes(controller);
}

export function describeLayout(layout: CgroupLayout): string {
  const v1 = [...layout.v1.keys()].filter((k) => !k.startsWith('name=')).join(',');
  if (layout.mode === 'v2') return `cgroup v2 (${layout.unifiedControllers.join(',') || 'no controllers'})`;
  if (layout.mode === 'v1') return `cgroup v1 (${v1})`;
  return `hybrid cgroups: v1 ${v1}; cgroup2 at ${layout.unified} with ${layout.unifiedControllers.join(',') || 'no controllers'}`;
}
