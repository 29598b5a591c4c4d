// Where a reference's domain is actually served and how to trust it: Docker Hub's registry host,
// the insecure-registries setting (plain HTTP, or TLS without verification) and the certs.d
// convention for custom CAs and client certificates:
//
//   <certsDir>/<host[:port]>/ca.crt        extra CA certificates (any *.crt file)
//   <certsDir>/<host[:port]>/client.cert   a client certificate, with client.key beside it
//
// Like Docker, loopback registries (127.0.0.0/8, ::1, localhost) are insecure unless the setting
// is given explicitly (an empty list makes every registry verified TLS).
import { promises as fsp } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { berthError, errnoCode } from '../image/berthError';
import { defaultDomain } from '../image/reference';

export interface RegistryHostsConfig {
  /**
   * Docker's insecure-registries: `host`, `host:port` or a CIDR (`10.0.0.0/8`) of IP hosts.
   * Undefined means Docker's default, loopback only.
   */
  readonly insecure?: readonly string[];
  /** A certs.d directory (Docker's /etc/docker/certs.d layout); absent: system CAs only. */
  readonly certsDir?: string;
}

export interface TlsSettings {
  /** Roots to trust: the system's plus certs.d's, or undefined for the system's alone. */
  readonly ca?: readonly string[];
  readonly cert?: string;
  readonly key?: string;
  readonly rejectUnauthorized: boolean;
}

/** One way to reach a registry: try endpoints in order, falling back only when TLS is not spoken. */
export interface RegistryEndpoint {
  /** The registry as references name it (`docker.io`, `localhost:5000`). */
  readonly domain: string;
  /** `https://registry-1.docker.io`, `http://127.0.0.1:5000`: no path, no trailing slash. */
  readonly origin: string;
  readonly tls?: TlsSettings;
}

/** The host that serves a reference domain (Docker Hub's names all lead to registry-1.docker.io). */
export function registryHost(domain: string): string {
  return domain === defaultDomain || domain === 'index.docker.io' || domain === 'registry.hub.docker.com' ? 'registry-1.docker.io' : domain;
}

function splitHostPort(host: string): { hostname: string; port?: string } {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  if (!m) return { hostname: host };
  return m[2] === undefined ? { hostname: m[1]! } : { hostname: m[1]!, port: m[2] };
}

const loopback = ['localhost', '127.0.0.0/8', '::1/128'];

export function isInsecure(host: string, config: RegistryHostsConfig): boolean {
  const { hostname } = splitHostPort(host);
  const bare = hostname.replace(/^\[|\]$/g, '');
  const list = new BlockList();
  for (const entry of config.insecure ?? loopback) {
    if (entry === host || entry === hostname || entry === bare) return true;
    const cidr = /^(.+)\/(\d+)$/.exec(entry);
    if (cidr && isIP(cidr[1]!)) list.addSubnet(cidr[1]!, Number(cidr[2]), isIP(cidr[1]!) === 6 ? 'ipv6' : 'ipv4');
  }
  const family = isIP(bare);
  return family !== 0 && list.check(bare, family === 6 ? 'ipv6' : 'ipv4');
}

/** Reads `<certsDir>/<host>/`; undefined when there is no such directory. */
async function readCertsDir(certsDir: string, host: string): Promise<Omit<TlsSettings, 'rejectUnauthorized'> | undefined> {
  const dir = join(certsDir, host.replace(/[/\\]/g, '_'));
  let names: string[];
  try {
    names = (await fsp.readdir(dir)).sort();
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return undefined;
    throw err;
  }
  const cas: string[] = [];
  let cert: string | undefined;
  let key: string | undefined;
  for (const name of names) {
    if (name.endsWith('.crt')) cas.push(await fsp.readFile(join(dir, name), 'utf8'));
    if (name.endsWith('.cert')) {
      const keyName = `${name.slice(0, -5)}.key`;
      if (!names.includes(keyName)) throw berthError('invalid-argument', `${join(dir, name)}: client certificate without its key ${keyName}`);
      cert = await fsp.readFile(join(dir, name), 'utf8');
      key = await fsp.readFile(join(dir, keyName), 'utf8');
    }
  }
  return {
    ...(cas.length > 0 ? { ca: [...rootCertificates, ...cas] } : {}),
    ...(cert === undefined ? {} : { cert, key: key! }),
  };
}

/** The endpoints to try for `domain`, in order. */
export async function resolveEndpoints(domain: string, config: RegistryHostsConfig = {}): Promise<RegistryEndpoint[]> {
  const host = registryHost(domain);
  const certs = config.certsDir === undefined ? undefined : await readCertsDir(config.certsDir, host);
  if (isInsecure(host, config)) {
    return [
      { domain, origin: `https://${host}`, tls: { ...certs, rejectUnauthorized: false } },
      { domain, origin: `http://${host}` },
    ];
  }
  return [{ domain, origin: `https://${host}`, tls: { ...certs, rejectUnauthorized: true } }];
}
