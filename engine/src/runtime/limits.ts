// Resource limits, capabilities and rlimits: validated with Docker's messages, turned into runtime-spec
// fields. Pure; the host facts (CPU count, hard rlimits, the cgroup layout) come in as arguments.
import { berthError } from '../image/berthError';
import { controllerAvailable, describeLayout, type CgroupLayout } from './cgroupLayout';
import type { Resources, Ulimit } from './createOptions';
import type { SpecResources, SpecRlimit } from './runtimeSpec';
import { allCapabilities, defaultCapabilities } from './specDefaults';

export const minimumMemory = 6 * 1024 * 1024;
const cpuPeriod = 100_000;

function invalid(message: string): never {
  throw berthError('invalid-argument', message);
}

/** The CPU numbers of a cpuset list such as "0-3,6"; undefined when it is not one. */
export function parseCpuList(text: string): Set<number> | undefined {
  if (!/^(\d+(-\d+)?)(,\d+(-\d+)?)*$/.test(text)) return undefined;
  const cpus = new Set<number>();
  for (const part of text.split(',')) {
    const [first, last = first] = part.split('-').map(Number) as [number, number?];
    if (last < first || last - first > 65_536) return undefined;
    for (let n = first; n <= last; n++) cpus.add(n);
  }
  return cpus;
}

/**
 * Throws Docker's message for the first invalid limit. `hostCpuset` is the list of CPUs containers
 * may use (e.g. "0-3"); without it a --cpuset-cpus is only checked for its syntax.
 */
export function validateResources(r: Resources, hostCpus: number, hostCpuset?: string): void {
  const whole = (n: number | undefined, what: string) => {
    if (n !== undefined && !Number.isSafeInteger(n)) invalid(`invalid ${what}: ${n} is not an integer`);
  };
  whole(r.memory, 'memory limit');
  whole(r.memorySwap, 'memory swap limit');
  whole(r.nanoCpus, 'CPU count');
  whole(r.cpuShares, 'CPU shares');
  whole(r.pidsLimit, 'pids limit');
  if (r.memory !== undefined && r.memory !== 0 && r.memory < minimumMemory) invalid('Minimum memory limit allowed is 6MB');
  if (r.memory !== undefined && r.memory < 0) invalid(`invalid memory limit ${r.memory}: must be positive`);
  if (r.memorySwap !== undefined && r.memorySwap > 0) {
    if (!r.memory) invalid('You should always set the Memory limit when using Memoryswap limit, see usage');
    if (r.memorySwap < r.memory) invalid('Minimum memoryswap limit should be larger than memory limit, see usage');
  }
  if (r.nanoCpus !== undefined && r.nanoCpus !== 0) {
    if (r.cpuQuota || r.cpuPeriod) invalid('Conflicting options: Nano CPUs and CPU Period/Quota cannot both be set');
    if (r.nanoCpus < 0.01e9 || r.nanoCpus > hostCpus * 1e9) {
      invalid(`Range of CPUs is from 0.01 to ${hostCpus}.00, as there are only ${hostCpus} CPUs available`);
    }
  }
  if (r.cpuShares !== undefined && r.cpuShares < 0) invalid(`invalid CPU shares (${r.cpuShares}): value must be a positive integer`);
  if (r.cpuPeriod !== undefined && r.cpuPeriod !== 0 && (r.cpuPeriod < 1000 || r.cpuPeriod > 1_000_000)) invalid('CPU cfs period can not be less than 1ms (i.e. 1000) or larger than 1s (i.e. 1000000)');
  if (r.cpuQuota !== undefined && r.cpuQuota > 0 && r.cpuQuota < 1000) invalid('CPU cfs quota can not be less than 1ms (i.e. 1000)');
  if (r.cpusetCpus !== undefined && r.cpusetCpus !== '') {
    const requested = parseCpuList(r.cpusetCpus);
    if (!requested) invalid(`Invalid value ${r.cpusetCpus} for cpuset cpus`);
    const available = hostCpuset === undefined ? undefined : parseCpuList(hostCpuset);
    if (available && [...requested].some((n) => !available.has(n))) invalid(`Requested CPUs are not available - requested ${r.cpusetCpus}, available: ${hostCpuset}`);
  }
}

/** The cgroup controller each kind of limit needs, and when a request sets one. */
const limitKinds: readonly { readonly controller: string; readonly what: string; readonly fields: readonly (keyof Resources)[]; set(r: Resources): boolean }[] = [
  { controller: 'memory', what: 'memory limit', fields: ['memory', 'memorySwap', 'memoryReservation'], set: (r) => Boolean(r.memory) || Boolean(r.memoryReservation) },
  { controller: 'cpu', what: 'CPU limit', fields: ['nanoCpus', 'cpuShares', 'cpuQuota', 'cpuPeriod'], set: (r) => Boolean(r.nanoCpus || r.cpuShares || r.cpuPeriod || (r.cpuQuota && r.cpuQuota > 0)) },
  { controller: 'cpuset', what: 'CPU set', fields: ['cpusetCpus'], set: (r) => Boolean(r.cpusetCpus) },
  { controller: 'pids', what: 'pids limit', fields: ['pidsLimit'], set: (r) => r.pidsLimit !== undefined && r.pidsLimit > 0 },
];

/** The limits a request sets whose cgroup controller this host lacks. */
function missingControllers(r: Resources, layout: CgroupLayout): (typeof limitKinds)[number][] {
  return limitKinds.filter((kind) => kind.set(r) && !controllerAvailable(layout, kind.controller));
}

/**
 * What Docker and Podman do with a limit the host's cgroups cannot apply (a cgroup v2 host that did
 * not delegate the controller, a kernel built without it): the container is created without it, and
 * the client is warned; --cpus is refused, as Docker refuses it. Call it on validated limits
 * (validateResources): a bad value is an error whether or not it could be applied.
 */
export function applicableResources(r: Resources, layout: CgroupLayout): { resources: Resources; warnings: string[] } {
  // Docker refuses --cpus outright there (NanoCpus came with the cpu controller's quota in mind)
  if (r.nanoCpus && !controllerAvailable(layout, 'cpu')) invalid(`--cpus cannot be applied: this host's cgroups have no cpu controller (${describeLayout(layout)})`);
  const missing = missingControllers(r, layout);
  if (missing.length === 0) return { resources: r, warnings: [] };
  const resources: Record<string, unknown> = { ...r };
  for (const kind of missing) for (const field of kind.fields) delete resources[field];
  const hostCgroups = describeLayout(layout);
  const warnings = missing.map((kind) => `the ${kind.what} is not applied: this host's cgroups have no ${kind.controller} controller (${hostCgroups})`);
  return { resources: resources as Resources, warnings };
}

/**
 * Refuses limits the host cannot apply: a runtime would silently run without them (runc) or fail
 * with its own words (crun). The API drops them first, with a warning (applicableResources).
 */
export function requireControllers(r: Resources, layout: CgroupLayout): void {
  const missing = missingControllers(r, layout);
  if (missing.length > 0) invalid(`this host's cgroups have no ${missing.map((k) => k.controller).join(' or ')} controller (${describeLayout(layout)}): the ${missing.map((k) => k.what).join(' and ')} cannot be applied; create the container without ${missing.length > 1 ? 'them' : 'it'}`);
}

/** The spec's cgroup resources (devices are added by the caller). */
export function specResources(r: Resources, swapAccounting: boolean): Omit<SpecResources, 'devices'> {
  const memory: { limit?: number; swap?: number; reservation?: number } = {};
  if (r.memory) {
    memory.limit = r.memory;
    // Docker: unset swap means as much swap as memory again; only meaningful with swap accounting
    if (swapAccounting) memory.swap = r.memorySwap === undefined || r.memorySwap === 0 ? r.memory * 2 : r.memorySwap;
  }
  if (r.memoryReservation) memory.reservation = r.memoryReservation;
  const cpu: { shares?: number; quota?: number; period?: number; cpus?: string } = {};
  if (r.cpuShares) cpu.shares = Math.min(Math.max(r.cpuShares, 2), 262_144);
  if (r.nanoCpus) {
    cpu.period = cpuPeriod;
    cpu.quota = Math.round((r.nanoCpus * cpuPeriod) / 1e9);
  } else {
    if (r.cpuPeriod) cpu.period = r.cpuPeriod;
    if (r.cpuQuota && r.cpuQuota > 0) cpu.quota = r.cpuQuota;
  }
  if (r.cpusetCpus) cpu.cpus = r.cpusetCpus;
  return {
    ...(Object.keys(memory).length ? { memory } : {}),
    ...(Object.keys(cpu).length ? { cpu } : {}),
    ...(r.pidsLimit !== undefined && r.pidsLimit > 0 ? { pids: { limit: r.pidsLimit } } : {}),
  };
}

function capabilityName(name: string): string {
  const upper = name.toUpperCase();
  const full = upper === 'ALL' || upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
  if (full !== 'ALL' && !allCapabilities.includes(full)) invalid(`unknown capability: "${name}"`);
  return full;
}

/**
 * Docker's TweakCapabilities: defaults, plus adds, minus drops; ALL on either side. `--cap-add ALL`
 * means every capability the daemon itself holds (`available`, its bounding set), as in Docker: a
 * runtime cannot grant one the host took away (capset fails with EPERM).
 */
export function resolveCapabilities(add: readonly string[] = [], drop: readonly string[] = [], available: readonly string[] = allCapabilities): string[] {
  const adds = add.map(capabilityName);
  const drops = drop.map(capabilityName);
  const base = drops.includes('ALL') ? [] : adds.includes('ALL') ? [...available] : [...defaultCapabilities];
  const result = new Set(base);
  for (const cap of adds) if (cap !== 'ALL') result.add(cap);
  if (!drops.includes('ALL')) for (const cap of drops) if (!adds.includes(cap)) result.delete(cap);
  return [...result];
}

export const rlimitNames: readonly string[] = ['as', 'core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack'];

/**
 * The container's rlimits, each clamped to the host's hard limit: an unprivileged daemon (and, on
 * some hosts, root without CAP_SYS_RESOURCE) cannot raise a hard limit, and the runtime would fail
 * with `setrlimit: Operation not permitted`. Returns what was lowered so the caller can say so.
 */
export function clampRlimits(ulimits: readonly Ulimit[], hostHard: Readonly<Record<string, number>>): { rlimits: SpecRlimit[]; lowered: string[] } {
  const lowered: string[] = [];
  const rlimits = ulimits.map((u) => {
    const name = u.name.toLowerCase();
    if (!rlimitNames.includes(name)) invalid(`invalid ulimit type: ${u.name}`);
    if (u.soft > u.hard) invalid(`ulimit soft limit must be less than or equal to hard limit: ${u.soft} > ${u.hard}`);
    const cap = hostHard[name] ?? Number.MAX_SAFE_INTEGER;
    const hard = Math.min(u.hard, cap);
    const soft = Math.min(u.soft, hard);
    if (hard !== u.hard || soft !== u.soft) lowered.push(`${name} ${u.soft}:${u.hard} → ${soft}:${hard} (host hard limit ${cap})`);
    return { type: `RLIMIT_${name.toUpperCase()}`, soft, hard };
  });
  return { rlimits, lowered };
}
