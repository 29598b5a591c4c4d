// How the host's cgroups are laid out (no systemd: the cgroupfs manager only). Three shapes:
//   v2      /sys/fs/cgroup is cgroup2; controllers listed in its cgroup.controllers
//   v1      one hierarchy per controller (or group of controllers) under /sys/fs/cgroup/<name>
//   hybrid  v1 hierarchies plus a cgroup2 mount (usually /sys/fs/cgroup/unified) holding whatever
//           controller no v1 hierarchy claimed
// A container's cgroup is `<parent>/<id>` in every hierarchy; the OCI runtime creates it from the
// spec's cgroupsPath and removes it on delete. Berth reads it for stats, OOM kills and `top`.
import { mkdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { berthError } from '../image/berthError';
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
  /** Controllers on the cgroup2 hierarchy: its root's list, or on v2 after delegateControllers what containers get. */
  readonly unifiedControllers: readonly string[];
  /** memory.memsw.* (v1) or memory.swap.max (v2) exist: swap limits can be set. */
  readonly swapAccounting: boolean;
  /**
   * v2 (delegateControllers): a cgroup on the way to the containers' parent that had controllers
   * to give but holds processes, so the kernel lets it hand none down.
   */
  readonly heldBackBy?: string;
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

/** The words of a cgroup list file (cgroup.controllers, cgroup.subtree_control); none when it cannot be read. */
function readList(file: string): string[] {
  try {
    return readFileSync(file, 'utf8').trim().split(/\s+/).filter((c) => c !== '');
  } catch {
    return [];
  }
}

function readControllers(dir: string): string[] {
  return readList(join(dir, 'cgroup.controllers'));
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
 * Whether containers can be limited by `controller` here: a v1 hierarchy has it, or (on v2) the
 * containers' parent cgroup hands it down (delegateControllers). On a hybrid host only the v1
 * hierarchies count: crun refuses to run while cgroup2 holds a controller, and runc uses v1 alone.
 */
export function controllerAvailable(layout: CgroupLayout, controller: string): boolean {
  return layout.v1.has(controller) || (layout.mode === 'v2' && layout.unifiedControllers.includes(controller));
}

/** Enables `controller` for the children of cgroup `dir` (cgroup.subtree_control); throws when the kernel refuses. */
export type EnableController = (dir: string, controller: string) => void;

const enableController: EnableController = (dir, controller) => writeFileSync(join(dir, 'cgroup.subtree_control'), `+${controller}`);

/**
 * On cgroup v2 a container's cgroup (`<parent>/<id>`) gets only what its parent enables for its
 * children, and each cgroup can enable only what its own parent enabled for it. The runtimes enable
 * controllers down the path as they create a container; where the kernel refuses (the top of a
 * cgroup namespace that holds processes, as when berthd runs in a container; a controller the host
 * keeps for itself) the container gets none of it, and a limit on it fails at start (crun) or is
 * dropped in silence (runc). So berthd does the same walk once, at start-up, and takes what the
 * parent then hands down as the controllers containers have, swap accounting included: the root's
 * own list says nothing about them. Other layouts come back unchanged.
 */
export function delegateControllers(layout: CgroupLayout, parent: string, enable: EnableController = enableController): CgroupLayout {
  if (layout.mode !== 'v2' || layout.unified === undefined) return layout;
  let dir = layout.unified;
  let heldBackBy: string | undefined;
  for (const name of ['', ...parent.split('/').filter((p) => p !== '')]) {
    if (name !== '') {
      dir = join(dir, name);
      try {
        mkdirSync(dir);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw berthError('unavailable', `cannot create the containers' parent cgroup ${dir}: ${(err as Error).message}; berthd needs a writable cgroup2 hierarchy (as root, with /sys/fs/cgroup mounted read-write)`, err);
      }
    }
    // A cgroup other than the real root (which has no cgroup.type) that holds processes: the kernel
    // would still take the threaded controllers (cpu, cpuset, pids) and so make every cgroup below
    // it unable to hold a container's process. Nothing is enabled there.
    if (exists(join(dir, 'cgroup.type')) && readList(join(dir, 'cgroup.procs')).length > 0) {
      if (heldBackBy === undefined && readControllers(dir).length > 0) heldBackBy = dir;
      continue;
    }
    for (const controller of readControllers(dir)) {
      try {
        enable(dir, controller);
      } catch {
        // kept by the host: not for containers
      }
    }
  }
  const handedDown = readList(join(dir, 'cgroup.subtree_control'));
  return {
    ...layout, unifiedControllers: handedDown, swapAccounting: handedDown.includes('memory') && exists(join(dir, 'memory.swap.max')),
    ...(heldBackBy !== undefined ? { heldBackBy } : {}),
  };
}

export function describeLayout(layout: CgroupLayout): string {
  const v1 = [...layout.v1.keys()].filter((k) => !k.startsWith('name=')).join(',');
  if (layout.mode === 'v2') {
    const held = layout.heldBackBy !== undefined ? `: ${layout.heldBackBy} holds processes` : '';
    return `cgroup v2 (${layout.unifiedControllers.join(',') || 'no controllers'}${held})`;
  }
  if (layout.mode === 'v1') return `cgroup v1 (${v1})`;
  return `hybrid cgroups: v1 ${v1}; cgroup2 at ${layout.unified} with ${layout.unifiedControllers.join(',') || 'no controllers'}`;
}
