// The networks berth knows: the predefined `bridge` (default), `host` and `none`, and user-defined
// bridge networks. Owns their definitions, Docker's lookup rules and the validation of
// `network create`; attachments to them are the manager's business.
import { randomBytes } from 'node:crypto';
import { berthError } from '../image/berthError';
import { cidrContains, cidrLast, cidrsOverlap, formatCidr, formatIpv4, parseCidr, parseIpv4, type Cidr } from './ipv4';
import type { CreateNetworkOptions, NetworkInfo } from './network';
import { chooseSubnet, defaultPools, readHostSubnets, type AddressPool } from './subnetPool';

export interface CatalogOptions {
  /** The default network's bridge device (Docker's docker0); default berth0. */
  readonly defaultBridge?: string;
  /** The default network's subnet; default: the first free one of the pools. */
  readonly defaultSubnet?: string;
  readonly pools?: readonly AddressPool[];
  /** What the host's routes cover (tests pass their own). */
  readonly hostSubnets?: () => Cidr[];
}

const bridgeOption = 'com.docker.network.bridge.name';
const masqueradeOption = 'com.docker.network.bridge.enable_ip_masquerade';
const mtuOption = 'com.docker.network.driver.mtu';
const namePattern = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;

export const newId = (): string => randomBytes(32).toString('hex');

export class NetworkCatalog {
  private readonly networks = new Map<string, NetworkInfo>();

  constructor(private readonly options: CatalogOptions = {}) {}

  /** Loads definitions, adding the predefined networks a new root lacks; returns the new ones. */
  load(saved: readonly NetworkInfo[]): NetworkInfo[] {
    for (const n of saved) this.networks.set(n.id, n);
    const added: NetworkInfo[] = [];
    const created = new Date().toISOString();
    const predefined = { created, internal: false, attachable: false, predefined: true, masquerade: false, options: {}, labels: {} };
    if (!this.find('none')) added.push({ ...predefined, id: newId(), name: 'none', driver: 'null' });
    if (!this.find('host')) added.push({ ...predefined, id: newId(), name: 'host', driver: 'host' });
    if (!this.find('bridge')) {
      const bridge = this.options.defaultBridge ?? 'berth0';
      const subnet = this.options.defaultSubnet ? parseCidr(this.options.defaultSubnet) : chooseSubnet(this.taken(), this.options.pools ?? defaultPools);
      added.push({
        ...predefined, id: newId(), name: 'bridge', driver: 'bridge', masquerade: true, bridge,
        ipam: { subnet: formatCidr(subnet), gateway: formatIpv4(subnet.network + 1) },
        options: {
          'com.docker.network.bridge.default_bridge': 'true', 'com.docker.network.bridge.enable_icc': 'true',
          [masqueradeOption]: 'true', 'com.docker.network.bridge.host_binding_ipv4': '0.0.0.0', [bridgeOption]: bridge,
        },
      });
    }
    for (const n of added) this.networks.set(n.id, n);
    return added;
  }

  list(): NetworkInfo[] {
    return [...this.networks.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Docker's lookup: full id, then exact name, then unique id prefix. */
  get(nameOrId: string): NetworkInfo {
    const found = this.find(nameOrId);
    if (found) return found;
    const byPrefix = /^[0-9a-f]+$/.test(nameOrId) ? [...this.networks.values()].filter((n) => n.id.startsWith(nameOrId)) : [];
    if (byPrefix.length > 1) throw berthError('invalid-argument', `network ${nameOrId} is ambiguous (${byPrefix.length} matches found based on ID prefix); use more of the id or the name`);
    if (byPrefix.length === 1) return byPrefix[0]!;
    throw berthError('not-found', `network ${nameOrId} not found`);
  }

  private find(nameOrId: string): NetworkInfo | undefined {
    return this.networks.get(nameOrId) ?? [...this.networks.values()].find((n) => n.name === nameOrId);
  }

  /** Validates a `network create` and returns the new definition (not yet saved). */
  define(options: CreateNetworkOptions): NetworkInfo {
    const { name } = options;
    if (!namePattern.test(name) || name.length > 128) throw berthError('invalid-argument', `invalid network name "${name}": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
    if (this.find(name)) throw berthError('already-exists', `network with name ${name} already exists`);
    if (options.driver && options.driver !== 'bridge') throw berthError('invalid-argument', `network driver "${options.driver}" is not supported: berth creates bridge networks only`);
    if (options.enableIpv6) throw berthError('invalid-argument', `network ${name}: IPv6 is not supported by berth's networks yet; create it without --ipv6`);
    const id = newId();
    const opts = { ...(options.options ?? {}) };
    const bridge = opts[bridgeOption] ?? `br-${id.slice(0, 12)}`;
    if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,14}$/.test(bridge)) throw berthError('invalid-argument', `invalid bridge name "${bridge}" (${bridgeOption}): up to 15 letters, digits, '_', '.' or '-'`);
    if (this.list().some((n) => n.bridge === bridge)) throw berthError('already-exists', `bridge ${bridge} is already used by another network`);
    const mtu = opts[mtuOption] === undefined ? undefined : Number(opts[mtuOption]);
    if (mtu !== undefined && (!Number.isInteger(mtu) || mtu < 68 || mtu > 65535)) throw berthError('invalid-argument', `invalid ${mtuOption} "${opts[mtuOption]}": an MTU of 68-65535`);
    const masquerade = (opts[masqueradeOption] ?? 'true') !== 'false';
    return {
      id, name, driver: 'bridge', created: new Date().toISOString(),
      internal: Boolean(options.internal), attachable: Boolean(options.attachable), predefined: false,
      ipam: this.ipamFor(options), bridge, masquerade, ...(mtu ? { mtu } : {}),
      options: opts, labels: { ...(options.labels ?? {}) },
    };
  }

  add(network: NetworkInfo): void {
    this.networks.set(network.id, network);
  }

  delete(id: string): void {
    this.networks.delete(id);
  }

  private ipamFor(options: CreateNetworkOptions): NonNullable<NetworkInfo['ipam']> {
    if (!options.subnet && (options.gateway || options.ipRange)) throw berthError('invalid-argument', `network ${options.name}: --gateway and --ip-range need --subnet`);
    const subnet = options.subnet ? parseCidr(options.subnet) : chooseSubnet(this.taken(), this.options.pools ?? defaultPools);
    if (subnet.prefixLength > 30) throw berthError('invalid-argument', `subnet ${formatCidr(subnet)} is too small: use a prefix of /30 or shorter`);
    const clash = this.list().find((n) => n.ipam && cidrsOverlap(parseCidr(n.ipam.subnet), subnet));
    if (clash) throw berthError('failed-precondition', `Pool overlaps with other one on this address space: ${formatCidr(subnet)} overlaps network ${clash.name} (${clash.ipam!.subnet}); choose another --subnet`);
    const gateway = options.gateway ? parseIpv4(options.gateway, 'gateway') : subnet.network + 1;
    if (!cidrContains(subnet, gateway) || gateway === subnet.network || gateway === cidrLast(subnet)) {
      throw berthError('invalid-argument', `gateway ${formatIpv4(gateway)} is not a host address of subnet ${formatCidr(subnet)}`);
    }
    const ipam = { subnet: formatCidr(subnet), gateway: formatIpv4(gateway) };
    if (!options.ipRange) return ipam;
    const range = parseCidr(options.ipRange, 'ip range');
    if (!cidrContains(subnet, range.network) || range.prefixLength < subnet.prefixLength) throw berthError('invalid-argument', `ip range ${options.ipRange} is not inside subnet ${ipam.subnet}`);
    return { ...ipam, ipRange: formatCidr(range) };
  }

  /** Subnets a new network must not overlap: the host's and every network's. */
  private taken(): Cidr[] {
    const own = this.list().flatMap((n) => (n.ipam ? [parseCidr(n.ipam.subnet)] : []));
    return [...(this.options.hostSubnets ?? readHostSubnets)(), ...own];
  }
}
