// Engine-side memory of running containers, read from /proc: berthd's resident set before and
// with N detached `sleep` containers (its growth per container), and the conmon each container
// has on either engine. RSS counts shared pages (libc, glib) in full for every conmon; PSS splits
// them among the processes that map them, which is what N conmons together really cost; RssAnon
// is the private part. A conmon that double-forks (podman's) maps fewer library pages than one
// that stays the first process (berthd runs conmon with --sync), so their RSS differ by shared
// file pages more than by memory they own.
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { median } from '../lsp/statistics';
import { createBody, type NetworkMode } from './apiLifecycle';
import type { EngineApi } from './engineApi';
import type { PodmanPeer } from './podmanPeer';
import { imageName } from './runFixture';
import { timedCommand } from './timedCommand';

export interface ProcessMemory {
  readonly rssKiB: number;
  readonly pssKiB: number;
  /** Private anonymous pages (heap, stacks): RssAnon. */
  readonly anonKiB: number;
}

export interface BerthMemory {
  readonly containers: number;
  readonly network: NetworkMode;
  readonly idle: ProcessMemory;
  readonly loaded: ProcessMemory;
  readonly afterRemoval: ProcessMemory;
  /** Mean over the containers' conmons. */
  readonly conmon: ProcessMemory;
}

export interface PodmanMemory {
  readonly containers: number;
  readonly conmon: ProcessMemory;
}

function kiB(text: string, field: string, file: string): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  if (!match) throw new Error(`no ${field} in ${file}`);
  return Number(match[1]);
}

export function processMemory(pid: number): ProcessMemory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return {
    rssKiB: kiB(status, 'VmRSS', `/proc/${pid}/status`),
    pssKiB: kiB(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'), 'Pss', `/proc/${pid}/smaps_rollup`),
    anonKiB: kiB(status, 'RssAnon', `/proc/${pid}/status`),
  };
}

/** `a - b`, field by field, divided by `n`. */
export function memoryDelta(a: ProcessMemory, b: ProcessMemory, n = 1): ProcessMemory {
  return { rssKiB: (a.rssKiB - b.rssKiB) / n, pssKiB: (a.pssKiB - b.pssKiB) / n, anonKiB: (a.anonKiB - b.anonKiB) / n };
}

export function memorySum(a: ProcessMemory, b: ProcessMemory): ProcessMemory {
  return { rssKiB: a.rssKiB + b.rssKiB, pssKiB: a.pssKiB + b.pssKiB, anonKiB: a.anonKiB + b.anonKiB };
}

/** Median of a few samples after a pause: the daemon's allocations settle once requests stop. */
async function settled(pid: number): Promise<ProcessMemory> {
  await sleep(2000);
  const samples: ProcessMemory[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(processMemory(pid));
    await sleep(200);
  }
  return { rssKiB: median(samples.map((s) => s.rssKiB)), pssKiB: median(samples.map((s) => s.pssKiB)), anonKiB: median(samples.map((s) => s.anonKiB)) };
}

/** The conmon of each container id (its command line names the id), from /proc. */
function conmonsOf(ids: readonly string[]): Map<string, number> {
  const found = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'conmon') continue;
      const args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const id = ids.find((candidate) => args.some((arg) => arg.includes(candidate)));
      if (id !== undefined && !found.has(id)) found.set(id, Number(entry));
    } catch {
      // the process ended while it was being read
    }
  }
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw new Error(`no conmon process found for ${missing.length} of ${ids.length} running containers (${missing[0]}…)`);
  return found;
}

function meanMemory(pids: Iterable<number>): ProcessMemory {
  const all = [...pids].map(processMemory);
  const zero: ProcessMemory = { rssKiB: 0, pssKiB: 0, anonKiB: 0 };
  return memoryDelta(all.reduce(memorySum, zero), zero, all.length);
}

export async function berthMemory(api: EngineApi, daemonPid: number, containers: number, network: NetworkMode): Promise<BerthMemory> {
  const idle = await settled(daemonPid);
  const ids: string[] = [];
  try {
    for (let i = 0; i < containers; i++) {
      const { Id } = await api.json<{ Id: string }>('POST', '/containers/create', createBody(imageName, ['sleep', '3600'], network, false));
      ids.push(Id);
      await api.call('POST', `/containers/${Id}/start`);
    }
    const loaded = await settled(daemonPid);
    const conmon = meanMemory(conmonsOf(ids).values());
    while (ids.length > 0) {
      await api.call('DELETE', `/containers/${ids[0]}?force=1`);
      ids.shift();
    }
    const afterRemoval = await settled(daemonPid);
    return { containers, network, idle, loaded, afterRemoval, conmon };
  } finally {
    for (const id of ids) await api.call('DELETE', `/containers/${id}?force=1`).catch(() => undefined);
  }
}

export async function podmanMemory(podman: PodmanPeer, containers: number, network: NetworkMode): Promise<PodmanMemory> {
  const ids: string[] = [];
  try {
    for (let i = 0; i < containers; i++) {
      const run = await timedCommand(podman.command(['run', '--detach', ...(network === 'none' ? ['--network', 'none'] : []), 'busybox', 'sleep', '3600']));
      ids.push(run.stdout.trim());
    }
    await sleep(2000);
    return { containers, conmon: meanMemory(conmonsOf(ids).values()) };
  } finally {
    if (ids.length > 0) await timedCommand(podman.command(['rm', '--force', '--time', '0', ...ids])).catch((err: Error) => console.warn(`podman cleanup: ${err.message}`));
  }
}
