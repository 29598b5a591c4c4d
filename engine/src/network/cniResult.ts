// CNI results and errors (spec 1.0.0) parsed as untrusted input (ARCHITECTURE rule 6): a plugin is
// an external binary, so every field is checked before berth uses it or hands it on as the next
// plugin's prevResult; unknown fields are dropped rather than forwarded.
import { isIP } from 'node:net';
import { berthError } from '../image/berthError';

export interface CniInterface {
  readonly name: string;
  readonly mac?: string;
  readonly sandbox?: string;
}

export interface CniIp {
  /** Address with prefix length: "172.17.0.2/16" */
  readonly address: string;
  readonly gateway?: string;
  /** Index into interfaces */
  readonly interface?: number;
}

export interface CniRoute {
  readonly dst: string;
  readonly gw?: string;
}

export interface CniDns {
  readonly nameservers?: readonly string[];
  readonly domain?: string;
  readonly search?: readonly string[];
  readonly options?: readonly string[];
}

export interface CniResult {
  readonly cniVersion: string;
  readonly interfaces: readonly CniInterface[];
  readonly ips: readonly CniIp[];
  readonly routes: readonly CniRoute[];
  readonly dns: CniDns;
}

export interface CniError {
  readonly code: number;
  readonly msg: string;
  readonly details?: string;
}

type Json = Record<string, unknown>;

class Fields {
  constructor(private readonly where: string) {}

  fail(path: string, problem: string): never {
    throw berthError('internal', `${this.where} returned an invalid result: ${path} ${problem}`);
  }

  object(value: unknown, path: string): Json {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, 'is not an object');
    return value as Json;
  }

  list(value: unknown, path: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || value.length > 256) this.fail(path, 'is not a list (of at most 256 entries)');
    return value;
  }

  text(value: unknown, path: string, max = 4096): string {
    if (typeof value !== 'string' || value.length > max) this.fail(path, `is not a string of at most ${max} characters`);
    return value;
  }

  optionalText(value: unknown, path: string, max = 4096): string | undefined {
    return value === undefined || value === '' ? undefined : this.text(value, path, max);
  }

  address(value: unknown, path: string): string {
    const text = this.text(value, path, 64);
    if (!isIP(text)) this.fail(path, `"${text}" is not an IP address`);
    return text;
  }

  cidr(value: unknown, path: string): string {
    const text = this.text(value, path, 64);
    const slash = text.indexOf('/');
    const length = Number(text.slice(slash + 1));
    const family = slash < 0 ? 0 : isIP(text.slice(0, slash));
    if (!family || !/^[0-9]{1,3}$/.test(text.slice(slash + 1)) || length > (family === 4 ? 32 : 128)) this.fail(path, `"${text}" is not an address with a prefix length`);
    return text;
  }
}

/** Parses a plugin's ADD output. `where` names the plugin and command for messages. */
export function parseCniResult(json: unknown, where: string): CniResult {
  const f = new Fields(where);
  const root = f.object(json, 'the result');
  const interfaces = f.list(root.interfaces, 'interfaces').map((value, i): CniInterface => {
    const o = f.object(value, `interfaces[${i}]`);
    const name = f.text(o.name, `interfaces[${i}].name`, 15);
    const mac = f.optionalText(o.mac, `interfaces[${i}].mac`, 64);
    if (mac !== undefined && !/^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5,19}$/.test(mac)) f.fail(`interfaces[${i}].mac`, `"${mac}" is not a hardware address`);
    const sandbox = f.optionalText(o.sandbox, `interfaces[${i}].sandbox`);
    return { name, ...(mac ? { mac } : {}), ...(sandbox ? { sandbox } : {}) };
  });
  const ips = f.list(root.ips, 'ips').map((value, i): CniIp => {
    const o = f.object(value, `ips[${i}]`);
    const address = f.cidr(o.address, `ips[${i}].address`);
    const gateway = o.gateway === undefined ? undefined : f.address(o.gateway, `ips[${i}].gateway`);
    const index = o.interface;
    if (index !== undefined && (!Number.isInteger(index) || (index as number) < 0 || (index as number) >= interfaces.length)) {
      f.fail(`ips[${i}].interface`, `${JSON.stringify(index)} is not an index into interfaces`);
    }
    return { address, ...(gateway ? { gateway } : {}), ...(index !== undefined ? { interface: index as number } : {}) };
  });
  const routes = f.list(root.routes, 'routes').map((value, i): CniRoute => {
    const o = f.object(value, `routes[${i}]`);
    const gw = o.gw === undefined ? undefined : f.address(o.gw, `routes[${i}].gw`);
    return { dst: f.cidr(o.dst, `routes[${i}].dst`), ...(gw ? { gw } : {}) };
  });
  const dnsObject = root.dns === undefined ? {} : f.object(root.dns, 'dns');
  const strings = (v: unknown, p: string) => f.list(v, p).map((s, i) => f.text(s, `${p}[${i}]`, 256));
  const dns: CniDns = {
    ...(dnsObject.nameservers !== undefined ? { nameservers: strings(dnsObject.nameservers, 'dns.nameservers') } : {}),
    ...(dnsObject.domain !== undefined ? { domain: f.text(dnsObject.domain, 'dns.domain', 256) } : {}),
    ...(dnsObject.search !== undefined ? { search: strings(dnsObject.search, 'dns.search') } : {}),
    ...(dnsObject.options !== undefined ? { options: strings(dnsObject.options, 'dns.options') } : {}),
  };
  return { cniVersion: f.text(root.cniVersion, 'cniVersion', 32), interfaces, ips, routes, dns };
}

/** A plugin's error output ({code, msg, details}); undefined when the bytes are not one. */
export function parseCniError(json: unknown): CniError | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const { code, msg, details } = json as Json;
  if (typeof code !== 'number' || typeof msg !== 'string') return undefined;
  return { code, msg: msg.slice(0, 2048), ...(typeof details === 'string' && details ? { details: details.slice(0, 2048) } : {}) };
}

/** The container-side interface a result names for `ifname`, and its first IPv4 address. */
export function containerAddress(result: CniResult, ifname: string, where: string): { ip: CniIp; mac: string } {
  const index = result.interfaces.findIndex((i) => i.name === ifname && i.sandbox !== undefined);
  const ip = result.ips.find((a) => a.interface === index && isIP(a.address.slice(0, a.address.indexOf('/'))) === 4)
    ?? result.ips.find((a) => a.interface === undefined && isIP(a.address.slice(0, a.address.indexOf('/'))) === 4);
  if (index < 0 || !ip) throw berthError('internal', `${where} returned no IPv4 address for the container's ${ifname}`);
  return { ip, mac: result.interfaces[index]!.mac ?? '' };
}
