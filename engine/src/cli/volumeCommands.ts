// `berth volume create|ls|inspect|rm|prune`, as the docker CLI prints them.
import { confirm } from './confirm';
import { filtersJson, parseCommand, UsageError, type CommandContext } from './commandContext';
import { forEachTarget, inspectEach, jsonUnlessMissing } from './eachTarget';
import { renderListing } from './formatOutput';
import { humanSize } from './humanUnits';

interface VolumeJson {
  readonly Name: string;
  readonly Driver: string;
  readonly Mountpoint: string;
  readonly CreatedAt: string;
  readonly Labels: Record<string, string> | null;
  readonly Scope: string;
  readonly Options: Record<string, string> | null;
}

/** `--opt a=b` / `--label a=b` lists as an object (a bare `a` for labels means an empty value). */
function keyValues(specs: readonly string[] | undefined, what: string, usage: string): Record<string, string> | undefined {
  if (!specs || specs.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq === 0 || (eq < 0 && what === 'opt')) throw new UsageError(`invalid ${what} "${spec}": expected key=value`, usage);
    out[eq < 0 ? spec : spec.slice(0, eq)] = eq < 0 ? '' : spec.slice(eq + 1);
  }
  return out;
}

export async function runVolumeCreate(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth volume create [OPTIONS] [VOLUME]';
  const { values, positionals } = parseCommand(argv, {
    driver: { type: 'string', short: 'd' }, label: { type: 'string', multiple: true }, opt: { type: 'string', short: 'o', multiple: true }, name: { type: 'string' },
  }, usage, { max: 1 });
  if (values.name && positionals[0] && values.name !== positionals[0]) throw new UsageError(`conflicting options: either specify --name or provide positional arg, not both`, usage);
  const name = positionals[0] ?? values.name;
  const labels = keyValues(values.label, 'label', usage);
  const options = keyValues(values.opt, 'opt', usage);
  const client = await ctx.connect();
  const volume = await client.json<VolumeJson>('POST', '/volumes/create', {
    body: { ...(name ? { Name: name } : {}), Driver: values.driver ?? 'local', DriverOpts: options ?? {}, Labels: labels ?? {} },
  });
  ctx.io.stdout.write(`${volume.Name}\n`);
  return 0;
}

export async function runVolumeLs(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth volume ls [OPTIONS]';
  const { values } = parseCommand(argv, { quiet: { type: 'boolean', short: 'q' }, filter: { type: 'string', short: 'f', multiple: true }, format: { type: 'string' } }, usage, { max: 0 });
  const client = await ctx.connect();
  const { Volumes } = await client.json<{ Volumes: VolumeJson[] | null }>('GET', '/volumes', { query: { filters: filtersJson(values.filter, usage) } });
  const rows = (Volumes ?? []).sort((a, b) => a.Name.localeCompare(b.Name)).map((v) => ({
    Name: v.Name, Driver: v.Driver, Scope: v.Scope, Mountpoint: v.Mountpoint, CreatedAt: v.CreatedAt,
    Labels: Object.entries(v.Labels ?? {}).map(([k, val]) => `${k}=${val}`).join(','),
  }));
  if (values.quiet) {
    ctx.io.stdout.write(rows.map((r) => `${r.Name}\n`).join(''));
    return 0;
  }
  ctx.io.stdout.write(renderListing(values.format, rows, {
    defaultTemplate: '{{.Driver}}\t{{.Name}}',
    headers: { Name: 'VOLUME NAME', Driver: 'DRIVER', Scope: 'SCOPE', Mountpoint: 'MOUNTPOINT', CreatedAt: 'CREATED', Labels: 'LABELS' },
  }));
  return 0;
}

export async function runVolumeInspect(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth volume inspect [OPTIONS] VOLUME [VOLUME...]';
  const { values, positionals } = parseCommand(argv, { format: { type: 'string', short: 'f' } }, usage, { min: 1 });
  return inspectEach(ctx, positionals, values.format, (client, name) => jsonUnlessMissing(client, `/volumes/${encodeURIComponent(name)}`), (name) => `No such volume: ${name}`);
}

export async function runVolumeRm(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth volume rm [OPTIONS] VOLUME [VOLUME...]';
  const { values, positionals } = parseCommand(argv, { force: { type: 'boolean', short: 'f' } }, usage, { min: 1 });
  return forEachTarget(ctx, positionals, async (client, name) => {
    (await client.request('DELETE', `/volumes/${encodeURIComponent(name)}`, { query: { force: values.force ?? false } })).resume();
    return name;
  });
}

export async function runVolumePrune(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth volume prune [OPTIONS]';
  const { values } = parseCommand(argv, { all: { type: 'boolean', short: 'a' }, filter: { type: 'string', multiple: true }, force: { type: 'boolean', short: 'f' } }, usage, { max: 0 });
  const warning = values.all
    ? 'WARNING! This will remove all local volumes not used by at least one container.'
    : 'WARNING! This will remove anonymous local volumes not used by at least one container.';
  if (!values.force && !(await confirm(ctx.io, warning))) return 0;
  const filters = [...(values.filter ?? []), ...(values.all ? ['all=true'] : [])];
  const client = await ctx.connect();
  const result = await client.json<{ VolumesDeleted: string[] | null; SpaceReclaimed: number }>('POST', '/volumes/prune', { query: { filters: filtersJson(filters, usage) } });
  const deleted = result.VolumesDeleted ?? [];
  if (deleted.length > 0) ctx.io.stdout.write(`Deleted Volumes:\n${deleted.map((n) => `${n}\n`).join('')}\n`);
  ctx.io.stdout.write(`Total reclaimed space: ${humanSize(result.SpaceReclaimed)}\n`);
  return 0;
}
