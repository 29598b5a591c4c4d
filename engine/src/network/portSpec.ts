// The `-p` / `--publish` syntax of the docker CLI: [ip:][hostPort:]containerPort[/proto], where either
// port may be a range ("8000-8010"). A host range with a single container port means "any free
// port of that range"; equal-length ranges map one to one.
import { berthError } from '../image/berthError';
import { tryParseIpv4 } from './ipv4';
import type { PortRequest, Protocol } from './network';

const protocols: readonly Protocol[] = ['tcp', 'udp', 'sctp'];

export function parseProtocol(text: string, spec: string): Protocol {
  const lower = text.toLowerCase();
  if ((protocols as readonly string[]).includes(lower)) return lower as Protocol;
  throw berthError('invalid-argument', `invalid proto: ${text} in port spec "${spec}": use tcp, udp or sctp`);
}

export interface PortRange {
  readonly start: number;
  readonly end: number;
}

/** "80" or "8000-8010"; `min` is 1 for container ports and 0 for host ports (0 = any). */
export function parsePortRange(text: string, what: string, spec: string, min = 1): PortRange {
  const match = /^([0-9]{1,5})(?:-([0-9]{1,5}))?$/.exec(text);
  const start = Number(match?.[1]);
  const end = match?.[2] === undefined ? start : Number(match[2]);
  if (!match || start < min || end > 65535 || end < start) {
    throw berthError('invalid-argument', `invalid ${what}: ${text} in port spec "${spec}": expected a port (${min}-65535) or a range such as 8000-8010`);
  }
  return { start, end };
}

/** Splits "ip:host:container" keeping IPv6 colons in the ip part (docker's splitParts). */
function splitParts(spec: string): { ip: string; host: string; container: string } {
  const parts = spec.split(':');
  const container = parts[parts.length - 1]!;
  if (parts.length === 1) return { ip: '', host: '', container };
  if (parts.length === 2) return { ip: '', host: parts[0]!, container };
  return { ip: parts.slice(0, -2).join(':'), host: parts[parts.length - 2]!, container };
}

/** One `-p` value → one request per container port. */
export function parsePortSpec(spec: string): PortRequest[] {
  const { ip, host, container } = splitParts(spec.trim());
  const slash = container.indexOf('/');
  const containerText = slash < 0 ? container : container.slice(0, slash);
  const protocol = slash < 0 ? 'tcp' : parseProtocol(container.slice(slash + 1), spec);
  if (ip.startsWith('[') || ip.includes(':')) {
    throw berthError('invalid-argument', `cannot publish "${spec}" on an IPv6 address: berth's networks are IPv4 only; publish on an IPv4 address or all addresses`);
  }
  if (ip !== '' && tryParseIpv4(ip) === undefined) throw berthError('invalid-argument', `invalid IP address: ${ip} in port spec "${spec}"`);
  if (containerText === '') throw berthError('invalid-argument', `no port specified: ${spec}<empty>`);
  const containerRange = parsePortRange(containerText, 'containerPort', spec);
  const hostRange = host === '' ? undefined : parsePortRange(host, 'hostPort', spec, 0);
  const containerCount = containerRange.end - containerRange.start;
  if (hostRange && containerCount !== hostRange.end - hostRange.start && containerCount !== 0) {
    throw berthError('invalid-argument', `invalid ranges specified for container and host Ports: ${containerText} and ${host}`);
  }
  const requests: PortRequest[] = [];
  for (let i = 0; i <= containerCount; i++) {
    const base = { containerPort: containerRange.start + i, protocol, hostIp: ip };
    if (!hostRange) requests.push(base);
    else if (containerCount === 0 && hostRange.end !== hostRange.start) requests.push({ ...base, hostPort: hostRange.start, hostPortEnd: hostRange.end });
    else requests.push({ ...base, hostPort: hostRange.start + i });
  }
  return requests;
}

/** "80/tcp" as Docker keys ExposedPorts, PortBindings and NetworkSettings.Ports. */
export function portKey(port: { containerPort: number; protocol: Protocol }): string {
  return `${port.containerPort}/${port.protocol}`;
}

/** Parses a Docker port key ("80", "80/udp"). */
export function parsePortKey(key: string): { containerPort: number; protocol: Protocol } {
  const slash = key.indexOf('/');
  const protocol = slash < 0 ? 'tcp' : parseProtocol(key.slice(slash + 1), key);
  const range = parsePortRange(slash < 0 ? key : key.slice(0, slash), 'port', key);
  if (range.start !== range.end) throw berthError('invalid-argument', `invalid port "${key}": a single port expected`);
  return { containerPort: range.start, protocol };
}
