// `docker stats`: one sample of a running container's usage, read from its cgroup files (v1 or v2)
// and the network counters of its namespace (/proc/<pid>/net/dev), in Docker's StatsJSON shape
// (field names as the Engine API sends them).
import { promises as fsp } from 'node:fs';
import { totalmem, availableParallelism } from 'node:os';
import { join } from 'node:path';
import { controllerDir, type CgroupLayout } from './cgroupLayout';
import { parseFlatKeyed } from './containerCgroup';

export interface BlkioEntry { readonly major: number; readonly minor: number; readonly op: string; readonly value: number }
export interface NetworkCounters {
  readonly rx_bytes: number; readonly rx_packets: number; readonly rx_errors: number; readonly rx_dropped: number;
  readonly tx_bytes: number; readonly tx_packets: number; readonly tx_errors: number; readonly tx_dropped: number;
}
export interface CpuStats {
  readonly cpu_usage: { readonly total_usage: number; readonly percpu_usage?: readonly number[]; readonly usage_in_kernelmode: number; readonly usage_in_usermode: number };
  readonly system_cpu_usage: number;
  readonly online_cpus: number;
  readonly throttling_data: { readonly periods: number; readonly throttled_periods: number; readonly throttled_time: number };
}
export interface ContainerStats {
  readonly read: string;
  readonly preread: string;
  readonly id: string;
  readonly name: string;
  readonly num_procs: number;
  readonly pids_stats: { readonly current: number; readonly limit?: number };
  readonly cpu_stats: CpuStats;
  readonly precpu_stats: CpuStats | Record<string, never>;
  readonly memory_stats: { readonly usage: number; readonly max_usage?: number; readonly limit: number; readonly failcnt?: number; readonly stats: Readonly<Record<string, number>> };
  readonly blkio_stats: { readonly io_service_bytes_recursive: readonly BlkioEntry[]; readonly io_serviced_recursive: readonly BlkioEntry[] };
  readonly networks: Readonly<Record<string, NetworkCounters>>;
}

const ticksToNs = 1e7; // USER_HZ is 100 on Linux

async function read(dir: string | undefined, file: string): Promise<string | undefined> {
  if (dir === undefined) return undefined;
  return fsp.readFile(join(dir, file), 'utf8').catch(() => undefined);
}

const num = (text: string | undefined): number => {
  const n = Number((text ?? '').trim());
  return Number.isFinite(n) ? n : 0;
};

export async function systemCpuUsage(): Promise<number> {
  const line = (await fsp.readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
  return line.split(/\s+/).slice(1, 9).reduce((sum, v) => sum + num(v), 0) * ticksToNs;
}

async function cpuStats(layout: CgroupLayout, path: string): Promise<CpuStats> {
  const cpu = controllerDir(layout, 'cpu', path);
  const system_cpu_usage = await systemCpuUsage();
  const online_cpus = availableParallelism();
  if (cpu?.v2) {
    const stat = parseFlatKeyed(await read(cpu.dir, 'cpu.stat'));
    const us = (k: string) => (stat.get(k) ?? 0) * 1000;
    return {
      cpu_usage: { total_usage: us('usage_usec'), usage_in_kernelmode: us('system_usec'), usage_in_usermode: us('user_usec') },
      system_cpu_usage, online_cpus,
      throttling_data: { periods: stat.get('nr_periods') ?? 0, throttled_periods: stat.get('nr_throttled') ?? 0, throttled_time: us('throttled_usec') },
    };
  }
  const acct = controllerDir(layout, 'cpuacct', path)?.dir;
  const times = parseFlatKeyed(await read(acct, 'cpuacct.stat'));
  const throttle = parseFlatKeyed(await read(cpu?.dir, 'cpu.stat'));
  const percpu = (await read(acct, 'cpuacct.usage_percpu'))?.trim().split(/\s+/).map(num);
  return {
    cpu_usage: {
      total_usage: num(await read(acct, 'cpuacct.usage')),
      ...(percpu ? { percpu_usage: percpu } : {}),
      usage_in_kernelmode: (times.get('system') ?? 0) * ticksToNs,
      usage_in_usermode: (times.get('user') ?? 0) * ticksToNs,
    },
    system_cpu_usage, online_cpus,
    throttling_data: { periods: throttle.get('nr_periods') ?? 0, throttled_periods: throttle.get('nr_throttled') ?? 0, throttled_time: throttle.get('throttled_time') ?? 0 },
  };
}

async function memoryStats(layout: CgroupLayout, path: string): Promise<ContainerStats['memory_stats']> {
  const memory = controllerDir(layout, 'memory', path);
  const stats = Object.fromEntries(parseFlatKeyed(await read(memory?.dir, 'memory.stat')));
  const host = totalmem();
  if (memory?.v2) {
    const max = (await read(memory.dir, 'memory.max'))?.trim();
    return { usage: num(await read(memory.dir, 'memory.current')), limit: max === undefined || max === 'max' ? host : Math.min(num(max), host), stats };
  }
  return {
    usage: num(await read(memory?.dir, 'memory.usage_in_bytes')),
    max_usage: num(await read(memory?.dir, 'memory.max_usage_in_bytes')),
    limit: Math.min(num(await read(memory?.dir, 'memory.limit_in_bytes')) || host, host),
    failcnt: num(await read(memory?.dir, 'memory.failcnt')),
    stats,
  };
}

/** "8:0 Read 4096" lines (v1) or "8:0 rbytes=4096 wbytes=0 rios=1 wios=0" (v2). */
export function parseBlkio(text: string | undefined, v2: boolean, bytes: boolean): BlkioEntry[] {
  const out: BlkioEntry[] = [];
  for (const line of (text ?? '').split('\n')) {
    const [dev, ...rest] = line.trim().split(/\s+/);
    const m = /^(\d+):(\d+)$/.exec(dev ?? '');
    if (!m) continue;
    const [major, minor] = [Number(m[1]), Number(m[2])];
    if (!v2) {
      if (rest.length === 2) out.push({ major, minor, op: rest[0]!, value: num(rest[1]) });
      continue;
    }
    const kv = Object.fromEntries(rest.map((p) => p.split('=') as [string, string]));
    out.push({ major, minor, op: 'read', value: num(kv[bytes ? 'rbytes' : 'rios']) }, { major, minor, op: 'write', value: num(kv[bytes ? 'wbytes' : 'wios']) });
  }
  return out;
}

/** Interface counters from /proc/<pid>/net/dev (the container's network namespace), without lo. */
export function parseNetDev(text: string): Record<string, NetworkCounters> {
  const out: Record<string, NetworkCounters> = {};
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const name = line.slice(0, colon).trim();
    const f = line.slice(colon + 1).trim().split(/\s+/).map(num);
    if (name === 'lo' || f.length < 12) continue;
    out[name] = { rx_bytes: f[0]!, rx_packets: f[1]!, rx_errors: f[2]!, rx_dropped: f[3]!, tx_bytes: f[8]!, tx_packets: f[9]!, tx_errors: f[10]!, tx_dropped: f[11]! };
  }
  return out;
}

export async function sampleStats(layout: CgroupLayout, path: string, who: { id: string; name: string; pid: number }, previous?: ContainerStats): Promise<ContainerStats> {
  const pids = controllerDir(layout, 'pids', path);
  const blkio = controllerDir(layout, 'blkio', path) ?? controllerDir(layout, 'io', path);
  const pidsMax = (await read(pids?.dir, 'pids.max'))?.trim();
  const v2io = blkio?.v2 ?? false;
  const ioText = await read(blkio?.dir, v2io ? 'io.stat' : 'blkio.throttle.io_service_bytes');
  const iosText = v2io ? ioText : await read(blkio?.dir, 'blkio.throttle.io_serviced');
  const netDev = who.pid > 0 ? await fsp.readFile(`/proc/${who.pid}/net/dev`, 'utf8').catch(() => '') : '';
  return {
    read: new Date().toISOString(),
    preread: previous?.read ?? '0001-01-01T00:00:00Z',
    id: who.id,
    name: `/${who.name}`,
    num_procs: 0,
    pids_stats: { current: num(await read(pids?.dir, 'pids.current')), ...(pidsMax && pidsMax !== 'max' ? { limit: num(pidsMax) } : {}) },
    cpu_stats: await cpuStats(layout, path),
    precpu_stats: previous?.cpu_stats ?? {},
    memory_stats: await memoryStats(layout, path),
    blkio_stats: { io_service_bytes_recursive: parseBlkio(ioText, v2io, true), io_serviced_recursive: parseBlkio(iosText, v2io, false) },
    networks: parseNetDev(netDev),
  };
}
