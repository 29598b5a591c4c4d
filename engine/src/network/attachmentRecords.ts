// Pure steps between requests, records and views of attachments: checking what goes into hosts
// files (names must not be able to break a line or smuggle an entry), building an Endpoint from a
// CNI result (checked against the network it claims to be on), peers for the hosts files, and the
// Attachment the runtime sees.
import { isIP } from 'node:net';
import { berthError } from '../image/berthError';
import { containerAddress, type CniResult } from './cniResult';
import type { HostsEntry } from './hostsFile';
import { cidrContains, formatIpv4, parseCidr, parseInterfaceAddress } from './ipv4';
import { newId } from './networkCatalog';
import type { Attachment, AttachRequest, Endpoint, ExtraHost, NetworkInfo } from './network';
import type { AttachmentRecord } from './networkStore';

const hostName = /^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9_])?$/;

export function checkName(text: string, what: string, max = 253): string {
  if (text.length > max || !hostName.test(text)) throw berthError('invalid-argument', `invalid ${what} "${text}": use letters, digits, '.', '_' and '-' (at most ${max} characters), starting with a letter or digit`);
  return text;
}

export function checkContainerId(containerId: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/.test(containerId)) throw berthError('invalid-argument', `invalid container id "${containerId}": letters, digits, '.', '_' and '-' only`);
  return containerId;
}

/** --add-host entries; "host-gateway" becomes the address the host has on the container's network. */
export function checkExtraHosts(hosts: readonly ExtraHost[], hostGateway: string): ExtraHost[] {
  return hosts.map((h) => {
    checkName(h.name, '--add-host name');
    const address = h.address === 'host-gateway' ? hostGateway : h.address;
    if (!isIP(address)) throw berthError('invalid-argument', `invalid --add-host ${h.name}:${h.address}: "${h.address}" is not an IP address (or host-gateway)`);
    return { name: h.name, address };
  });
}

export function checkDns(dns: AttachRequest['dns']): AttachRequest['dns'] {
  for (const server of dns?.servers ?? []) if (!isIP(server)) throw berthError('invalid-argument', `invalid --dns ${server}: not an IP address`);
  for (const domain of dns?.search ?? []) if (domain !== '.') checkName(domain, '--dns-search domain');
  for (const option of dns?.options ?? []) if (!/^[A-Za-z0-9_:.-]+$/.test(option)) throw berthError('invalid-argument', `invalid --dns-option "${option}"`);
  return dns;
}

/** What peers on a user-defined network resolve: name, aliases, short id, hostname (Docker's DNSNames). */
export function dnsNamesOf(network: NetworkInfo, containerId: string, name: string, aliases: readonly string[], hostname: string): string[] {
  if (network.predefined) return [];
  return [...new Set([name, ...aliases, containerId.slice(0, 12), hostname])];
}

export interface EndpointInput {
  readonly network: NetworkInfo;
  readonly ifname: string;
  readonly result: CniResult;
  readonly aliases: readonly string[];
  readonly dnsNames: readonly string[];
}

export function endpointFrom(input: EndpointInput): Endpoint {
  const { network, ifname, result } = input;
  const where = `CNI plugin bridge for network ${network.name}`;
  const { ip, mac } = containerAddress(result, ifname, where);
  const { address, prefixLength } = parseInterfaceAddress(ip.address);
  const subnet = parseCidr(network.ipam!.subnet);
  if (!cidrContains(subnet, address) || prefixLength !== subnet.prefixLength) {
    throw berthError('internal', `${where} assigned ${ip.address}, which is not in the network's subnet ${network.ipam!.subnet}`);
  }
  return {
    networkId: network.id,
    networkName: network.name,
    endpointId: newId(),
    ifname,
    macAddress: mac,
    ipv4: { address: formatIpv4(address), prefixLength },
    gateway: network.internal ? '' : network.ipam!.gateway,
    aliases: [...input.aliases],
    dnsNames: [...input.dnsNames],
  };
}

/** The entries other attached containers contribute to this one's hosts file. */
export function peersOf(record: AttachmentRecord, all: Iterable<AttachmentRecord>, isUserDefined: (networkId: string) => boolean): HostsEntry[] {
  const mine = new Set(record.endpoints.filter((e) => e.endpoint && isUserDefined(e.networkId)).map((e) => e.networkId));
  const peers: HostsEntry[] = [];
  if (!mine.size) return peers;
  for (const other of all) {
    if (other === record || other.state !== 'attached') continue;
    for (const e of other.endpoints) if (e.endpoint && mine.has(e.networkId)) peers.push({ address: e.endpoint.ipv4.address, names: e.endpoint.dnsNames });
  }
  return peers;
}

export function toAttachment(record: AttachmentRecord): Attachment {
  return {
    containerId: record.containerId,
    name: record.name,
    mode: record.mode,
    netnsPath: record.netnsPath,
    hostname: record.hostname,
    files: record.files,
    endpoints: record.endpoints.flatMap((e) => (e.endpoint ? [e.endpoint] : [])),
    ports: record.ports,
    warnings: record.warnings,
  };
}
