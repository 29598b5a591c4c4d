// Network endpoints: list (filters), inspect, create (409 on a name in use), remove, connect,
// disconnect and prune, over the network manager; connect and disconnect go through
// ContainerNetworks so a stopped container's networks change for its next start.
import { berthError } from '../image/berthError';
import { asObject, type JsonObject } from '../image/jsonFields';
import type { NetworkInfo, NetworkManager } from '../network/network';
import { toNetworkResource } from '../network/networkResource';
import type { Runtime } from '../runtime/runtime';
import { filtersParam, readJsonObject, sendEmpty, sendJson, type Route } from './apiContext';
import type { ContainerNetworks } from './containerNetworks';
import type { EventLog } from './eventLog';
import { HttpError } from './httpError';
import { parseTimestamp } from './imageRoutes';
import { labelMatches } from '../volume/volumeFilters';

export interface NetworkRouteDeps {
  readonly network: NetworkManager;
  readonly networks: ContainerNetworks;
  readonly runtime: Runtime;
  readonly events: EventLog;
}

function optionalString(o: JsonObject, key: string): string | undefined {
  const v = o[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new HttpError(400, `network: ${key} must be a string`);
  return v;
}

function optionalMap(o: JsonObject, key: string): Record<string, string> | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  const m = asObject(v, `network ${key}`);
  for (const [k, val] of Object.entries(m)) if (typeof val !== 'string') throw new HttpError(400, `network: ${key}["${k}"] must be a string`);
  return m as Record<string, string>;
}

function ipamConfig(body: JsonObject): { subnet?: string; gateway?: string; ipRange?: string } {
  const ipam = body.IPAM === undefined || body.IPAM === null ? {} : asObject(body.IPAM, 'IPAM');
  const driver = optionalString(ipam, 'Driver');
  if (driver && driver !== 'default') throw new HttpError(400, `IPAM driver "${driver}" is not supported by berth (default is)`);
  const list = ipam.Config;
  if (list === undefined || list === null) return {};
  if (!Array.isArray(list)) throw new HttpError(400, 'IPAM.Config must be a list');
  if (list.length > 1) throw new HttpError(400, 'berth networks have one IPv4 subnet: give at most one IPAM.Config entry');
  if (list.length === 0) return {};
  const c = asObject(list[0], 'IPAM.Config[0]');
  const subnet = optionalString(c, 'Subnet');
  const gateway = optionalString(c, 'Gateway');
  const ipRange = optionalString(c, 'IPRange');
  return { ...(subnet ? { subnet } : {}), ...(gateway ? { gateway } : {}), ...(ipRange ? { ipRange } : {}) };
}

export function networkRoutes(deps: NetworkRouteDeps): Route[] {
  const { network } = deps;
  const inspect = (nameOrId: string) => toNetworkResource(network.inspectNetwork(nameOrId));
  const filter = (list: NetworkInfo[], query: URLSearchParams) => {
    const f = filtersParam(query, ['dangling', 'driver', 'id', 'label', 'name', 'scope', 'type']);
    const used = new Set(network.listAttachments().flatMap((a) => a.endpoints.map((e) => e.networkId)));
    return list.filter((n) => {
      if (f.get('driver')?.length && !f.get('driver')!.includes(n.driver)) return false;
      if (f.get('id')?.length && !f.get('id')!.some((p) => n.id.startsWith(p))) return false;
      if (f.get('name')?.length && !f.get('name')!.some((p) => n.name.includes(p))) return false;
      if (f.get('scope')?.length && !f.get('scope')!.includes('local')) return false;
      if (f.get('label')?.length && !f.get('label')!.every((l) => labelMatches(n.labels, l))) return false;
      const type = f.get('type');
      if (type?.length && !type.includes(n.predefined ? 'builtin' : 'custom')) return false;
      const dangling = f.get('dangling')?.[0];
      if (dangling !== undefined && (dangling === 'true' || dangling === '1') === (n.predefined || used.has(n.id))) return false;
      return true;
    });
  };
  const containerOf = (body: JsonObject) => {
    const ref = optionalString(body, 'Container');
    if (!ref) throw new HttpError(400, 'network connect/disconnect: Container is required');
    const record = deps.runtime.inspect(ref);
    return { record, running: ['running', 'paused'].includes(record.state.status) };
  };
  return [
    {
      method: 'GET', path: '/networks',
      handler: async ({ res, query }) => sendJson(res, 200, filter(network.listNetworks(), query).map((n) => ({ ...toNetworkResource({ network: n, members: [] }) }))),
    },
    { method: 'GET', path: '/networks/:id', handler: async ({ res, params }) => sendJson(res, 200, inspect(params.id!)) },
    {
      method: 'POST', path: '/networks/create',
      handler: async ({ req, res }) => {
        const body = await readJsonObject(req, 'network create');
        const name = optionalString(body, 'Name');
        if (!name) throw new HttpError(400, 'network create: Name is required');
        if (body.EnableIPv6 === true) throw berthError('invalid-argument', `network ${name}: IPv6 is not supported by berth's networks yet; create it without --ipv6`);
        const scope = optionalString(body, 'Scope');
        if (scope && scope !== 'local') throw new HttpError(400, `network scope "${scope}" is not supported: berth networks are local`);
        const labels = optionalMap(body, 'Labels');
        const options = optionalMap(body, 'Options');
        const driver = optionalString(body, 'Driver');
        const created = await network.createNetwork({
          name, ...ipamConfig(body), internal: body.Internal === true, attachable: body.Attachable === true,
          ...(driver ? { driver } : {}), ...(labels ? { labels } : {}), ...(options ? { options } : {}),
        });
        deps.events.emit('network', 'create', created.id, { name: created.name, type: created.driver });
        sendJson(res, 201, { Id: created.id, Warning: '' });
      },
    },
    {
      method: 'DELETE', path: '/networks/:id',
      handler: async ({ res, params }) => {
        const n = network.getNetwork(params.id!);
        await network.removeNetwork(n.id);
        deps.events.emit('network', 'destroy', n.id, { name: n.name, type: n.driver });
        sendEmpty(res, 204);
      },
    },
    {
      method: 'POST', path: '/networks/:id/connect',
      handler: async ({ req, res, params, signal }) => {
        const body = await readJsonObject(req, 'network connect');
        const { record, running } = containerOf(body);
        const endpoint = body.EndpointConfig === undefined || body.EndpointConfig === null ? {} : asObject(body.EndpointConfig, 'EndpointConfig');
        const aliases = endpoint.Aliases;
        if (aliases !== undefined && aliases !== null && (!Array.isArray(aliases) || !aliases.every((a) => typeof a === 'string'))) throw new HttpError(400, 'EndpointConfig.Aliases must be a list of strings');
        const ipam = endpoint.IPAMConfig === undefined || endpoint.IPAMConfig === null ? {} : asObject(endpoint.IPAMConfig, 'EndpointConfig.IPAMConfig');
        const ipv4Address = optionalString(ipam, 'IPv4Address');
        await deps.networks.connect(record.id, record.hostConfig.network.mode, running, params.id!, {
          ...(Array.isArray(aliases) && aliases.length ? { aliases: aliases as string[] } : {}), ...(ipv4Address ? { ipv4Address } : {}),
        }, signal);
        res.writeHead(200, { 'Content-Length': 0 });
        res.end();
      },
    },
    {
      method: 'POST', path: '/networks/:id/disconnect',
      handler: async ({ req, res, params, signal }) => {
        const { record, running } = containerOf(await readJsonObject(req, 'network disconnect'));
        await deps.networks.disconnect(record.id, record.hostConfig.network.mode, running, params.id!, signal);
        res.writeHead(200, { 'Content-Length': 0 });
        res.end();
      },
    },
    {
      method: 'POST', path: '/networks/prune',
      handler: async ({ res, query }) => {
        const f = filtersParam(query, ['until', 'label', 'label!']);
        const until = f.get('until')?.[0];
        const before = until === undefined ? undefined : parseTimestamp(until, 'until') * 1000;
        const byName = new Map(network.listNetworks().map((n) => [n.name, n]));
        const removed = await network.pruneNetworks((n) => {
          if (before !== undefined && Date.parse(n.created) >= before) return false;
          if (f.get('label')?.length && !f.get('label')!.every((l) => labelMatches(n.labels, l))) return false;
          if (f.get('label!')?.length && f.get('label!')!.some((l) => labelMatches(n.labels, l))) return false;
          return true;
        });
        for (const name of removed) {
          const n = byName.get(name);
          if (n) deps.events.emit('network', 'destroy', n.id, { name, type: n.driver });
        }
        sendJson(res, 200, { NetworksDeleted: removed });
      },
    },
  ];
}
