// Host ports published by containers. portmap only writes DNAT rules: it neither binds the port nor
// notices a second container (or a host process) using the same one, where the first rule silently
// wins. So berth keeps the table of allocated ports (rebuilt from the attachment records at start)
// and probes each new port by binding it once, failing before the container starts with Docker's
// message. A port stays allocated until its container's CNI DEL has removed the rules.
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { berthError, errnoCode } from '../image/berthError';
import type { PortRequest, Protocol, PublishedPort } from './network';

interface Holder {
  readonly owner: string;
  readonly label: string;
  readonly hostIp: string;
}

/** Resolves when `hostIp:port` could be bound right now; rejects with the bind error otherwise. */
export type PortProbe = (protocol: Protocol, hostIp: string, port: number) => Promise<void>;

export interface PortAllocatorOptions {
  probe?: PortProbe;
  /** Range for random host ports; default: the kernel's ip_local_port_range, as Docker uses. */
  dynamicRange?: { start: number; end: number };
}

const anyAddress = '0.0.0.0';

export class PortAllocator {
  private readonly table = new Map<string, Holder[]>();
  private readonly probe: PortProbe;
  private readonly range: { start: number; end: number };

  constructor(options: PortAllocatorOptions = {}) {
    this.probe = options.probe ?? probeHostPort;
    this.range = options.dynamicRange ?? readDynamicRange();
  }

  /** Records ports already published (attachments found at start). */
  adopt(owner: string, label: string, ports: readonly PublishedPort[]): void {
    for (const p of ports) this.hold(owner, label, p.protocol, p.hostIp, p.hostPort);
  }

  /** Allocates every request for `owner`, or none: on error nothing stays allocated. */
  async reserve(owner: string, label: string, requests: readonly PortRequest[]): Promise<PublishedPort[]> {
    const published: PublishedPort[] = [];
    try {
      // claim synchronously so concurrent reservations see each other, then probe in parallel
      const claims = requests.map((r) => this.claim(owner, label, r));
      const probed = await Promise.allSettled(claims.map((c) => this.probeClaim(owner, label, c)));
      for (const result of probed) if (result.status === 'fulfilled') published.push(result.value);
      const failed = probed.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
      return published;
    } catch (err) {
      this.release(owner);
      throw err;
    }
  }

  /** Owners holding one of the fixed host ports requested (to wait for their release). */
  holdersOf(requests: readonly PortRequest[]): Set<string> {
    const owners = new Set<string>();
    for (const r of requests) {
      if (!r.hostPort || r.hostPortEnd) continue;
      const hostIp = r.hostIp || anyAddress;
      for (const h of this.table.get(`${r.protocol}/${r.hostPort}`) ?? []) if (h.hostIp === hostIp || h.hostIp === anyAddress || hostIp === anyAddress) owners.add(h.owner);
    }
    return owners;
  }

  release(owner: string): void {
    for (const [key, holders] of this.table) {
      const left = holders.filter((h) => h.owner !== owner);
      if (left.length) this.table.set(key, left);
      else this.table.delete(key);
    }
  }

  private claim(owner: string, label: string, request: PortRequest): { request: PortRequest; port: PublishedPort } {
    const hostIp = request.hostIp || anyAddress;
    const { protocol } = request;
    if (request.hostPort && !request.hostPortEnd) {
      const holder = this.conflict(protocol, hostIp, request.hostPort);
      if (holder) throw allocated(hostIp, request.hostPort, `by container ${holder.label}`);
      this.hold(owner, label, protocol, hostIp, request.hostPort);
      return { request, port: { containerPort: request.containerPort, protocol, hostIp, hostPort: request.hostPort } };
    }
    const port = this.freePort(request, hostIp, new Set());
    this.hold(owner, label, protocol, hostIp, port);
    return { request, port: { containerPort: request.containerPort, protocol, hostIp, hostPort: port } };
  }

  /** Probes a claimed port; a random port that a host process holds is swapped for another. */
  private async probeClaim(owner: string, label: string, claim: { request: PortRequest; port: PublishedPort }): Promise<PublishedPort> {
    const { request } = claim;
    let port = claim.port;
    const tried = new Set<number>();
    for (;;) {
      try {
        await this.probe(port.protocol, port.hostIp, port.hostPort);
        return port;
      } catch (err) {
        const fixed = Boolean(request.hostPort && !request.hostPortEnd);
        if (errnoCode(err) === 'EADDRNOTAVAIL') throw berthError('invalid-argument', `cannot publish on ${port.hostIp}:${port.hostPort}: ${port.hostIp} is not an address of this host`, err);
        if (errnoCode(err) !== 'EADDRINUSE' || fixed) throw allocated(port.hostIp, port.hostPort, 'by a process on this host', err);
        tried.add(port.hostPort);
        this.unhold(owner, port);
        const next = this.freePort(request, port.hostIp, tried);
        this.hold(owner, label, port.protocol, port.hostIp, next);
        port = { ...port, hostPort: next };
      }
    }
  }

  private freePort(request: PortRequest, hostIp: string, skip: ReadonlySet<number>): number {
    const start = request.hostPortEnd ? request.hostPort! : this.range.start;
    const end = request.hostPortEnd ?? this.range.end;
    const count = end - start + 1;
    const offset = Math.floor(Math.random() * count);
    for (let i = 0; i < count; i++) {
      const port = start + ((offset + i) % count);
      if (!skip.has(port) && !this.conflict(request.protocol, hostIp, port)) return port;
    }
    throw berthError('failed-precondition', `no free host port in ${start}-${end} for ${request.containerPort}/${request.protocol}: all are allocated; stop containers that publish ports or choose a port`);
  }

  private conflict(protocol: Protocol, hostIp: string, port: number): Holder | undefined {
    return this.table.get(`${protocol}/${port}`)?.find((h) => h.hostIp === hostIp || h.hostIp === anyAddress || hostIp === anyAddress);
  }

  private hold(owner: string, label: string, protocol: Protocol, hostIp: string, port: number): void {
    const key = `${protocol}/${port}`;
    this.table.set(key, [...(this.table.get(key) ?? []), { owner, label, hostIp }]);
  }

  private unhold(owner: string, port: PublishedPort): void {
    const key = `${port.protocol}/${port.hostPort}`;
    const left = (this.table.get(key) ?? []).filter((h) => h.owner !== owner || h.hostIp !== port.hostIp);
    if (left.length) this.table.set(key, left);
    else this.table.delete(key);
  }
}

function allocated(hostIp: string, port: number, holder: string, cause?: unknown) {
  return berthError('failed-precondition', `Bind for ${hostIp}:${port} failed: port is already allocated (${holder}); free the port or publish on another one`, cause);
}

export function readDynamicRange(file = '/proc/sys/net/ipv4/ip_local_port_range'): { start: number; end: number } {
  try {
    const [start, end] = readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
    if (start && end && start <= end && end <= 65535) return { start, end };
  } catch {
    // fall through to Docker's fallback range
  }
  return { start: 49153, end: 65535 };
}

/** Binds the port once and lets it go. SCTP cannot be probed from Node and is taken on trust. */
export function probeHostPort(protocol: Protocol, hostIp: string, port: number): Promise<void> {
  if (protocol === 'sctp') return Promise.resolve();
  return new Promise((resolve, reject) => {
    if (protocol === 'udp') {
      const socket = createSocket('udp4');
      socket.once('error', (err) => { socket.close(); reject(err); });
      socket.bind({ address: hostIp, port, exclusive: true }, () => socket.close(() => resolve()));
      return;
    }
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: hostIp, port, exclusive: true, backlog: 1 }, () => server.close(() => resolve()));
  });
}
