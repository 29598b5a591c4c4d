// berth's own iptables rules, one set per network rather than per container (as Docker does it):
//   filter <PREFIX>-ISOLATE, this root's drops:
//     an internal network's packets leaving its bridge (also towards another network's published
//     ports);
//     any packet entering a bridge from another interface, unless it is a reply to the containers'
//     own connections or DNATed (published; not into an internal network): nothing is reachable
//     from outside, nor from another network, unless published.
//   filter BERTH-ISOLATION, shared by every berth root on the host: a jump to each root's ISOLATE.
//   filter <PREFIX>-FORWARD, jumped to first from FORWARD: BERTH-ISOLATION first, so that every
//     root's drops come before any root's accepts, whichever root's chain FORWARD reaches first
//     (each root inserts its jump at the top: the last one started comes first). Then the accepts:
//     replies and published traffic into a bridge; what a container sends may leave its bridge;
//     bridged traffic between two containers of one network (seen here when br_netfilter is
//     loaded). These make a FORWARD policy of DROP (a host running Docker, or a hardened firewall)
//     work. They replace the CNI firewall plugin's per-container ACCEPTs, which cost a plugin and
//     nine iptables runs on every start and as many on every removal.
//   nat <PREFIX>-POSTROUTING: the network's subnet is masqueraded when leaving by any other interface.
//   mangle <PREFIX>-PREROUTING: a packet addressed to a network's containers that arrives by any
//     other interface than its bridge is dropped before routing, unless it is a reply (the bridge's
//     own address excepted: that is the host). The filter rules above are only as good as their
//     place in FORWARD, and another engine's chains (Docker's, podman's) may come first and accept
//     everything their containers send; mangle PREROUTING comes before any of them. Published ports
//     are unaffected: their packets are addressed to the host until nat PREROUTING rewrites them,
//     after mangle. Replies must pass: a network without masquerading gets its containers' replies
//     addressed to them (so raw PREROUTING, before conntrack, will not do; Docker 28 uses raw for
//     its masqueraded networks). Also dropped there: a packet from a bridge to 127.0.0.0/8, which
//     route_localnet (portmap's, for ports published on 127.0.0.1) would let reach the host.
// portmap adds the DNAT rules of published ports.
// Every sync rewrites this root's chains from the list of networks in one iptables-restore
// transaction; the shared chain is only ever added to or taken from, one jump at a time.
import { berthError } from '../image/berthError';
import { runCommand, type CommandRunner } from './hostCommand';
import type { NetworkInfo } from './network';

export interface FirewallChains {
  readonly forward: string;
  readonly isolate: string;
  readonly postrouting: string;
  /** In the mangle table. */
  readonly prerouting: string;
}

/** Every berth root's drops, reached from each root's FORWARD chain before its accepts. */
export const sharedIsolationChain = 'BERTH-ISOLATION';

export function firewallChains(prefix: string): FirewallChains {
  if (!/^[A-Z][A-Z0-9_-]{0,14}$/.test(prefix)) throw berthError('invalid-argument', `invalid iptables chain prefix "${prefix}": up to 15 capitals, digits, '-' or '_'`);
  return { forward: `${prefix}-FORWARD`, isolate: `${prefix}-ISOLATE`, postrouting: `${prefix}-POSTROUTING`, prerouting: `${prefix}-PREROUTING` };
}

/** Which jumps already exist (a jump is added only once; declaring a chain does not remove them). */
export interface FirewallJumps {
  readonly forward: boolean;
  readonly isolation: boolean;
  readonly postrouting: boolean;
  readonly prerouting: boolean;
}

const quote = (text: string): string => `"${text.replace(/["\\]/g, '')}"`;

/**
 * iptables-restore --noflush input: declaring a chain flushes it, so this replaces this root's rules
 * whole. The shared chain must exist already (it is never declared here: that would flush the
 * other roots' jumps).
 */
export function renderRules(chains: FirewallChains, networks: readonly NetworkInfo[], jumps: FirewallJumps): string {
  // the drops in two passes, what internal networks send before what enters each bridge, so that
  // an internal network's packet is dropped before another network's exception lets it in
  const internal: string[] = [];
  const inbound: string[] = [];
  const accepts: string[] = [];
  const nat = ['*nat', `:${chains.postrouting} - [0:0]`];
  const mangle = ['*mangle', `:${chains.prerouting} - [0:0]`];
  for (const n of networks) {
    if (n.driver !== 'bridge' || !n.bridge || !n.ipam) continue;
    const br = n.bridge;
    const comment = (what: string) => `-m comment --comment ${quote(`berth ${n.name}: ${what}`)}`;
    if (n.internal) internal.push(`-A ${chains.isolate} -i ${br} ! -o ${br} ${comment('internal')} -j DROP`);
    inbound.push(`-A ${chains.isolate} -o ${br} ! -i ${br} -m conntrack ! --ctstate ${n.internal ? 'RELATED,ESTABLISHED' : 'RELATED,ESTABLISHED,DNAT'} ${comment('not published')} -j DROP`);
    accepts.push(`-A ${chains.forward} -o ${br} -m conntrack --ctstate RELATED,ESTABLISHED ${comment('replies')} -j ACCEPT`);
    if (!n.internal) accepts.push(`-A ${chains.forward} -o ${br} -m conntrack --ctstate DNAT ${comment('published ports')} -j ACCEPT`);
    accepts.push(`-A ${chains.forward} -i ${br} -o ${br} ${comment('between its containers')} -j ACCEPT`);
    if (!n.internal) accepts.push(`-A ${chains.forward} -i ${br} ! -o ${br} ${comment('outbound')} -j ACCEPT`);
    mangle.push(`-A ${chains.prerouting} -d ${n.ipam.subnet} ! -i ${br} -m addrtype ! --dst-type LOCAL -m conntrack ! --ctstate RELATED,ESTABLISHED ${comment('only through its bridge')} -j DROP`);
    // portmap turns route_localnet on for the bridge of a port published on 127.0.0.1; a container
    // (CAP_NET_RAW) could then send packets to the host's loopback services. None has a reason to.
    mangle.push(`-A ${chains.prerouting} -i ${br} -d 127.0.0.0/8 ${comment('no loopback destinations')} -j DROP`);
    if (n.masquerade && !n.internal) nat.push(`-A ${chains.postrouting} -s ${n.ipam.subnet} ! -o ${br} ${comment('outbound NAT')} -j MASQUERADE`);
  }
  const filter = [
    '*filter', `:${chains.isolate} - [0:0]`, `:${chains.forward} - [0:0]`,
    ...internal, ...inbound,
    `-A ${chains.forward} -j ${sharedIsolationChain}`, ...accepts,
  ];
  if (!jumps.isolation) filter.push(`-A ${sharedIsolationChain} -j ${chains.isolate}`);
  if (!jumps.forward) filter.push(`-I FORWARD 1 -j ${chains.forward}`);
  if (!jumps.postrouting) nat.push(`-A POSTROUTING -j ${chains.postrouting}`);
  if (!jumps.prerouting) mangle.push(`-A PREROUTING -j ${chains.prerouting}`);
  return [...filter, 'COMMIT', ...nat, 'COMMIT', ...mangle, 'COMMIT', ''].join('\n');
}

export class HostFirewall {
  readonly chains: FirewallChains;
  /** This root's jumps: table, the chain jumping, the chain jumped to (sync adds them, remove takes them). */
  private readonly jumps: readonly (readonly [table: string, parent: string, chain: string])[];

  constructor(prefix: string, private readonly run: CommandRunner = runCommand) {
    this.chains = firewallChains(prefix);
    this.jumps = [
      ['filter', 'FORWARD', this.chains.forward],
      ['filter', sharedIsolationChain, this.chains.isolate],
      ['nat', 'POSTROUTING', this.chains.postrouting],
      ['mangle', 'PREROUTING', this.chains.prerouting],
    ];
  }

  async sync(networks: readonly NetworkInfo[]): Promise<void> {
    // another root's remove() may delete the shared chain between its creation and the restore
    // (it only can while the chain is empty): the restore then fails, and one more round succeeds
    for (let attempt = 1; ; attempt++) {
      await this.run('iptables', ['-w', '-t', 'filter', '-N', sharedIsolationChain]); // "already exists" is fine
      const [forward = false, isolation = false, postrouting = false, prerouting = false] = await Promise.all(this.jumps.map(([table, parent, chain]) => this.exists(table, parent, chain)));
      const { code, stderr } = await this.run('iptables-restore', ['-w', '--noflush'], renderRules(this.chains, networks, { forward, isolation, postrouting, prerouting }));
      if (code === 0) return;
      if (attempt < 2 && stderr.includes(sharedIsolationChain)) continue;
      throw berthError('internal', `install berth's iptables rules (${this.jumps.map(([table, , chain]) => `${table} ${chain}`).join(', ')}): iptables-restore failed: ${stderr.trim()}`);
    }
  }

  /** Removes the jumps and this root's chains (no networks left), and the shared chain once no root uses it. */
  async remove(): Promise<void> {
    for (const [table, parent, chain] of this.jumps) {
      while (await this.exists(table, parent, chain)) await this.iptables(table, '-D', parent, '-j', chain);
      const listed = await this.run('iptables', ['-w', '-t', table, '-S', chain]);
      if (listed.code !== 0) continue;
      await this.iptables(table, '-F', chain);
      await this.iptables(table, '-X', chain);
    }
    // refused while another root jumps to it or from it: then it is that root's to remove
    await this.run('iptables', ['-w', '-t', 'filter', '-X', sharedIsolationChain]);
  }

  private async exists(table: string, parent: string, chain: string): Promise<boolean> {
    const { code } = await this.run('iptables', ['-w', '-t', table, '-C', parent, '-j', chain]);
    return code === 0;
  }

  private async iptables(table: string, ...args: string[]): Promise<void> {
    const { code, stderr } = await this.run('iptables', ['-w', '-t', table, ...args]);
    if (code !== 0) throw berthError('internal', `iptables -t ${table} ${args.join(' ')} failed: ${stderr.trim()}`);
  }
}
