// Everything one test berthd holds on the host, as sorted lines per aspect, so a test can take a
// snapshot, run containers, take another and require the two to be equal: mounts under its data
// root and exec root, pinned network namespaces, veths on its bridges, cgroups under its parent,
// iptables rules (nat and filter) that are its own, processes started for it (conmon), and every
// file of its state directories. Other daemons run on the same host at the same time (other test
// runs, benchmarks), so nothing is host-wide: an iptables rule counts when it names this daemon's
// chains, bridges, containers or per-container CNI chains, or an address in one of its subnets.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostNames } from '../../../engine/src/daemon/hostNames';
import { cidrContains, parseCidr, tryParseIpv4, type Cidr } from '../../../engine/src/network/ipv4';
import { cgroupDirs, detectCgroupLayout } from '../../../engine/src/runtime/cgroupLayout';

export type HostSnapshot = Record<string, string[]>;

interface NetworkFile {
  readonly name: string;
  readonly bridge?: string;
  readonly ipam?: { readonly subnet: string };
}

function networksOf(root: string): NetworkFile[] {
  const dir = join(root, 'network', 'networks');
  return (existsSync(dir) ? readdirSync(dir) : []).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as NetworkFile);
}

/** The CNI plugins' per-container chain names (libcni's hash of network name and container id). */
function cniChains(networkNames: readonly string[], containerIds: readonly string[]): string[] {
  return networkNames.flatMap((name) => containerIds.flatMap((id) => {
    const hash = createHash('sha512').update(name + id).digest('hex');
    return [`CNI-DN-${hash}`.slice(0, 28), `CNI-${hash}`.slice(0, 28)];
  }));
}

/** Whether an iptables rule names an address inside one of `subnets`. */
export function mentionsSubnet(line: string, subnets: readonly Cidr[]): boolean {
  return (line.match(/\d+\.\d+\.\d+\.\d+/g) ?? []).some((text) => {
    const address = tryParseIpv4(text);
    return address !== undefined && subnets.some((s) => cidrContains(s, address));
  });
}

/** Relative paths of everything under `dir` (directories end in /), minus the `skip` subtrees. */
function listTree(dir: string, skip: RegExp): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    let entries;
    try {
      entries = readdirSync(join(dir, rel), { withFileTypes: true });
    } catch {
      return; // removed while walking: it is not there
    }
    for (const e of entries) {
      const path = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        out.push(`${path}/`);
        if (!skip.test(`${path}/`)) walk(path);
      } else {
        out.push(path);
      }
    }
  };
  walk('');
  return out;
}

// content blobs, unpacked image layers, volume contents and a running container's mounted root are
// data, not state a container leaves (the directories themselves are listed)
const dataSubtrees = /^(content\/blobs\/|snapshots\/[^/]+\/snapshots\/[^/]+\/fs\/|volumes\/[^/]+\/_data\/|containers\/[^/]+\/rootfs\/)$/;

function processesMentioning(needles: readonly string[]): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let cmdline: string;
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
    } catch {
      continue; // exited meanwhile
    }
    // the daemon itself runs throughout
    if (cmdline.includes('berthd.js') || !needles.some((n) => cmdline.includes(n))) continue;
    found.push(cmdline.slice(0, 300));
  }
  return found;
}

/**
 * What the daemon of `root` holds on the host now. `containerIds` are containers it ran (their ids
 * appear in CNI's rule comments and in conmon's command line); ids that never existed add nothing.
 */
export function hostSnapshot(root: string, containerIds: readonly string[] = []): HostSnapshot {
  const names = hostNames(root);
  const run = names.execRoot;
  const networks = networksOf(root);
  const bridges = [...new Set([names.defaultBridge, ...networks.flatMap((n) => (n.bridge ? [n.bridge] : []))])];
  const subnets = networks.flatMap((n) => (n.ipam ? [parseCidr(n.ipam.subnet, 'subnet', false)] : []));
  const ruleNeedles = [`${names.chainPrefix}-`, ...bridges, ...containerIds, ...cniChains(networks.map((n) => n.name), containerIds)];
  const rules = ['nat', 'filter'].flatMap((table) => execFileSync('iptables', ['-w', '-t', table, '-S'], { encoding: 'utf8' }).split('\n')
    .filter((l) => l !== '' && (ruleNeedles.some((n) => l.includes(n)) || mentionsSubnet(l, subnets)))
    .map((l) => `${table}: ${l}`));
  const list = (dir: string) => (existsSync(dir) ? readdirSync(dir) : []);
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l !== '').map((l) => {
    const fields = l.split(' ');
    const point = fields[4]!.replace(/\\040/g, ' ');
    return `${point} ${fields[fields.indexOf('-') + 1]}`;
  }).filter((m) => m.startsWith(`${root}/`) || m.startsWith(`${run}/`));
  const cgroups = cgroupDirs(detectCgroupLayout(), names.cgroupParent).flatMap((dir) => listTree(dir, /^$/).filter((p) => p.endsWith('/')).map((p) => join(dir, p)));
  const snapshot: HostSnapshot = {
    mounts,
    'network namespaces': list(join(run, 'network', 'netns')),
    bridges: bridges.filter((b) => existsSync(`/sys/class/net/${b}`)),
    'veths on the bridges': bridges.flatMap((b) => list(`/sys/class/net/${b}/brif`).map((port) => `${b}: ${port}`)),
    cgroups,
    'iptables rules': rules,
    processes: processesMentioning([root, run, ...containerIds]),
    'data root files': listTree(root, dataSubtrees),
    'exec root files': listTree(run, /^$/),
  };
  for (const key of Object.keys(snapshot)) snapshot[key]!.sort();
  return snapshot;
}

/** '' when equal; otherwise, per aspect, the lines that appeared (+) and disappeared (-). */
export function snapshotDifferences(before: HostSnapshot, after: HostSnapshot): string {
  const parts: string[] = [];
  for (const key of [...new Set([...Object.keys(before), ...Object.keys(after)])]) {
    const remaining = new Map<string, number>();
    for (const line of before[key] ?? []) remaining.set(line, (remaining.get(line) ?? 0) + 1);
    const added: string[] = [];
    for (const line of after[key] ?? []) {
      const n = remaining.get(line) ?? 0;
      if (n > 0) remaining.set(line, n - 1);
      else added.push(line);
    }
    const removed = [...remaining].flatMap(([line, n]) => Array<string>(n).fill(line));
    if (added.length === 0 && removed.length === 0) continue;
    parts.push(`${key}:`, ...added.map((l) => `  + ${l}`), ...removed.map((l) => `  - ${l}`));
  }
  return parts.join('\n');
}
