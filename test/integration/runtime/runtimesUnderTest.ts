// Every runtime suite runs once with crun and once with runc. crun 1.8 refuses hybrid cgroup hosts
// unless a v1 hugetlb hierarchy is mounted (BASELINES); when it is missing, the crun suites mount it
// for their duration and unmount it afterwards (only what they mounted, and only once no cgroup is
// left in it, so the host ends as it was). Suites for the runtime the engine would choose fail,
// never skip, when a tool is missing.
import { existsSync, promises as fsp, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { cgroupDirs, detectCgroupLayout } from '../../../engine/src/runtime/cgroupLayout';
import type { RuntimeName } from '../../../engine/src/runtime/ociRuntime';
import { isMountPoint } from '../../../engine/src/runtime/rootfsMount';
import { findProgram, hybridCgroupError, probeRuntime } from '../../../engine/src/runtime/runtimeProbe';

export const runtimesUnderTest: readonly RuntimeName[] = ['crun', 'runc'];

const hugetlb = '/sys/fs/cgroup/hugetlb';

export interface RuntimeFixup {
  /** What was done to make the runtime usable (for the suite's log). */
  readonly note: string;
  undo(): Promise<void>;
}

export const probeParent = '/berth-test-probe';

/** Removes an (empty) parent cgroup the tests made, in every hierarchy. */
export async function removeCgroupParent(parent: string): Promise<void> {
  for (const dir of cgroupDirs(detectCgroupLayout(), parent)) await fsp.rmdir(dir).catch(() => undefined);
}

async function probe(name: RuntimeName) {
  try {
    return await probeRuntime(name, findProgram(name), detectCgroupLayout(), probeParent);
  } finally {
    await removeCgroupParent(probeParent);
  }
}

/** Makes `name` usable here for a suite, or throws why it cannot be. */
export async function makeUsable(name: RuntimeName): Promise<RuntimeFixup> {
  const first = await probe(name);
  if (first.error === undefined) return { note: `${name} works on this host as it is`, undo: async () => {} };
  if (name !== 'crun' || !first.error.includes(hybridCgroupError) || isMountPoint(hugetlb)) {
    throw new Error(`${name} cannot run containers here: ${first.error}`);
  }
  const created = !existsSync(hugetlb);
  await fsp.mkdir(hugetlb, { recursive: true });
  execFileSync('mount', ['-t', 'cgroup', '-o', 'hugetlb', 'cgroup', hugetlb]);
  const second = await probe(name);
  const undo = async () => {
    const children = readdirSync(hugetlb, { withFileTypes: true }).filter((e) => e.isDirectory());
    if (children.length > 0) throw new Error(`left ${hugetlb} mounted: cgroups still in it (${children.map((c) => c.name).join(', ')})`);
    execFileSync('umount', [hugetlb]);
    if (created) await fsp.rmdir(hugetlb);
  };
  if (second.error !== undefined) {
    await undo();
    throw new Error(`crun still cannot run containers after mounting ${hugetlb}: ${second.error}`);
  }
  return { note: `crun needed a v1 hugetlb hierarchy: mounted at ${hugetlb} for this suite, unmounted after`, undo };
}
