// Ports in the Docker Engine API's shapes: HostConfig.PortBindings (+ PublishAllPorts over
// Config.ExposedPorts) in, NetworkSettings.Ports out. Both are keyed "80/tcp".
import { berthError } from '../image/berthError';
import { tryParseIpv4 } from './ipv4';
import type { PortRequest, PublishedPort } from './network';
import { parsePortKey, parsePortRange, portKey } from './portSpec';

export interface DockerPortBinding {
  HostIp: string;
  HostPort: string;
}

export type DockerPortMap = Record<string, DockerPortBinding[] | null>;

/**
 * HostConfig.PortBindings (untrusted JSON) → requests. With publishAll (`-P`), each exposed port
 * that has no explicit binding gets a random host port.
 */
export function portRequestsFromApi(portBindings: unknown, exposedPorts: readonly string[] = [], publishAll = false): PortRequest[] {
  const requests: PortRequest[] = [];
  const bound = new Set<string>();
  if (portBindings !== undefined && portBindings !== null) {
    if (typeof portBindings !== 'object' || Array.isArray(portBindings)) throw berthError('invalid-argument', 'HostConfig.PortBindings: expected an object keyed by "port/proto"');
    for (const [key, list] of Object.entries(portBindings as Record<string, unknown>)) {
      const port = parsePortKey(key);
      bound.add(portKey(port));
      const bindings = list === null ? [{}] : list;
      if (!Array.isArray(bindings)) throw berthError('invalid-argument', `HostConfig.PortBindings["${key}"]: expected a list of {HostIp, HostPort}`);
      for (const [i, binding] of bindings.entries()) requests.push(requestOf(port, binding, `HostConfig.PortBindings["${key}"][${i}]`));
    }
  }
  if (publishAll) {
    for (const key of exposedPorts) {
      const port = parsePortKey(key);
      if (!bound.has(portKey(port))) requests.push({ ...port, hostIp: '' });
    }
  }
  return requests;
}

function requestOf(port: Pick<PortRequest, 'containerPort' | 'protocol'>, binding: unknown, where: string): PortRequest {
  if (typeof binding !== 'object' || binding === null) throw berthError('invalid-argument', `${where}: expected {HostIp, HostPort}`);
  const { HostIp: hostIp = '', HostPort: hostPort = '' } = binding as { HostIp?: unknown; HostPort?: unknown };
  if (typeof hostIp !== 'string' || typeof hostPort !== 'string') throw berthError('invalid-argument', `${where}: HostIp and HostPort must be strings`);
  if (hostIp !== '' && hostIp !== '0.0.0.0' && tryParseIpv4(hostIp) === undefined) {
    throw berthError('invalid-argument', `${where}: invalid HostIp "${hostIp}": berth publishes on IPv4 addresses only`);
  }
  const ip = hostIp === '0.0.0.0' ? '' : hostIp;
  if (hostPort === '') return { ...port, hostIp: ip };
  const range = parsePortRange(hostPort, 'HostPort', where, 0);
  return range.start === range.end ? { ...port, hostIp: ip, hostPort: range.start } : { ...port, hostIp: ip, hostPort: range.start, hostPortEnd: range.end };
}

/**
 * NetworkSettings.Ports of container inspect: every exposed port, null when not published, plus
 * every published one. Keys are sorted like Docker's output.
 */
export function toDockerPortMap(published: readonly PublishedPort[], exposedPorts: readonly string[] = []): DockerPortMap {
  const map: DockerPortMap = {};
  for (const key of exposedPorts) map[portKey(parsePortKey(key))] = null;
  for (const p of published) {
    const key = portKey(p);
    (map[key] ??= []).push({ HostIp: p.hostIp, HostPort: String(p.hostPort) });
  }
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => comparePortKeys(a, b)));
}

function comparePortKeys(a: string, b: string): number {
  const [pa, qa] = a.split('/');
  const [pb, qb] = b.split('/');
  return Number(pa) - Number(pb) || (qa ?? '').localeCompare(qb ?? '');
}

/** `docker port` lines: "80/tcp -> 0.0.0.0:8080". */
export function formatPublishedPort(p: PublishedPort): string {
  return `${portKey(p)} -> ${p.hostIp}:${p.hostPort}`;
}
