// Writes a container's /etc/hostname, /etc/resolv.conf and /etc/hosts from its attachment record
// and its peers (see hostsFile.ts and resolvConf.ts for the content and why hosts files).
import { promises as fsp } from 'node:fs';
import { dirname } from 'node:path';
import { ownNames, renderHostHosts, renderHosts, writeInPlace, type HostsEntry } from './hostsFile';
import type { AttachmentRecord } from './networkStore';
import { containerResolvConf, parseResolvConf, renderResolvConf, type ResolvConf } from './resolvConf';

export interface HostFiles {
  /** The host's /etc/hosts and /etc/resolv.conf (tests point elsewhere). */
  readonly hosts: string;
  readonly resolvConf: string;
  /** systemd-resolved's list of upstream servers, used when resolv.conf names only its stub. */
  readonly resolvedConf?: string;
}

export const systemHostFiles: HostFiles = { hosts: '/etc/hosts', resolvConf: '/etc/resolv.conf', resolvedConf: '/run/systemd/resolve/resolv.conf' };

/** The host's resolver settings; behind systemd-resolved's stub, the servers it forwards to (as Docker does). */
async function hostResolvConf(host: HostFiles, sharesHost: boolean): Promise<ResolvConf> {
  const conf = parseResolvConf(await readOrEmpty(host.resolvConf));
  const stubOnly = conf.nameservers.length > 0 && conf.nameservers.every((ns) => ns === '127.0.0.53');
  if (sharesHost || !stubOnly || !host.resolvedConf) return conf;
  const upstream = parseResolvConf(await readOrEmpty(host.resolvedConf));
  return upstream.nameservers.length ? upstream : conf;
}

async function readOrEmpty(path: string): Promise<string> {
  try {
    return await fsp.readFile(path, 'utf8');
  } catch {
    return '';
  }
}

/** The first write of all three files. */
export async function writeContainerFiles(record: AttachmentRecord, peers: readonly HostsEntry[], host: HostFiles): Promise<void> {
  await fsp.mkdir(dirname(record.files.hosts), { recursive: true, mode: 0o755 });
  const sharesHost = record.mode === 'host';
  const resolv = containerResolvConf(await hostResolvConf(host, sharesHost), record.dns, sharesHost);
  await Promise.all([
    writeInPlace(record.files.hostname, `${record.hostname}\n`),
    writeInPlace(record.files.resolvConf, renderResolvConf(resolv)),
    writeHostsFile(record, peers, host),
  ]);
}

/** Rewrites the hosts file in place (the container may have it bind-mounted already). */
export async function writeHostsFile(record: AttachmentRecord, peers: readonly HostsEntry[], host: HostFiles): Promise<void> {
  if (record.mode === 'host') {
    await writeInPlace(record.files.hosts, renderHostHosts(await readOrEmpty(host.hosts), record.extraHosts));
    return;
  }
  // own addresses carry the hostname and, on user-defined networks, the names peers know it by
  const names = ownNames(record.hostname, record.domainname);
  const own = record.endpoints.flatMap((e) => (e.endpoint ? [{ address: e.endpoint.ipv4.address, names: [...new Set([...names, ...e.endpoint.dnsNames])] }] : []));
  await writeInPlace(record.files.hosts, renderHosts({ own, peers, extraHosts: record.extraHosts }));
}
