// What the network integration tests stand on: a manager with its own chains, bridge names and
// subnets (so a real berthd or another suite on this host is never touched), test "containers"
// (the manager's own network namespaces, with busybox processes entered by nsenter), an "outside"
// (a namespace behind a veth, standing for the internet or a LAN neighbour, since this machine has
// no route out besides the package proxies), and host snapshots for cleanliness checks.
import { execFile, spawn } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CniNetworkManager, type CniNetworkManagerOptions } from '../../../engine/src/network/cniNetworkManager';
import { parseCidr, type Cidr } from '../../../engine/src/network/ipv4';
import { mentionsSubnet } from '../api/hostSnapshot';
import { afterNamespaceTeardown } from '../api/hostState';
import { requireRoot, requireTool } from '../../fixtures/scratch';

export function requireNetworkTools(): void {
  requireRoot();
  for (const plugin of ['bridge', 'host-local', 'portmap']) {
    try {
      accessSync(`/usr/lib/cni/${plugin}`, constants.X_OK);
    } catch {
      throw new Error(`CNI plugin /usr/lib/cni/${plugin} is required by this test but not installed: apt-get install -y containernetworking-plugins (scripts/setup.sh should install it)`);
    }
  }
  requireTool('iptables', 'iptables');
  requireTool('iptables-restore', 'iptables');
  requireTool('ip', 'iproute2');
  requireTool('nsenter', 'util-linux');
  requireTool('unshare', 'util-linux');
  requireTool('busybox', 'busybox-static');
}

/** A random tag (2 hex bytes) keeping this run's chains, bridges and subnets apart from others'. */
export const runTag = (): string => Math.floor(Math.random() * 0xffff).toString(16).padStart(4, '0');

export async function openTestManager(dir: string, tag: string, options: Partial<CniNetworkManagerOptions> = {}): Promise<CniNetworkManager> {
  const second = 100 + (parseInt(tag, 16) % 100);
  return CniNetworkManager.open({
    root: join(dir, 'root'),
    runDir: join(dir, 'run'),
    chainPrefix: `BT${tag.toUpperCase()}`,
    defaultBridge: `bt${tag}0`,
    pools: [{ base: { network: ((10 << 24) | (second << 16)) >>> 0, prefixLength: 16 }, size: 24 }],
    ...options,
  });
}

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(command: string, args: readonly string[], input?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(command, args, { maxBuffer: 1 << 22, timeout: 15000, killSignal: "SIGKILL" }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout: String(stdout), stderr: String(stderr) });
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input ?? '');
  });
}

export async function must(command: string, args: readonly string[], input?: string): Promise<string> {
  const r = await run(command, args, input);
  if (r.code !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.code}): ${r.stderr || r.stdout}`);
  return r.stdout;
}

/** Runs a command inside a network namespace (a test "container"). */
export function inNetns(netns: string, command: string, ...args: string[]): Promise<Run> {
  return run('nsenter', [`--net=${netns}`, command, ...args]);
}

/** busybox httpd in the namespace, serving `dir`; it forks to the background once listening. */
export async function startHttpd(netns: string, listen: string, dir: string): Promise<void> {
  await must('nsenter', [`--net=${netns}`, 'busybox', 'httpd', '-p', listen, '-h', dir]);
}

/** A directory for httpd: index.html says `name`, /cgi-bin/addr answers with the client's address. */
export function webRoot(dir: string, name: string): string {
  const root = join(dir, `www-${name}`);
  mkdirSync(join(root, 'cgi-bin'), { recursive: true });
  writeFileSync(join(root, 'index.html'), `${name}\n`);
  writeFileSync(join(root, 'cgi-bin', 'addr'), '#!/bin/sh\nprintf "Content-Type: text/plain\\r\\n\\r\\n%s\\n" "$REMOTE_ADDR"\n', { mode: 0o755 });
  return root;
}

/** GET with busybox wget from inside a namespace; with `hosts`, that file is the client's /etc/hosts. */
export function httpGet(netns: string, url: string, hosts?: string): Promise<Run> {
  if (!hosts) return inNetns(netns, 'busybox', 'wget', '-q', '-O', '-', url);
  return run('unshare', ['-m', '--propagation', 'private', 'sh', '-c', 'mount --bind "$0" /etc/hosts && exec nsenter --net="$1" busybox wget -q -O - "$2"', hosts, netns, url]);
}

/** Whether a TCP connection from the namespace succeeds within a second (busybox nc -w 1). */
export async function tcpConnects(netns: string, host: string, port: number): Promise<boolean> {
  return (await run('nsenter', [`--net=${netns}`, 'busybox', 'nc', '-w', '1', host, String(port)], '')).code === 0;
}

/** Kills every process in a namespace (what the tests started there), like `ip netns pids | xargs kill`. */
export function killNetnsProcesses(netns: string): void {
  const inode = statSync(netns).ino;
  for (const pid of readdirSync('/proc').filter((p) => /^[0-9]+$/.test(p))) {
    try {
      if (readlinkSync(`/proc/${pid}/ns/net`) === `net:[${inode}]`) process.kill(Number(pid), 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}

const udpEchoScript = `
const s = require('node:dgram').createSocket('udp4');
s.on('message', (m, r) => s.send(Buffer.concat([Buffer.from('echo:'), m]), r.port, r.address));
s.bind(Number(process.argv[1]), '0.0.0.0', () => console.log('ready'));`;

/** A UDP echo server in the namespace (Node's dgram: busybox nc here has no UDP); resolves when bound. */
export function startUdpEcho(netns: string, port: number): Promise<{ stop(): void }> {
  const child = spawn('nsenter', [`--net=${netns}`, process.execPath, '-e', udpEchoScript, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`UDP echo server exited (${code})`)));
    child.stdout.once('data', () => resolve({ stop: () => child.kill('SIGKILL') }));
  });
}

const udpClientScript = `
const s = require('node:dgram').createSocket('udp4');
const timer = setTimeout(() => { console.log('timeout'); process.exit(2); }, 2000);
s.on('message', (m) => { console.log(String(m)); clearTimeout(timer); s.close(); });
s.send(process.argv[3], Number(process.argv[2]), process.argv[1]);`;

/** Sends one datagram from the namespace (or the host) and prints the answer, or "timeout". */
export async function udpRequest(netns: string | undefined, host: string, port: number, message: string): Promise<string> {
  const args = [process.execPath, '-e', udpClientScript, host, String(port), message];
  const r = netns ? await run('nsenter', [`--net=${netns}`, ...args]) : await run(args[0]!, args.slice(1));
  return r.stdout.trim();
}

/** A namespace behind a veth from the host, with an httpd that reports who called. */
export class Outside {
  private constructor(readonly name: string, readonly netns: string, readonly hostIf: string, readonly address: string, readonly hostAddress: string) {}

  static async create(tag: string, dir: string): Promise<Outside> {
    const third = parseInt(tag, 16) % 250;
    const name = `bt-out-${tag}`;
    const hostIf = `bto${tag}`;
    const [address, hostAddress] = [`198.18.${third}.2`, `198.18.${third}.1`];
    await must('ip', ['netns', 'add', name]);
    const outside = new Outside(name, `/run/netns/${name}`, hostIf, address, hostAddress);
    try {
      await must('ip', ['-batch', '-'], [`link add ${hostIf} type veth peer name eth0 netns ${name}`, `addr add ${hostAddress}/24 dev ${hostIf}`, `link set ${hostIf} up`].join('\n'));
      await must('ip', ['-n', name, '-batch', '-'], [`addr add ${address}/24 dev eth0`, 'link set eth0 up', 'link set lo up'].join('\n'));
      await startHttpd(outside.netns, `${address}:80`, webRoot(dir, 'outside'));
    } catch (err) {
      await outside.remove();
      throw err;
    }
    return outside;
  }

  /** Makes the outside route a subnet through the host, as a LAN neighbour trying containers directly would. */
  async routeVia(subnet: string): Promise<void> {
    await must('ip', ['-n', this.name, 'route', 'replace', subnet, 'via', this.hostAddress]);
  }

  async remove(): Promise<void> {
    killNetnsProcesses(this.netns);
    await run('ip', ['link', 'del', this.hostIf]);
    await run('ip', ['netns', 'del', this.name]);
  }
}

/** Packets one of the manager's DROP rules for a bridge (its comment says `what`) has counted. */
export async function droppedPackets(table: 'filter' | 'mangle', chain: string, bridge: string, what: string): Promise<number> {
  const listing = await must('iptables', ['-w', '-t', table, '-L', chain, '-v', '-x', '-n']);
  const line = listing.split('\n').find((l) => l.includes('DROP') && l.includes(bridge) && l.includes(what));
  return line ? Number(line.trim().split(/\s+/)[0]) : 0;
}

interface NetworkRecord {
  readonly bridge?: string;
  readonly ipam?: { readonly subnet?: string };
}

/** Per-container chains of the CNI plugins (libcni hashes): not the shared CNI-FORWARD or CNI-HOSTPORT-*. */
const perContainerChain = /\bCNI-(?:DN-)?[0-9a-f]{16,}\b/g;

/**
 * This manager's iptables rules only: the ones naming its chains (`BT<TAG>`) or bridges, an address
 * in one of its subnets (every container rule of the bridge and portmap plugins names the
 * container's address), or a per-container CNI chain one of those reaches. Other engines on the
 * host (a CI run, podman, a benchmark) change rules of their own at any time.
 */
function ownRules(iptablesSave: string, tag: string, bridges: readonly string[], subnets: readonly Cidr[]): string {
  const lines = iptablesSave.split('\n').filter((l) => !l.startsWith('#')).map((l) => l.replace(/\[[0-9]+:[0-9]+\]/, ''));
  const needles = [`BT${tag.toUpperCase()}`, ...bridges];
  const kept = new Set(lines.filter((l) => /^(\*|COMMIT)/.test(l) || needles.some((n) => l.includes(n)) || mentionsSubnet(l, subnets)));
  const chains = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const line of kept) for (const chain of line.match(perContainerChain) ?? []) if (!chains.has(chain)) (chains.add(chain), (grew = true));
    for (const line of lines) if (!kept.has(line) && [...chains].some((c) => line.includes(c))) (kept.add(line), (grew = true));
  }
  return lines.filter((l) => kept.has(l)).join('\n');
}

/** hostSnapshot once the bridges' veths are `expected`'s: see afterNamespaceTeardown. */
export function settledHostSnapshot(runDir: string, tag: string, expected: string): Promise<string> {
  const links = (snapshot: string) => snapshot.split('\n').find((l) => l.startsWith('links: '));
  return afterNamespaceTeardown(() => hostSnapshot(runDir, tag), (s) => links(s) === links(expected));
}

/**
 * What this test's manager (run directory `runDir`, its root beside it, `tag` from runTag) holds
 * on the host: its iptables rules, its bridges and the veths on them, its namespaces, leases,
 * attachment records and container files.
 */
export async function hostSnapshot(runDir: string, tag: string): Promise<string> {
  const networksDir = join(runDir, '..', 'root', 'networks');
  const networks = (existsSync(networksDir) ? readdirSync(networksDir) : []).filter((f) => f.endsWith('.json'))
    .map((f) => JSON.parse(readFileSync(join(networksDir, f), 'utf8')) as NetworkRecord);
  const bridges = [...new Set([`bt${tag}0`, ...networks.flatMap((n) => (n.bridge ? [n.bridge] : []))])].sort();
  const subnets = networks.flatMap((n) => (n.ipam?.subnet ? [parseCidr(n.ipam.subnet, 'subnet', false)] : []));
  const rules = ownRules(await must('iptables-save', []), tag, bridges, subnets);
  const ports = (bridge: string): string[] => (existsSync(`/sys/class/net/${bridge}/brif`) ? readdirSync(`/sys/class/net/${bridge}/brif`).sort() : []);
  const links = bridges.filter((b) => existsSync(`/sys/class/net/${b}`)).map((b) => `${b} [${ports(b).join(' ')}]`).join(' ');
  const files = (sub: string): string => {
    const out: string[] = [];
    const walk = (d: string, prefix: string): void => {
      let names: string[] = [];
      try {
        names = readdirSync(d);
      } catch {
        return;
      }
      for (const n of names.sort()) {
        const p = join(d, n);
        out.push(`${prefix}${n}`);
        if (statSync(p).isDirectory()) walk(p, `${prefix}${n}/`);
      }
    };
    walk(join(runDir, sub), '');
    return `${sub}: ${out.join(' ')}`;
  };
  return [rules, `links: ${links}`, files('netns'), files('ipam'), files('attachments'), files('containers')].join('\n');
}
