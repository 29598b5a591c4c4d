// Facts about the host that shape every container: the daemon's hard rlimits (a container cannot be
// given more), the number of CPUs and which are online (--cpus and --cpuset-cpus are checked against
// them) and the static init binary --init bind-mounts (it must not need the image's libc).
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { findProgram } from './runtimeProbe';
import { allCapabilities } from './specDefaults';

const limitNames: Record<string, string> = {
  'max cpu time': 'cpu', 'max file size': 'fsize', 'max data size': 'data', 'max stack size': 'stack',
  'max core file size': 'core', 'max resident set': 'rss', 'max processes': 'nproc', 'max open files': 'nofile',
  'max locked memory': 'memlock', 'max address space': 'as', 'max file locks': 'locks', 'max pending signals': 'sigpending',
  'max msgqueue size': 'msgqueue', 'max nice priority': 'nice', 'max realtime priority': 'rtprio', 'max realtime timeout': 'rttime',
};

/** /proc/self/limits' hard column by rlimit name (unlimited → MAX_SAFE_INTEGER). */
export function parseHardLimits(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n').slice(1)) {
    const label = Object.keys(limitNames).find((l) => line.toLowerCase().startsWith(l));
    if (label === undefined) continue;
    const hard = line.slice(26).trim().split(/\s+/)[1];
    out[limitNames[label]!] = hard === undefined || hard === 'unlimited' ? Number.MAX_SAFE_INTEGER : Number(hard);
  }
  return out;
}

export function readHardLimits(): Record<string, number> {
  return parseHardLimits(readFileSync('/proc/self/limits', 'utf8'));
}

/** The capabilities in a CapBnd mask of /proc/<pid>/status (bit n is capability n). */
export function parseCapabilityMask(status: string): string[] {
  const mask = /^CapBnd:\s*([0-9a-f]+)$/m.exec(status)?.[1];
  if (mask === undefined) return [...allCapabilities];
  const bits = BigInt(`0x${mask}`);
  return allCapabilities.filter((_, bit) => ((bits >> BigInt(bit)) & 1n) === 1n);
}

/** What `--cap-add ALL` can give: the daemon's own bounding set. */
export function readBoundingCapabilities(): string[] {
  return parseCapabilityMask(readFileSync('/proc/self/status', 'utf8'));
}

export function hostCpuCount(): number {
  return availableParallelism();
}

/** The CPUs that are online (e.g. "0-3"), which --cpuset-cpus must stay within; undefined if unknown. */
export function hostCpuset(): string | undefined {
  try {
    return readFileSync('/sys/devices/system/cpu/online', 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** tini-static (Debian's tini package) or catatonit; undefined when neither is installed. */
export function findInitBinary(): string | undefined {
  return findProgram('tini-static') ?? findProgram('catatonit');
}
