// Subnets for networks created without one: Docker's default address pools (172.17-31.0.0/16, then
// 192.168.0.0/16 in /20s), skipping every block that overlaps a route or an interface address of
// the host or a network berth already has, so a new bridge never hides a route the host relies on.
import { readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { berthError } from '../image/berthError';
import { cidrsOverlap, formatCidr, maskOf, parseIpv4, type Cidr } from './ipv4';

export interface AddressPool {
  /** The block split into subnets */
  readonly base: Cidr;
  /** The prefix length of each subnet handed out */
  readonly size: number;
}

export const defaultPools: readonly AddressPool[] = [
  { base: { network: parseIpv4('172.17.0.0'), prefixLength: 16 }, size: 16 },
  { base: { network: parseIpv4('172.18.0.0'), prefixLength: 15 }, size: 16 },
  { base: { network: parseIpv4('172.20.0.0'), prefixLength: 14 }, size: 16 },
  { base: { network: parseIpv4('172.24.0.0'), prefixLength: 14 }, size: 16 },
  { base: { network: parseIpv4('172.28.0.0'), prefixLength: 14 }, size: 16 },
  { base: { network: parseIpv4('192.168.0.0'), prefixLength: 16 }, size: 20 },
];

/** The first subnet of the pools that overlaps none of `taken`. */
export function chooseSubnet(taken: readonly Cidr[], pools: readonly AddressPool[] = defaultPools): Cidr {
  for (const pool of pools) {
    const count = 2 ** (pool.size - pool.base.prefixLength);
    const step = 2 ** (32 - pool.size);
    for (let i = 0; i < count; i++) {
      const candidate = { network: pool.base.network + i * step, prefixLength: pool.size };
      if (!taken.some((t) => cidrsOverlap(t, candidate))) return candidate;
    }
  }
  const tried = pools.map((p) => `${formatCidr(p.base)} in /${p.size}s`).join(', ');
  throw berthError('unavailable', `no free subnet for a new network: every subnet of ${tried} overlaps a host route or another network; remove unused networks (berth network prune) or pass --subnet`);
}

/** Parses /proc/net/route: destinations with their masks, in host byte order. The default route is left out. */
export function parseRouteTable(text: string): Cidr[] {
  const routes: Cidr[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 8) continue;
    const destination = littleEndianHex(fields[1]!);
    const mask = littleEndianHex(fields[7]!);
    if (destination === undefined || mask === undefined || mask === 0) continue;
    const prefixLength = mask.toString(2).replace(/0/g, '').length;
    if (maskOf(prefixLength) !== mask) continue;
    routes.push({ network: (destination & mask) >>> 0, prefixLength });
  }
  return routes;
}

function littleEndianHex(text: string): number | undefined {
  if (!/^[0-9A-Fa-f]{8}$/.test(text)) return undefined;
  const b = Buffer.from(text, 'hex');
  return ((b[3]! << 24) | (b[2]! << 16) | (b[1]! << 8) | b[0]!) >>> 0;
}

/** What the host already uses: routes of the main table and the subnets of its interface addresses. */
export function readHostSubnets(routeFile = '/proc/net/route'): Cidr[] {
  let routes: Cidr[] = [];
  try {
    routes = parseRouteTable(readFileSync(routeFile, 'utf8'));
  } catch {
    // without /proc (never on Linux hosts berth supports) the interface addresses below still count
  }
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) {
      if (a.family !== 'IPv4' || a.internal) continue;
      const [, length] = a.cidr?.split('/') ?? [];
      const prefixLength = Number(length ?? 32);
      routes.push({ network: (parseIpv4(a.address) & maskOf(prefixLength)) >>> 0, prefixLength });
    }
  }
  return routes;
}
