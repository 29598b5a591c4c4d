// IPv4 addresses and CIDR blocks as unsigned 32-bit numbers, parsed once at the edge (STYLE 2).
// Strict dotted quads only: no leading zeros (octal in some parsers), no shorthand like "10.1".
import { berthError } from '../image/berthError';

export interface Cidr {
  /** The network address (host bits cleared). */
  readonly network: number;
  readonly prefixLength: number;
}

const octet = /^(0|[1-9][0-9]{0,2})$/;

/** Parses a dotted quad; undefined when `text` is not one. */
export function tryParseIpv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!octet.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = value * 256 + n;
  }
  return value;
}

export function parseIpv4(text: string, what = 'address'): number {
  const value = tryParseIpv4(text);
  if (value === undefined) throw berthError('invalid-argument', `invalid IPv4 ${what} "${text}": expected a dotted quad such as 172.18.0.2`);
  return value;
}

export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

export function maskOf(prefixLength: number): number {
  return prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
}

/** Parses "a.b.c.d/n". With `strict`, host bits must be zero (a subnet); otherwise they are cleared. */
export function parseCidr(text: string, what = 'subnet', strict = true): Cidr {
  const slash = text.indexOf('/');
  const lengthText = slash < 0 ? '' : text.slice(slash + 1);
  if (slash < 0 || !/^(0|[1-9][0-9]?)$/.test(lengthText) || Number(lengthText) > 32) {
    throw berthError('invalid-argument', `invalid ${what} "${text}": expected CIDR notation such as 172.18.0.0/16`);
  }
  const address = parseIpv4(text.slice(0, slash), what);
  const prefixLength = Number(lengthText);
  const network = (address & maskOf(prefixLength)) >>> 0;
  if (strict && network !== address) {
    throw berthError('invalid-argument', `invalid ${what} "${text}": host bits are set; did you mean ${formatIpv4(network)}/${prefixLength}?`);
  }
  return { network, prefixLength };
}

/** An interface address with its prefix ("172.17.0.2/16"), as CNI results carry them. */
export function parseInterfaceAddress(text: string): { address: number; prefixLength: number } {
  const cidr = parseCidr(text, 'interface address', false);
  return { address: parseIpv4(text.slice(0, text.indexOf('/'))), prefixLength: cidr.prefixLength };
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIpv4(cidr.network)}/${cidr.prefixLength}`;
}

export function cidrSize(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefixLength);
}

export function cidrContains(cidr: Cidr, address: number): boolean {
  return ((address & maskOf(cidr.prefixLength)) >>> 0) === cidr.network;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  const shorter = Math.min(a.prefixLength, b.prefixLength);
  const mask = maskOf(shorter);
  return ((a.network & mask) >>> 0) === ((b.network & mask) >>> 0);
}

/** The last address of the block (the broadcast address for a subnet). */
export function cidrLast(cidr: Cidr): number {
  return cidr.network + cidrSize(cidr) - 1;
}

export function isLoopback(address: number): boolean {
  return address >>> 24 === 127;
}
