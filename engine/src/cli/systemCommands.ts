// `berth system df|check|info`, `berth image prune`, `berth version` and `berth info`.
import { engineVersion } from '../api/engineVersion';
import { filtersJson, parseCommand, type CommandContext } from './commandContext';
import { renderDocument, renderListing } from './formatOutput';
import { humanSize } from './humanUnits';
import type { ImageSummaryJson } from './imagesCommand';

interface VolumeUsageJson {
  readonly UsageData?: { readonly Size: number; readonly RefCount: number } | null;
}

/** As the docker CLI counts volumes: in use when a container refers to one; unused ones are reclaimable. */
function volumeRow(volumes: readonly VolumeUsageJson[], percent: (part: number, whole: number) => string): Record<string, string> {
  const size = (v: VolumeUsageJson) => Math.max(v.UsageData?.Size ?? 0, 0);
  const total = volumes.reduce((n, v) => n + size(v), 0);
  const reclaimable = volumes.filter((v) => (v.UsageData?.RefCount ?? 0) === 0).reduce((n, v) => n + size(v), 0);
  const active = volumes.filter((v) => (v.UsageData?.RefCount ?? 0) > 0).length;
  return { Type: 'Local Volumes', TotalCount: String(volumes.length), Active: String(active), Size: humanSize(total), Reclaimable: `${humanSize(reclaimable)}${percent(reclaimable, total)}` };
}

interface BuildCacheJson {
  readonly InUse?: boolean;
  readonly Shared?: boolean;
  readonly Size?: number;
}

/** As the docker CLI counts build cache: shared items are not its own bytes; in-use ones are not reclaimable. */
function buildCacheRow(items: readonly BuildCacheJson[], percent: (part: number, whole: number) => string): Record<string, string> {
  const own = items.filter((i) => !i.Shared);
  const total = own.reduce((n, i) => n + Math.max(i.Size ?? 0, 0), 0);
  const reclaimable = total - own.filter((i) => i.InUse).reduce((n, i) => n + Math.max(i.Size ?? 0, 0), 0);
  const active = items.filter((i) => i.InUse).length;
  return { Type: 'Build Cache', TotalCount: String(items.length), Active: String(active), Size: humanSize(total), Reclaimable: `${humanSize(reclaimable)}${percent(reclaimable, total)}` };
}

interface DiskUsageJson {
  readonly LayersSize?: number;
  readonly Images?: readonly ImageSummaryJson[] | null;
  readonly Containers?: readonly unknown[] | null;
  readonly Volumes?: readonly VolumeUsageJson[] | null;
  readonly BuildCache?: readonly BuildCacheJson[] | null;
}

export async function runSystemDf(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth system df [OPTIONS]';
  const { values } = parseCommand(argv, { format: { type: 'string' }, verbose: { type: 'boolean', short: 'v' } }, usage, { max: 0 });
  const client = await ctx.connect();
  const du = await client.json<DiskUsageJson>('GET', '/system/df');
  const images = du.Images ?? [];
  const active = images.filter((i) => i.Containers > 0);
  const total = du.LayersSize ?? 0;
  // As the docker CLI computes it: everything on disk except what images in use hold.
  const used = active.reduce((n, i) => n + i.Size - Math.max(i.SharedSize, 0), 0);
  const reclaimable = Math.max(total - used, 0);
  const percent = (part: number, whole: number) => (whole > 0 ? ` (${Math.round((part * 100) / whole)}%)` : '');
  const rows = [
    { Type: 'Images', TotalCount: String(images.length), Active: String(active.length), Size: humanSize(total), Reclaimable: `${humanSize(Math.min(reclaimable, total))}${percent(Math.min(reclaimable, total), total)}` },
    { Type: 'Containers', TotalCount: String(du.Containers?.length ?? 0), Active: '0', Size: '0B', Reclaimable: '0B' },
    volumeRow(du.Volumes ?? [], percent),
    buildCacheRow(du.BuildCache ?? [], percent),
  ];
  ctx.io.stdout.write(renderListing(values.format, rows, {
    defaultTemplate: '{{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}',
    headers: { Type: 'TYPE', TotalCount: 'TOTAL', Active: 'ACTIVE', Size: 'SIZE', Reclaimable: 'RECLAIMABLE' },
  }));
  return 0;
}

interface ProblemJson {
  readonly Object: string;
  readonly Message: string;
  readonly Repair: string;
}

export async function runSystemCheck(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth system check [--repair] [--format json]';
  const { values } = parseCommand(argv, { repair: { type: 'boolean' }, format: { type: 'string' } }, usage, { max: 0 });
  const client = await ctx.connect();
  const line = (p: ProblemJson) => `${p.Object}: ${p.Message}`;
  if (values.repair) {
    const result = await client.json<{ Fixed: ProblemJson[]; Remaining: ProblemJson[] }>('POST', '/berth/v1/system/repair');
    if (values.format === 'json') ctx.io.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      for (const p of result.Fixed) ctx.io.stdout.write(`fixed ${line(p)} (${p.Repair})\n`);
      for (const p of result.Remaining) ctx.io.stdout.write(`NOT FIXED ${line(p)}\n`);
      if (result.Fixed.length === 0 && result.Remaining.length === 0) ctx.io.stdout.write('store is healthy: nothing to repair\n');
    }
    return result.Remaining.length > 0 ? 1 : 0;
  }
  const { Problems } = await client.json<{ Problems: ProblemJson[] }>('GET', '/berth/v1/system/check');
  if (values.format === 'json') ctx.io.stdout.write(`${JSON.stringify(Problems)}\n`);
  else if (Problems.length === 0) ctx.io.stdout.write('store is healthy: every image, blob and snapshot checks out\n');
  else for (const p of Problems) ctx.io.stdout.write(`${line(p)}; --repair would ${p.Repair}\n`);
  return Problems.length > 0 ? 1 : 0;
}

export async function runImagePrune(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth image prune [OPTIONS]';
  const { values } = parseCommand(argv, { all: { type: 'boolean', short: 'a' }, filter: { type: 'string', multiple: true }, force: { type: 'boolean', short: 'f' } }, usage, { max: 0 });
  const filters = [...(values.filter ?? []), ...(values.all ? ['dangling=false'] : ['dangling=true'])];
  const client = await ctx.connect();
  const result = await client.json<{ ImagesDeleted: { Untagged?: string; Deleted?: string }[] | null; SpaceReclaimed: number }>('POST', '/images/prune', { query: { filters: filtersJson(filters, usage) } });
  const deleted = result.ImagesDeleted ?? [];
  if (deleted.length > 0) {
    ctx.io.stdout.write('Deleted Images:\n');
    for (const item of deleted) ctx.io.stdout.write(item.Untagged ? `untagged: ${item.Untagged}\n` : `deleted: ${item.Deleted}\n`);
    ctx.io.stdout.write('\n');
  }
  ctx.io.stdout.write(`Total reclaimed space: ${humanSize(result.SpaceReclaimed)}\n`);
  return 0;
}

export async function runVersion(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommand(argv, { format: { type: 'string', short: 'f' } }, 'berth version [--format FORMAT]', { max: 0 });
  const client = await ctx.connect();
  const server = await client.json<Record<string, unknown>>('GET', '/version');
  const doc = { Client: { Version: engineVersion, ApiVersion: await client.negotiate(), Os: process.platform, Arch: process.arch, NodeVersion: process.version }, Server: server };
  if (values.format !== undefined) {
    ctx.io.stdout.write(renderDocument(values.format, doc));
    return 0;
  }
  const s = server as { Version?: string; ApiVersion?: string; MinAPIVersion?: string; Os?: string; Arch?: string; Platform?: { Name?: string } };
  ctx.io.stdout.write([
    'Client: berth', ` Version:      ${engineVersion}`, ` API version:  ${doc.Client.ApiVersion}`, ` Node version: ${process.version}`, ` OS/Arch:      ${process.platform}/${process.arch}`, '',
    `Server: ${s.Platform?.Name ?? ''}`, ` Version:      ${s.Version ?? ''}`, ` API version:  ${s.ApiVersion ?? ''} (minimum version ${s.MinAPIVersion ?? ''})`, ` OS/Arch:      ${s.Os ?? ''}/${s.Arch ?? ''}`, '',
  ].join('\n'));
  return 0;
}

export async function runInfo(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommand(argv, { format: { type: 'string', short: 'f' } }, 'berth info [--format FORMAT]', { max: 0 });
  const client = await ctx.connect();
  const info = await client.json<Record<string, unknown>>('GET', '/info');
  if (values.format !== undefined) {
    ctx.io.stdout.write(renderDocument(values.format, info));
    return 0;
  }
  const fields: [string, string][] = [
    ['Server Version', 'ServerVersion'], ['Images', 'Images'], ['Containers', 'Containers'], ['Storage Driver', 'Driver'],
    ['Root Dir', 'DockerRootDir'], ['Kernel Version', 'KernelVersion'], ['Operating System', 'OperatingSystem'],
    ['Architecture', 'Architecture'], ['CPUs', 'NCPU'], ['Total Memory', 'MemTotal'], ['Name', 'Name'], ['ID', 'ID'],
  ];
  ctx.io.stdout.write('Server:\n' + fields.map(([label, key]) => ` ${label}: ${key === 'MemTotal' ? humanSize(Number(info[key] ?? 0)) : String(info[key] ?? '')}\n`).join(''));
  return 0;
}
