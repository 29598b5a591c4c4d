// `berth stats`: docker's table (CPU %, MEM USAGE / LIMIT, MEM %, NET I/O, BLOCK I/O, PIDS) computed
// from the engine's StatsJSON as the docker CLI computes it (CPU from the delta to precpu_stats,
// memory without the inactive page cache). --no-stream prints one table; otherwise the table is
// redrawn every second from the containers' stat streams until interrupted.
import { parseCommand, type CommandContext } from './commandContext';
import type { EngineClient } from './engineClient';
import { renderListing } from './formatOutput';
import { humanSize } from './humanUnits';
import { readJsonLines } from './readJsonMessages';

interface CpuJson { cpu_usage?: { total_usage?: number; percpu_usage?: number[] }; system_cpu_usage?: number; online_cpus?: number }

export interface StatsJson {
  readonly id?: string;
  readonly name?: string;
  readonly cpu_stats?: CpuJson;
  readonly precpu_stats?: CpuJson;
  readonly memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  readonly networks?: Record<string, { rx_bytes: number; tx_bytes: number }>;
  readonly blkio_stats?: { io_service_bytes_recursive?: { op: string; value: number }[] | null };
  readonly pids_stats?: { current?: number };
}

const binaryUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** go-units BytesSize: binary units, 4 significant digits trimmed as %.4g does. */
export function bytesSize(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < binaryUnits.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${Number(value.toPrecision(4))}${binaryUnits[unit]}`;
}

export function statsRow(id: string, name: string, s: StatsJson): Record<string, string> {
  const cpu = s.cpu_stats ?? {};
  const pre = s.precpu_stats ?? {};
  const cpuDelta = (cpu.cpu_usage?.total_usage ?? 0) - (pre.cpu_usage?.total_usage ?? 0);
  const systemDelta = (cpu.system_cpu_usage ?? 0) - (pre.system_cpu_usage ?? 0);
  const online = cpu.online_cpus || cpu.cpu_usage?.percpu_usage?.length || 1;
  const cpuPercent = systemDelta > 0 && cpuDelta > 0 ? (cpuDelta / systemDelta) * online * 100 : 0;
  const m = s.memory_stats ?? {};
  const inactive = m.stats?.total_inactive_file ?? m.stats?.inactive_file ?? 0;
  const used = Math.max(0, (m.usage ?? 0) - (inactive < (m.usage ?? 0) ? inactive : 0));
  const limit = m.limit ?? 0;
  const nets = Object.values(s.networks ?? {});
  const rx = nets.reduce((n, x) => n + x.rx_bytes, 0);
  const tx = nets.reduce((n, x) => n + x.tx_bytes, 0);
  const blk = s.blkio_stats?.io_service_bytes_recursive ?? [];
  const read = blk.filter((b) => b.op.toLowerCase() === 'read').reduce((n, b) => n + b.value, 0);
  const write = blk.filter((b) => b.op.toLowerCase() === 'write').reduce((n, b) => n + b.value, 0);
  return {
    ID: id.slice(0, 12), Container: id.slice(0, 12), Name: name.replace(/^\//, ''),
    CPUPerc: `${cpuPercent.toFixed(2)}%`,
    MemUsage: `${bytesSize(used)} / ${bytesSize(limit)}`,
    MemPerc: `${(limit > 0 ? (used / limit) * 100 : 0).toFixed(2)}%`,
    NetIO: `${humanSize(rx)} / ${humanSize(tx)}`,
    BlockIO: `${humanSize(read)} / ${humanSize(write)}`,
    PIDs: String(s.pids_stats?.current ?? 0),
  };
}

const listing = {
  defaultTemplate: '{{.ID}}\t{{.Name}}\t{{.CPUPerc}}\t{{.MemUsage}}\t{{.MemPerc}}\t{{.NetIO}}\t{{.BlockIO}}\t{{.PIDs}}',
  headers: { ID: 'CONTAINER ID', Container: 'CONTAINER', Name: 'NAME', CPUPerc: 'CPU %', MemUsage: 'MEM USAGE / LIMIT', MemPerc: 'MEM %', NetIO: 'NET I/O', BlockIO: 'BLOCK I/O', PIDs: 'PIDS' },
};

async function containers(client: EngineClient, names: readonly string[], all: boolean): Promise<{ id: string; name: string }[]> {
  if (names.length > 0) {
    return Promise.all(names.map(async (n) => {
      const doc = await client.json<{ Id: string; Name: string }>('GET', `/containers/${n}/json`);
      return { id: doc.Id, name: doc.Name };
    }));
  }
  const list = await client.json<{ Id: string; Names: string[] }[]>('GET', '/containers/json', { query: { all } });
  return list.map((c) => ({ id: c.Id, name: c.Names[0] ?? c.Id }));
}

export async function runStats(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(argv, {
    all: { type: 'boolean', short: 'a' }, 'no-stream': { type: 'boolean' }, format: { type: 'string' }, 'no-trunc': { type: 'boolean' },
  }, 'berth stats [OPTIONS] [CONTAINER...]');
  const client = await ctx.connect();
  const targets = await containers(client, positionals, values.all ?? false);
  if (values['no-stream']) {
    const rows = await Promise.all(targets.map(async (t) => statsRow(t.id, t.name, await client.json<StatsJson>('GET', `/containers/${t.id}/stats`, { query: { stream: false } }))));
    ctx.io.stdout.write(renderListing(values.format, rows, listing));
    return 0;
  }
  const latest = new Map<string, Record<string, string>>(targets.map((t) => [t.id, statsRow(t.id, t.name, {})]));
  const controller = new AbortController();
  const streams = targets.map(async (t) => {
    const res = await client.request('GET', `/containers/${t.id}/stats`, { query: { stream: true }, signal: controller.signal });
    for await (const s of readJsonLines<StatsJson>(res)) latest.set(t.id, statsRow(t.id, t.name, s));
  });
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  const tty = ctx.io.stdout.isTTY === true;
  const draw = () => ctx.io.stdout.write(`${tty ? '\x1b[2J\x1b[H' : ''}${renderListing(values.format, [...latest.values()], listing)}`);
  const timer = setInterval(draw, 1000);
  await Promise.allSettled(streams);
  clearInterval(timer);
  process.off('SIGINT', stop);
  draw();
  return 0;
}
