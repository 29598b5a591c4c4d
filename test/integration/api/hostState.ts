// What a test berthd may leave on the host outside its scratch directory: the bridges and iptables
// chains of its networks, its containers' parent cgroup and its exec root. A daemon stopped with
// SIGTERM and no running container removes its networking itself; one killed with SIGKILL cannot,
// so every root started by a test is swept once the whole run is over (a root-level mocha hook),
// and suites that check cleanliness call `hostLeftovers` themselves.
import { execFileSync } from 'node:child_process';
import { existsSync, promises as fsp, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostNames } from '../../../engine/src/daemon/hostNames';
import { removeBridge } from '../../../engine/src/network/bridgeDevice';
import { HostFirewall } from '../../../engine/src/network/firewallRules';
import { cgroupDirs, detectCgroupLayout } from '../../../engine/src/runtime/cgroupLayout';

const roots = new Set<string>();

export function trackRoot(root: string): void {
  roots.add(root);
}

/** Bridges the root's networks use (only readable while the root exists), plus its default bridge. */
export function bridgesOf(root: string): string[] {
  const names = new Set([hostNames(root).defaultBridge]);
  const dir = join(root, 'network', 'networks');
  for (const file of existsSync(dir) ? readdirSync(dir) : []) {
    try {
      const bridge = (JSON.parse(readFileSync(join(dir, file), 'utf8')) as { bridge?: string }).bridge;
      if (bridge) names.add(bridge);
    } catch {
      // a record being written: its bridge is found next time
    }
  }
  return [...names];
}

/**
 * Takes `take()` again until `settled` holds or `timeoutMs` passed, and returns the last take. berthd
 * unpins a removed container's network namespace and leaves the rest to the kernel, which destroys
 * it, and the veth in it, in the background: the veth's host end leaves its bridge some tens of
 * milliseconds after `rm` returns. Cleanliness checks wait for that, and only for that (`settled`
 * looks at veths alone), before they call a veth left behind.
 */
export async function afterNamespaceTeardown<T>(take: () => T | Promise<T>, settled: (taken: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const taken = await take();
    if (settled(taken) || Date.now() >= deadline) return taken;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function chainLines(prefix: string): string[] {
  return ['filter', 'nat', 'mangle'].flatMap((table) => execFileSync('iptables', ['-w', '-t', table, '-S'], { encoding: 'utf8' }).split('\n').filter((l) => l.includes(`${prefix}-`)));
}

/** Everything of `root`'s daemon still on the host (empty when clean). */
export function hostLeftovers(root: string): string[] {
  const names = hostNames(root);
  const left: string[] = [];
  for (const bridge of bridgesOf(root)) if (existsSync(`/sys/class/net/${bridge}`)) left.push(`bridge ${bridge}`);
  left.push(...chainLines(names.chainPrefix).map((l) => `iptables: ${l}`));
  for (const dir of cgroupDirs(detectCgroupLayout(), names.cgroupParent)) {
    if (!existsSync(dir)) continue;
    for (const child of readdirSync(dir, { withFileTypes: true })) if (child.isDirectory()) left.push(`cgroup ${join(dir, child.name)}`);
  }
  return left;
}

/** Removes what `root`'s (stopped) daemon left on the host. */
export async function sweepHostState(root: string): Promise<void> {
  const names = hostNames(root);
  for (const bridge of bridgesOf(root)) await removeBridge(bridge).catch(() => undefined);
  await new HostFirewall(names.chainPrefix).remove().catch(() => undefined);
  for (const dir of cgroupDirs(detectCgroupLayout(), names.cgroupParent)) await fsp.rmdir(dir).catch(() => undefined);
  await fsp.rm(names.execRoot, { recursive: true, force: true }).catch(() => undefined);
}

function daemonAlive(root: string): boolean {
  try {
    const pid = Number(readFileSync(join(root, 'berthd.pid'), 'utf8').trim());
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

// mocha's root-level hook: registered once when this module loads in a test run
if (typeof after === 'function') {
  after(async function () {
    this.timeout(60_000);
    for (const root of roots) if (!daemonAlive(root)) await sweepHostState(root);
  });
}
