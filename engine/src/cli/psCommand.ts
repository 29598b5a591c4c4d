// `berth ps`: docker's columns and --format fields (.ID, .Image, .Command, .CreatedAt, .RunningFor,
// .Ports, .State, .Status, .Size, .Names, .Labels, .Mounts, .Networks), -a, -q, -n/-l, -s,
// --no-trunc and --filter, computed from GET /containers/json.
import { filtersJson, parseCommand, type CommandContext } from './commandContext';
import { renderListing } from './formatOutput';
import { goTime, humanDuration, humanSize } from './humanUnits';

interface PortJson { readonly IP?: string; readonly PrivatePort: number; readonly PublicPort?: number; readonly Type: string }

export interface ContainerSummaryJson {
  readonly Id: string;
  readonly Names: readonly string[];
  readonly Image: string;
  readonly Command: string;
  readonly Created: number;
  readonly Ports: readonly PortJson[];
  readonly Labels: Readonly<Record<string, string>> | null;
  readonly State: string;
  readonly Status: string;
  readonly SizeRw?: number;
  readonly SizeRootFs?: number;
  readonly Mounts?: readonly { readonly Name?: string; readonly Source: string }[];
  readonly NetworkSettings?: { readonly Networks?: Readonly<Record<string, unknown>> };
}

const usage = 'berth ps [OPTIONS]';

/** docker's port column: published ones as ip:host->container/proto, the rest as container/proto. */
export function portsText(ports: readonly PortJson[]): string {
  return [...ports]
    .sort((a, b) => a.PrivatePort - b.PrivatePort || (a.PublicPort ?? 0) - (b.PublicPort ?? 0))
    .map((p) => (p.PublicPort ? `${p.IP ?? '0.0.0.0'}:${p.PublicPort}->${p.PrivatePort}/${p.Type}` : `${p.PrivatePort}/${p.Type}`))
    .join(', ');
}

function truncate(text: string, max: number, noTrunc: boolean): string {
  return noTrunc || text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export function containerRows(list: readonly ContainerSummaryJson[], options: { noTrunc: boolean; now?: number }): Record<string, unknown>[] {
  const now = options.now ?? Date.now() / 1000;
  return list.map((c) => ({
    ID: options.noTrunc ? c.Id : c.Id.slice(0, 12),
    Image: c.Image.startsWith('sha256:') && !options.noTrunc ? c.Image.slice(7, 19) : c.Image,
    Command: JSON.stringify(truncate(c.Command, 20, options.noTrunc)),
    CreatedAt: goTime(c.Created),
    RunningFor: `${humanDuration(now - c.Created)} ago`,
    Ports: portsText(c.Ports),
    State: c.State,
    Status: c.Status,
    Size: c.SizeRw === undefined ? '0B' : `${humanSize(c.SizeRw)} (virtual ${humanSize(c.SizeRootFs ?? c.SizeRw)})`,
    Names: c.Names.map((n) => n.replace(/^\//, '')).join(','),
    Labels: Object.entries(c.Labels ?? {}).map(([k, v]) => `${k}=${v}`).join(','),
    Mounts: (c.Mounts ?? []).map((m) => m.Name ?? m.Source).join(','),
    Networks: Object.keys(c.NetworkSettings?.Networks ?? {}).join(','),
  }));
}

export async function runPs(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommand(argv, {
    all: { type: 'boolean', short: 'a' }, quiet: { type: 'boolean', short: 'q' }, format: { type: 'string' },
    filter: { type: 'string', short: 'f', multiple: true }, last: { type: 'string', short: 'n' }, latest: { type: 'boolean', short: 'l' },
    size: { type: 'boolean', short: 's' }, 'no-trunc': { type: 'boolean' },
  }, usage, { max: 0 });
  const limit = values.latest ? 1 : values.last === undefined ? undefined : Number(values.last);
  const client = await ctx.connect();
  const list = await client.json<ContainerSummaryJson[]>('GET', '/containers/json', {
    query: { all: (values.all ?? false) || limit !== undefined, size: values.size ?? false, limit: limit !== undefined && limit > 0 ? limit : undefined, filters: filtersJson(values.filter, usage) },
  });
  const rows = containerRows(list, { noTrunc: values['no-trunc'] ?? false });
  if (values.quiet) {
    ctx.io.stdout.write(rows.map((r) => `${r.ID}\n`).join(''));
    return 0;
  }
  const columns = `{{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t${values.size ? '{{.Size}}\t' : ''}{{.Names}}`;
  ctx.io.stdout.write(renderListing(values.format, rows, {
    defaultTemplate: columns,
    headers: {
      ID: 'CONTAINER ID', Image: 'IMAGE', Command: 'COMMAND', CreatedAt: 'CREATED AT', RunningFor: 'CREATED', Ports: 'PORTS',
      State: 'STATE', Status: 'STATUS', Size: 'SIZE', Names: 'NAMES', Labels: 'LABELS', Mounts: 'MOUNTS', Networks: 'NETWORKS',
    },
  }));
  return 0;
}
