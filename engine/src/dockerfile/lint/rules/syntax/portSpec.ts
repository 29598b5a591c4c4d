/**
 * BuildKit's EXPOSE port parsing (dockerfile2llb/convert_expose.go): `[[ip:]hostPort:]port[-end][/proto]`.
 * Host IPs and host ports are accepted by the parser (ExposeInvalidFormat warns about them); what
 * fails the build is reported here with BuildKit's error text.
 */
import { quoteGo } from '../../../lineParsers';
import { parseGoInt } from '../../../goValues';

export interface PortError {
  readonly message: string;
  /** The protocol as written, when the protocol is what is wrong. */
  readonly badProtocol?: string;
}

/** Why BuildKit rejects one EXPOSE word, or undefined when it accepts it. */
export function portSpecError(raw: string): PortError | undefined {
  const { ip: rawIp, hostPort, containerPort: withProto } = splitParts(raw);
  const slash = withProto.indexOf('/');
  const port = slash < 0 ? withProto : withProto.slice(0, slash);
  const proto = slash < 0 ? '' : withProto.slice(slash + 1);
  if (port === '') return { message: `invalid port: ${quoteGo(raw)}: no port specified` };
  if (!['', 'tcp', 'udp', 'sctp'].includes(proto.toLowerCase())) {
    return { message: `invalid port: ${quoteGo(raw)}: invalid proto: ${proto}`, badProtocol: proto };
  }
  let ip = rawIp;
  if (ip !== '' && ip[0] === '[') {
    const m = /^\[([^\]]*)\]$/.exec(ip);
    if (!m) return { message: `invalid IP address ${ip}: address ${ip}:: missing ']' in address` };
    ip = m[1];
  }
  if (ip !== '' && !isGoIP(ip)) return { message: `invalid IP address: ${ip}` };
  const container = portRange(port);
  if (!container) return { message: `invalid containerPort: ${port}` };
  if (hostPort !== '') {
    const host = portRange(hostPort);
    if (!host) return { message: `invalid hostPort: ${hostPort}` };
    if (container[1] - container[0] !== host[1] - host[0] && container[1] !== container[0]) {
      return { message: `invalid ranges specified for container and host Ports: ${port} and ${hostPort}` };
    }
  }
  return undefined;
}

function splitParts(raw: string): { ip: string; hostPort: string; containerPort: string } {
  const parts = raw.split(':');
  const n = parts.length;
  if (n === 1) return { ip: '', hostPort: '', containerPort: parts[0] };
  if (n === 2) return { ip: '', hostPort: parts[0], containerPort: parts[1] };
  return { ip: parts.slice(0, n - 2).join(':'), hostPort: parts[n - 2], containerPort: parts[n - 1] };
}

function portRange(text: string): [number, number] | undefined {
  if (text === '') return undefined;
  const dash = text.indexOf('-');
  const startText = dash < 0 ? text : text.slice(0, dash);
  const endText = dash < 0 ? '' : text.slice(dash + 1);
  const start = portNumber(startText);
  if (start === undefined) return undefined;
  if (dash < 0 || startText === endText) return [start, start];
  const end = portNumber(endText);
  if (end === undefined || end < start) return undefined;
  return [start, end];
}

function portNumber(text: string): number | undefined {
  if (text === '') return undefined;
  const r = parseGoInt(text, 64);
  if (!('value' in r) || r.value < 0n || r.value > 65535n) return undefined;
  return Number(r.value);
}

/** Go's net.ParseIP: dotted IPv4 without leading zeros, or IPv6 (no zone). */
export function isGoIP(text: string): boolean {
  return isIPv4(text) || isIPv6(text);
}

function isIPv4(text: string): boolean {
  const fields = text.split('.');
  if (fields.length !== 4) return false;
  return fields.every((f) => /^(?:0|[1-9][0-9]{0,2})$/.test(f) && Number(f) <= 255);
}

function isIPv6(text: string): boolean {
  if (text.includes('%')) return false;
  const doubleColon = text.indexOf('::');
  if (doubleColon >= 0 && text.indexOf('::', doubleColon + 1) >= 0) return false;
  const halves = doubleColon >= 0 ? [text.slice(0, doubleColon), text.slice(doubleColon + 2)] : [text];
  let groups = 0;
  for (const [h, half] of halves.entries()) {
    if (half === '') continue;
    const fields = half.split(':');
    for (const [i, field] of fields.entries()) {
      const last = h === halves.length - 1 && i === fields.length - 1;
      if (last && field.includes('.')) {
        if (!isIPv4(field)) return false;
        groups += 2;
      } else if (/^[0-9a-fA-F]{1,4}$/.test(field)) groups++;
      else return false;
    }
  }
  return doubleColon >= 0 ? groups < 8 : groups === 8;
}
