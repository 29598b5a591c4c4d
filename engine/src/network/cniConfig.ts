// The CNI configuration of one endpoint (a container on a network), as data: bridge with host-local
// IPAM, then portmap only when ports are published (without mappings it does nothing but cost a
// process start). Masquerading is not the bridge plugin's per-container ipMasq (a chain and three
// rules per container), and forwarding is not the firewall plugin's per-container ACCEPTs: both are
// a few rules per network from firewallRules.ts, as Docker does it. The bridge itself outlives its
// containers (the plugin never deletes it).
import { cidrContains, cidrLast, formatIpv4, parseCidr, parseIpv4 } from './ipv4';
import type { NetworkInfo, PublishedPort } from './network';
import type { PluginConfig } from './cniPlugins';
import { berthError } from '../image/berthError';

export const cniVersion = '1.0.0';

export interface EndpointPlan {
  readonly network: NetworkInfo;
  /** host-local's dataDir for this network */
  readonly ipamDir: string;
  /** The primary endpoint carries the default route and the published ports. */
  readonly primary: boolean;
  readonly ports: readonly PublishedPort[];
  readonly ipv4Address?: string;
}

export function endpointPlugins(plan: EndpointPlan): PluginConfig[] {
  const { network } = plan;
  if (network.driver !== 'bridge' || !network.ipam || !network.bridge) throw berthError('internal', `network ${network.name} has no bridge to attach to`);
  const base = { cniVersion, name: network.name };
  const bridge: PluginConfig = {
    ...base,
    type: 'bridge',
    bridge: network.bridge,
    isGateway: true,
    ipMasq: false,
    hairpinMode: true,
    ...(network.mtu ? { mtu: network.mtu } : {}),
    ipam: {
      type: 'host-local',
      dataDir: plan.ipamDir,
      // a fixed address may lie outside the ip range (Docker's IPRange only bounds dynamic allocation)
      ranges: [[plan.ipv4Address ? { subnet: network.ipam.subnet, gateway: network.ipam.gateway } : ipamRange(network)]],
      routes: plan.primary && !network.internal ? [{ dst: '0.0.0.0/0' }] : [],
    },
    ...(plan.ipv4Address ? { runtimeConfig: { ips: [`${requestedAddress(network, plan.ipv4Address)}/${parseCidr(network.ipam.subnet).prefixLength}`] } } : {}),
  };
  const plugins = [bridge];
  if (plan.ports.length) {
    plugins.push({
      ...base,
      type: 'portmap',
      snat: true,
      runtimeConfig: {
        portMappings: plan.ports.map((p) => ({
          hostPort: p.hostPort,
          containerPort: p.containerPort,
          protocol: p.protocol,
          ...(p.hostIp !== '0.0.0.0' ? { hostIP: p.hostIp } : {}),
        })),
      },
    });
  }
  return plugins;
}

function ipamRange(network: NetworkInfo): Record<string, string> {
  const ipam = network.ipam!;
  const range: Record<string, string> = { subnet: ipam.subnet, gateway: ipam.gateway };
  if (ipam.ipRange) {
    const subnet = parseCidr(ipam.subnet);
    const pool = parseCidr(ipam.ipRange, 'ip range');
    range.rangeStart = formatIpv4(Math.max(pool.network, subnet.network + 1));
    range.rangeEnd = formatIpv4(Math.min(cidrLast(pool), cidrLast(subnet) - 1));
  }
  return range;
}

/** Checks a --ip request against the network; host-local then refuses it if another holds it. */
export function requestedAddress(network: NetworkInfo, text: string): string {
  const address = parseIpv4(text, 'address (--ip)');
  const subnet = parseCidr(network.ipam!.subnet);
  if (!cidrContains(subnet, address) || address === subnet.network || address === cidrLast(subnet)) {
    throw berthError('invalid-argument', `invalid address ${text} for network ${network.name}: not a host address of its subnet ${network.ipam!.subnet}`);
  }
  if (text === network.ipam!.gateway) throw berthError('invalid-argument', `invalid address ${text} for network ${network.name}: it is the network's gateway`);
  return formatIpv4(address);
}
