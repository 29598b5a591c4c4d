// One container's cgroup, read from the host side: which processes are in it (for `top` and for
// "is anything still running"), how many OOM kills it saw, and removal of whatever a failed runtime
// delete left behind. The OCI runtime creates and normally removes it.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { errnoCode } from '../image/berthError';
import { cgroupDirs, controllerDir, type CgroupLayout } from './cgroupLayout';

/** The spec's cgroupsPath for a container under the daemon's parent (e.g. /berth/<id>). */
export function containerCgroupPath(parent: string, id: string): string {
  return `${parent.replace(/\/+$/, '')}/${id}`;
}

async function readOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(path, 'utf8');
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENODEV') return undefined;
    throw err;
  }
}

/** `key value` lines (memory.stat, cpu.stat, memory.events, memory.oom_control). */
export function parseFlatKeyed(text: string | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of (text ?? '').split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined && /^-?\d+$/.test(value)) out.set(key, Number(value));
  }
  return out;
}

/**
 * OOM kills recorded for the cgroup: memory.events `oom_kill` on v2; memory.oom_control `oom_kill`
 * (Linux ≥ 4.13) on v1. 0 when the cgroup is gone or the counter is missing.
 */
export async function readOomKills(layout: CgroupLayout, path: string): Promise<number> {
  const memory = controllerDir(layout, 'memory', path);
  if (!memory) return 0;
  const file = memory.v2 ? 'memory.events' : 'memory.oom_control';
  return parseFlatKeyed(await readOrUndefined(join(memory.dir, file))).get('oom_kill') ?? 0;
}

async function procsUnder(dir: string): Promise<number[]> {
  const own = await readOrUndefined(join(dir, 'cgroup.procs'));
  if (own === undefined) return [];
  const pids = own.split('\n').filter((l) => l !== '').map(Number);
  let entries: string[] = [];
  try {
    entries = (await fsp.readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return pids;
  }
  for (const child of entries) pids.push(...(await procsUnder(join(dir, child))));
  return pids;
}

/** Every process in the container's cgroup (and its sub-cgroups), from the pids or memory controller. */
export async function cgroupProcesses(layout: CgroupLayout, path: string): Promise<number[]> {
  for (const controller of ['pids', 'memory', 'freezer']) {
    const at = controllerDir(layout, controller, path);
    if (at) return [...new Set(await procsUnder(at.dir))].sort((a, b) => a - b);
  }
  if (layout.unified !== undefined) return procsUnder(join(layout.unified, path));
  return [];
}

/** The cgroup directories that still exist for `path`. */
export async function existingCgroupDirs(layout: CgroupLayout, path: string): Promise<string[]> {
  const found: string[] = [];
  for (const dir of cgroupDirs(layout, path)) {
    try {
      await fsp.access(dir);
      found.push(dir);
    } catch {
      // not in this hierarchy
    }
  }
  return found;
}

/** Removes the cgroup in every hierarchy, children first (cgroup directories are removed with rmdir). */
export async function removeCgroup(layout: CgroupLayout, path: string): Promise<void> {
  for (const dir of await existingCgroupDirs(layout, path)) await removeTree(dir);
}

async function removeTree(dir: string): Promise<void> {
  let entries: string[] = [];
  try {
    entries = (await fsp.readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') return;
    throw err;
  }
  for (const child of entries) await removeTree(join(dir, child));
  try {
    await fsp.rmdir(dir);
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') throw err;
  }
}
