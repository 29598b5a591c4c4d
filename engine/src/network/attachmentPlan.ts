// Turns an attach (or connect) request into a plan before anything touches the host: networks
// resolved and checked with Docker's rules and messages, names validated for the hosts files, the
// record that is saved first so a crash at any later step can be rolled back.
import { hostname as hostHostname } from 'node:os';
import { join } from 'node:path';
import { berthError } from '../image/berthError';
import { checkDns, checkExtraHosts, checkName, dnsNamesOf, endpointFrom } from './attachmentRecords';
import type { CniResult } from './cniResult';
import { requestedAddress } from './cniConfig';
import type { AttachRequest, ConnectOptions, Endpoint, NetworkInfo, NetworkRequest, PortRequest } from './network';
import type { AttachmentRecord } from './networkStore';

export interface PlannedNetwork {
  readonly network: NetworkInfo;
  readonly aliases: readonly string[];
  readonly dnsNames: readonly string[];
  readonly ipv4Address?: string;
}

export interface AttachmentPlan {
  readonly record: AttachmentRecord;
  readonly networks: readonly PlannedNetwork[];
  readonly ports: readonly PortRequest[];
}

export interface PlanContext {
  readonly network: (nameOrId: string) => NetworkInfo;
  readonly defaultBridge: NetworkInfo;
  /** Where this container's namespace will be pinned */
  readonly netnsPath: string;
  /** Where its hosts, resolv.conf and hostname files go */
  readonly dir: string;
}

export function planAttachment(containerId: string, request: AttachRequest, context: PlanContext): AttachmentPlan {
  const name = checkName(request.name, 'container name');
  const { mode } = request;
  const hostname = checkName(request.hostname ?? (mode.kind === 'host' ? hostHostname() : containerId.slice(0, 12)), 'hostname', 63);
  const domainname = request.domainname ? checkName(request.domainname, 'domain name') : undefined;
  const warnings: string[] = [];
  let ports = request.ports ?? [];
  if (mode.kind !== 'bridge' && ports.length) {
    warnings.push(`Published ports are discarded when using ${mode.kind} network mode`);
    ports = [];
  }
  const requests: readonly NetworkRequest[] = mode.kind === 'bridge' ? (mode.networks.length ? mode.networks : [{ network: 'bridge' }]) : [];
  const networks = requests.map((r) => planNetwork(r, context.network(r.network), containerId, name, hostname));
  const seen = new Set<string>();
  for (const n of networks) {
    if (seen.has(n.network.id)) throw berthError('invalid-argument', `container ${name} cannot be connected to network ${n.network.name} twice`);
    seen.add(n.network.id);
  }
  const primaryGateway = networks[0]?.network.ipam?.gateway ?? context.defaultBridge.ipam?.gateway ?? '127.0.0.1';
  const record: AttachmentRecord = {
    containerId,
    name,
    mode: mode.kind,
    state: 'attaching',
    ...(mode.kind !== 'host' ? { netnsPath: context.netnsPath } : {}),
    hostname,
    ...(domainname ? { domainname } : {}),
    files: { hosts: join(context.dir, 'hosts'), resolvConf: join(context.dir, 'resolv.conf'), hostname: join(context.dir, 'hostname') },
    // placeholders until ports are known: they already mark the networks as in use
    endpoints: networks.map((n, i) => ({ networkId: n.network.id, ifname: `eth${i}`, plugins: [] })),
    ports: [],
    extraHosts: checkExtraHosts(request.extraHosts ?? [], primaryGateway),
    ...(request.dns ? { dns: checkDns(request.dns)! } : {}),
    warnings,
  };
  return { record, networks, ports };
}

function planNetwork(request: NetworkRequest | (ConnectOptions & { network: string }), network: NetworkInfo, containerId: string, name: string, hostname: string): PlannedNetwork {
  if (network.driver !== 'bridge') {
    throw berthError('invalid-argument', `network ${network.name} cannot be combined with other networks: use it as the container's only network mode (--network ${network.name})`);
  }
  const aliases = (request.aliases ?? []).map((a) => checkName(a, 'network alias'));
  if (network.predefined && aliases.length) throw berthError('invalid-argument', `network-scoped alias is supported only for containers in user defined networks (not ${network.name})`);
  if (network.predefined && request.ipv4Address) throw berthError('invalid-argument', `user specified IP address is supported on user defined networks only (not ${network.name})`);
  const ipv4Address = request.ipv4Address ? requestedAddress(network, request.ipv4Address) : undefined;
  return { network, aliases, dnsNames: dnsNamesOf(network, containerId, name, aliases, hostname), ...(ipv4Address ? { ipv4Address } : {}) };
}

export interface ConnectPlan extends PlannedNetwork {
  readonly ifname: string;
  /** True when no other endpoint gives the container a default route. */
  readonly primary: boolean;
}

export function planConnect(record: AttachmentRecord, network: NetworkInfo, options: ConnectOptions, networkOf: (id: string) => NetworkInfo): ConnectPlan {
  if (record.mode !== 'bridge') {
    throw berthError('failed-precondition', `container ${record.name} uses --network ${record.mode} and cannot be connected to other networks`);
  }
  if (record.endpoints.some((e) => e.networkId === network.id)) throw berthError('already-exists', `endpoint with name ${record.name} already exists in network ${network.name}`);
  const planned = planNetwork({ ...options, network: network.id }, network, record.containerId, record.name, record.hostname);
  const used = new Set(record.endpoints.map((e) => e.ifname));
  let index = 0;
  while (used.has(`eth${index}`)) index++;
  const routed = record.endpoints.some((e) => !networkOf(e.networkId).internal);
  return { ...planned, ifname: `eth${index}`, primary: !routed && !network.internal };
}

export function completeEndpoint(planned: PlannedNetwork, ifname: string, result: CniResult): Endpoint {
  return endpointFrom({ network: planned.network, ifname, result, aliases: planned.aliases, dnsNames: planned.dnsNames });
}
