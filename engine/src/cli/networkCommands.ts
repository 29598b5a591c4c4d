// `berth network create|ls|rm|connect|disconnect|inspect|prune`, docker's flags and output.
import { filtersJson, parseCommand, UsageError, type CommandContext } from './commandContext';
import { confirm } from './confirm';
import { forEachTarget, inspectEach, jsonUnlessMissing } from './eachTarget';
import { renderListing } from './formatOutput';

interface NetworkJson { Id: string; Name: string; Driver: string; Scope: string; Internal: boolean; Created: string; Labels: Record<string, string> }

function keyValues(list: readonly string[] | undefined, flag: string, usage: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list ?? []) {
    const eq = item.indexOf('=');
    if (eq === 0) throw new UsageError(`invalid argument "${item}" for "--${flag}" flag: expected key=value`, usage);
    if (eq < 0) out[item] = '';
    else out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

export async function runNetworkCreate(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth network create [OPTIONS] NETWORK';
  const { values, positionals } = parseCommand(argv, {
    driver: { type: 'string', short: 'd' }, subnet: { type: 'string', multiple: true }, gateway: { type: 'string', multiple: true },
    'ip-range': { type: 'string', multiple: true }, internal: { type: 'boolean' }, attachable: { type: 'boolean' },
    label: { type: 'string', multiple: true }, opt: { type: 'string', short: 'o', multiple: true }, ipv6: { type: 'boolean' },
  }, usage, { min: 1, max: 1 });
  const config = values.subnet?.length ? [{ Subnet: values.subnet[0], ...(values.gateway?.[0] ? { Gateway: values.gateway[0] } : {}), ...(values['ip-range']?.[0] ? { IPRange: values['ip-range'][0] } : {}) }] : [];
  if (!values.subnet?.length && (values.gateway?.length || values['ip-range']?.length)) throw new UsageError('--gateway and --ip-range need --subnet', usage);
  const client = await ctx.connect();
  const created = await client.json<{ Id: string }>('POST', '/networks/create', {
    body: {
      Name: positionals[0], Driver: values.driver ?? 'bridge', Internal: values.internal ?? false, Attachable: values.attachable ?? false, EnableIPv6: values.ipv6 ?? false,
      IPAM: { Driver: 'default', Config: config }, Options: keyValues(values.opt, 'opt', usage), Labels: keyValues(values.label, 'label', usage),
    },
  });
  ctx.io.stdout.write(`${created.Id}\n`);
  return 0;
}

export async function runNetworkLs(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth network ls [OPTIONS]';
  const { values } = parseCommand(argv, {
    quiet: { type: 'boolean', short: 'q' }, format: { type: 'string' }, filter: { type: 'string', short: 'f', multiple: true }, 'no-trunc': { type: 'boolean' },
  }, usage, { max: 0 });
  const client = await ctx.connect();
  const list = await client.json<NetworkJson[]>('GET', '/networks', { query: { filters: filtersJson(values.filter, usage) } });
  const rows = list.sort((a, b) => a.Name.localeCompare(b.Name)).map((n) => ({
    ID: values['no-trunc'] ? n.Id : n.Id.slice(0, 12), Name: n.Name, Driver: n.Driver, Scope: n.Scope,
    IPv6: 'false', Internal: String(n.Internal), CreatedAt: n.Created, Labels: Object.entries(n.Labels ?? {}).map(([k, v]) => `${k}=${v}`).join(','),
  }));
  if (values.quiet) {
    ctx.io.stdout.write(rows.map((r) => `${r.ID}\n`).join(''));
    return 0;
  }
  ctx.io.stdout.write(renderListing(values.format, rows, {
    defaultTemplate: '{{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}',
    headers: { ID: 'NETWORK ID', Name: 'NAME', Driver: 'DRIVER', Scope: 'SCOPE', IPv6: 'IPV6', Internal: 'INTERNAL', CreatedAt: 'CREATED AT', Labels: 'LABELS' },
  }));
  return 0;
}

export async function runNetworkRm(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const { positionals } = parseCommand(argv, { force: { type: 'boolean', short: 'f' } }, 'berth network rm NETWORK [NETWORK...]', { min: 1 });
  return forEachTarget(ctx, positionals, async (client, name) => {
    (await client.request('DELETE', `/networks/${name}`)).resume();
    return name;
  });
}

export async function runNetworkConnect(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(argv, { alias: { type: 'string', multiple: true }, ip: { type: 'string' } }, 'berth network connect [OPTIONS] NETWORK CONTAINER', { min: 2, max: 2 });
  const client = await ctx.connect();
  (await client.request('POST', `/networks/${positionals[0]}/connect`, {
    body: { Container: positionals[1], EndpointConfig: { Aliases: values.alias ?? null, ...(values.ip ? { IPAMConfig: { IPv4Address: values.ip } } : {}) } },
  })).resume();
  return 0;
}

export async function runNetworkDisconnect(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(argv, { force: { type: 'boolean', short: 'f' } }, 'berth network disconnect [OPTIONS] NETWORK CONTAINER', { min: 2, max: 2 });
  const client = await ctx.connect();
  (await client.request('POST', `/networks/${positionals[0]}/disconnect`, { body: { Container: positionals[1], Force: values.force ?? false } })).resume();
  return 0;
}

export async function runNetworkInspect(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const { values, positionals } = parseCommand(argv, { format: { type: 'string', short: 'f' }, verbose: { type: 'boolean', short: 'v' } }, 'berth network inspect [OPTIONS] NETWORK [NETWORK...]', { min: 1 });
  return inspectEach(ctx, positionals, values.format, (client, name) => jsonUnlessMissing(client, `/networks/${name}`), (name) => `No such network: ${name}`);
}

export async function runNetworkPrune(argv: readonly string[], ctx: CommandContext): Promise<number> {
  const usage = 'berth network prune [OPTIONS]';
  const { values } = parseCommand(argv, { force: { type: 'boolean', short: 'f' }, filter: { type: 'string', multiple: true } }, usage, { max: 0 });
  if (!values.force && !(await confirm(ctx.io, 'WARNING! This will remove all custom networks not used by at least one container.'))) return 0;
  const client = await ctx.connect();
  const result = await client.json<{ NetworksDeleted: string[] | null }>('POST', '/networks/prune', { query: { filters: filtersJson(values.filter, usage) } });
  const deleted = result.NetworksDeleted ?? [];
  if (deleted.length) ctx.io.stdout.write(`Deleted Networks:\n${deleted.map((n) => `${n}\n`).join('')}`);
  return 0;
}
