// berth's own iptables rules, one set per network rather than per container (as Docker does it):
//   filter <PREFIX>-FORWARD, jumped to first from FORWARD:
//     first, an internal network's packets leaving its bridge are dropped (also towards another
//     network's published ports);
//     replies to the containers' own connections and DNATed (published) traffic may enter the bridge;
//     any other packet entering the bridge from another interface is dropped: nothing is reachable
//     from outside, nor from another network, unless published.
//     Then, after every network's drops (so that no ACCEPT can let one network into another): what
//     a container sends may leave its bridge, and bridged traffic between two containers of one
//     network (seen here when br_netfilter is loaded) is accepted. These make a FORWARD policy of
//     DROP (a host running Docker, or a hardened firewall) work. They replace the CNI firewall
//     plugin's per-container ACCEPTs, which cost a plugin and nine iptables runs on every start
//     and as many on every removal.
//   nat <PREFIX>-POSTROUTING: the network's subnet is masqueraded when leaving by any other interface.
// portmap adds the DNAT rules of published ports. Not covered: isolation from the bridges of another
// berth root or another engine, whose chains may be jumped to before these (neither did the
// firewall plugin's rules provide it; Docker shares one isolation chain between its networks).
// Every sync rewrites both chains from the list of networks in one iptables-restore transaction.
import { berthError } from '../image/berthError';
import { runCommand, type CommandRunner } from './hostCommand';
import type { NetworkInfo } from './network';

export interface FirewallChains {
  readonly forward: string;
  readonly postrouting: string;
}

export function firewallChains(prefix: string): FirewallChains {
  if (!/^[A-Z][A-Z0-9_-]{0,14}$/.test(prefix)) throw berthError('invalid-argument', `invalid iptables chain prefix "${prefix}": up to 15 capitals, digits, '-' or '_'`);
  return { forward: `${prefix}-FORWARD`, postrouting: `${prefix}-POSTROUTING` };
}

const quote = (text: string): string => `"${text.replace(/["\\]/g, '')}"`;

/** iptables-restore --noflush input: declaring a chain flushes it, so this replaces our rules whole. */
export function renderRules(chains: FirewallChains, networks: readonly NetworkInfo[], jumps: { forward: boolean; postrouting: boolean }): string {
  // three passes, so that no network's ACCEPT is reached before any network's DROP that should
  // stop the packet: what internal networks send, then what enters each bridge, then what leaves
  const internal: string[] = [];
  const inbound: string[] = [];
  const outbound: string[] = [];
  const nat = ['*nat', `:${chains.postrouting} - [0:0]`];
  for (const n of networks) {
    if (n.driver !== 'bridge' || !n.bridge || !n.ipam) continue;
    const br = n.bridge;
    const comment = (what: string) => `-m comment --comment ${quote(`berth ${n.name}: ${what}`)}`;
    if (n.internal) internal.push(`-A ${chains.forward} -i ${br} ! -o ${br} ${comment('internal')} -j DROP`);
    inbound.push(`-A ${chains.forward} -o ${br} -m conntrack --ctstate RELATED,ESTABLISHED ${comment('replies')} -j ACCEPT`);
    if (!n.internal) inbound.push(`-A ${chains.forward} -o ${br} -m conntrack --ctstate DNAT ${comment('published ports')} -j ACCEPT`);
    inbound.push(`-A ${chains.forward} -o ${br} ! -i ${br} ${comment('not published')} -j DROP`);
    outbound.push(`-A ${chains.forward} -i ${br} -o ${br} ${comment('between its containers')} -j ACCEPT`);
    if (!n.internal) outbound.push(`-A ${chains.forward} -i ${br} ! -o ${br} ${comment('outbound')} -j ACCEPT`);
    if (n.masquerade && !n.internal) nat.push(`-A ${chains.postrouting} -s ${n.ipam.subnet} ! -o ${br} ${comment('outbound NAT')} -j MASQUERADE`);
  }
  const filter = ['*filter', `:${chains.forward} - [0:0]`, ...internal, ...inbound, ...outbound];
  if (!jumps.forward) filter.push(`-I FORWARD 1 -j ${chains.forward}`);
  if (!jumps.postrouting) nat.push(`-A POSTROUTING -j ${chains.postrouting}`);
  return [...filter, 'COMMIT', ...nat, 'COMMIT', ''].join('\n');
}

export class HostFirewall {
  readonly chains: FirewallChains;

  constructor(prefix: string, private readonly run: CommandRunner = runCommand) {
    this.chains = firewallChains(prefix);
  }

  async sync(networks: readonly NetworkInfo[]): Promise<void> {
    const [forward, postrouting] = await Promise.all([
      this.exists('filter', 'FORWARD', this.chains.forward),
      this.exists('nat', 'POSTROUTING', this.chains.postrouting),
    ]);
    const { code, stderr } = await this.run('iptables-restore', ['-w', '--noflush'], renderRules(this.chains, networks, { forward, postrouting }));
    if (code !== 0) throw berthError('internal', `install berth's iptables rules (${this.chains.forward}, ${this.chains.postrouting}): iptables-restore failed: ${stderr.trim()}`);
  }

  /** Removes the jumps and both chains (no networks left). */
  async remove(): Promise<void> {
    for (const [table, parent, chain] of [['filter', 'FORWARD', this.chains.forward], ['nat', 'POSTROUTING', this.chains.postrouting]] as const) {
      while (await this.exists(table, parent, chain)) await this.iptables(table, '-D', parent, '-j', chain);
      const listed = await this.run('iptables', ['-w', '-t', table, '-S', chain]);
      if (listed.code !== 0) continue;
      await this.iptables(table, '-F', chain);
      await this.iptables(table, '-X', chain);
    }
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
