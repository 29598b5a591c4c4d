// The per-container /etc/hosts, which is also how containers on a user-defined network reach each
// other by name. Debian ships no dnsname or aardvark plugin, so the choice was between these files
// and a DNS responder of our own; the files win:
//   - they work with berthd stopped or restarting (containers outlive the daemon, rule 4), where a
//     responder in berthd would leave every container without names meanwhile;
//   - every libc (glibc, musl, busybox) reads /etc/hosts first with no configuration, and nothing
//     listens on the bridge or needs an INPUT rule;
//   - an update is one small write per peer, done on attach/detach, never per lookup.
// The cost: names are not visible to tools that speak DNS directly (nslookup, dig), and a
// container's own edits of /etc/hosts are replaced when a peer joins or leaves.
// The files are bind-mounted, so a rename would leave the container on the old inode: updates are
// written into the same file, new bytes first and then truncated, so a reader never sees it empty.
import { constants, promises as fsp } from 'node:fs';
import type { ExtraHost } from './network';

const localhostBlock = [
  '127.0.0.1\tlocalhost',
  '::1\tlocalhost ip6-localhost ip6-loopback',
  'fe00::\tip6-localnet',
  'ff00::\tip6-mcastprefix',
  'ff02::1\tip6-allnodes',
  'ff02::2\tip6-allrouters',
];

export interface HostsEntry {
  readonly address: string;
  readonly names: readonly string[];
}

export interface HostsContent {
  /** The container's own addresses, each named by its hostname (and fqdn with a domain name). */
  readonly own: readonly HostsEntry[];
  /** Other containers on the user-defined networks this one is on. */
  readonly peers: readonly HostsEntry[];
  readonly extraHosts: readonly ExtraHost[];
}

/** Docker's layout: localhost block, --add-host entries, own addresses, then the peers. */
export function renderHosts(content: HostsContent): string {
  const lines = [...localhostBlock];
  for (const h of content.extraHosts) lines.push(`${h.address}\t${h.name}`);
  for (const e of [...content.own, ...content.peers]) if (e.names.length) lines.push(`${e.address}\t${e.names.join(' ')}`);
  return `${lines.join('\n')}\n`;
}

/** --network host: the host's own file, plus the --add-host entries. */
export function renderHostHosts(hostText: string, extraHosts: readonly ExtraHost[]): string {
  const base = hostText.endsWith('\n') || hostText === '' ? hostText : `${hostText}\n`;
  return base + extraHosts.map((h) => `${h.address}\t${h.name}\n`).join('');
}

/** The names an address is known by: fqdn first (as Docker writes it), duplicates dropped. */
export function ownNames(hostname: string, domainname: string | undefined): string[] {
  return domainname ? [`${hostname}.${domainname}`, hostname] : [hostname];
}

/** Replaces the file's bytes without replacing the file (bind mounts pin the inode). */
export async function writeInPlace(path: string, content: string): Promise<void> {
  const handle = await fsp.open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
  try {
    const bytes = Buffer.from(content);
    await handle.write(bytes, 0, bytes.length, 0);
    await handle.truncate(bytes.length);
  } finally {
    await handle.close();
  }
}
