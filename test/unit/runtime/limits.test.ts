import * as assert from 'node:assert/strict';
import { applicableResources, clampRlimits, requireControllers, resolveCapabilities, specResources, validateResources } from '../../../engine/src/runtime/limits';
import { allCapabilities, defaultCapabilities } from '../../../engine/src/runtime/specDefaults';
import type { CgroupLayout } from '../../../engine/src/runtime/cgroupLayout';

describe('validateResources', () => {
  it("rejects invalid limits with Docker's messages", () => {
    assert.throws(() => validateResources({ memory: 1024 }, 2), /Minimum memory limit allowed is 6MB/);
    assert.throws(() => validateResources({ nanoCpus: 3e9 }, 2), /Range of CPUs is from 0.01 to 2.00, as there are only 2 CPUs available/);
    assert.throws(() => validateResources({ nanoCpus: 1e6 }, 2), /Range of CPUs/);
    assert.throws(() => validateResources({ memory: 8 << 20, memorySwap: 4 << 20 }, 2), /Minimum memoryswap limit should be larger than memory limit/);
    assert.throws(() => validateResources({ nanoCpus: 1e9, cpuQuota: 50000 }, 2), /Conflicting options: Nano CPUs and CPU Period\/Quota/);
    assert.throws(() => validateResources({ cpusetCpus: 'x' }, 2), /Invalid value x for cpuset cpus/);
    assert.throws(() => validateResources({ memory: 1.5 }, 2), /not an integer/);
    validateResources({ memory: 6 << 20, nanoCpus: 2e9, pidsLimit: -1, cpuShares: 2 }, 2);
  });
});

describe('limits the host cannot apply', () => {
  // a cgroup v2 host whose parent cgroup hands containers only these controllers
  const only = (...controllers: string[]): CgroupLayout => ({ mode: 'v2', v1: new Map(), unified: '/sys/fs/cgroup', unifiedControllers: controllers, swapAccounting: false });
  it('drops each kind whose controller is missing, with one warning per kind, and keeps the rest', () => {
    const { resources, warnings } = applicableResources({ memory: 64 << 20, memorySwap: -1, cpuShares: 512, cpusetCpus: '0', pidsLimit: 20 }, only('cpu', 'cpuset'));
    assert.deepEqual(resources, { cpuShares: 512, cpusetCpus: '0' });
    assert.deepEqual(warnings, [
      "the memory limit is not applied: this host's cgroups have no memory controller (cgroup v2 (cpu,cpuset))",
      "the pids limit is not applied: this host's cgroups have no pids controller (cgroup v2 (cpu,cpuset))",
    ]);
  });
  it('refuses --cpus without the cpu controller, as Docker does', () => {
    assert.throws(() => applicableResources({ nanoCpus: 5e8 }, only('memory')), /--cpus cannot be applied: this host's cgroups have no cpu controller \(cgroup v2 \(memory\)\)/);
  });
  it('leaves unset and "unlimited" values alone: nothing to drop, no warning', () => {
    const request = { memory: 0, pidsLimit: -1, cpuQuota: -1, cpusetCpus: '' };
    assert.deepEqual(applicableResources(request, only()), { resources: request, warnings: [] });
    requireControllers(request, only());
  });
  it('refuses them where nobody can be warned (the runtime API)', () => {
    assert.throws(() => requireControllers({ pidsLimit: 5, cpuShares: 512 }, only('memory')),
      /this host's cgroups have no cpu or pids controller \(cgroup v2 \(memory\)\): the CPU limit and pids limit cannot be applied; create the container without them/);
  });
});

describe('specResources', () => {
  it('converts --cpus into a quota over a 100 ms period and defaults swap to twice memory', () => {
    assert.deepEqual(specResources({ nanoCpus: 1.5e9, memory: 10 << 20, pidsLimit: 0 }, true), {
      memory: { limit: 10 << 20, swap: 20 << 20 }, cpu: { period: 100000, quota: 150000 },
    });
    assert.deepEqual(specResources({ memory: 10 << 20, memorySwap: -1 }, true).memory, { limit: 10 << 20, swap: -1 });
    assert.deepEqual(specResources({ memory: 10 << 20 }, false).memory, { limit: 10 << 20 });
    assert.deepEqual(specResources({ pidsLimit: 7, cpuShares: 1 }, false), { cpu: { shares: 2 }, pids: { limit: 7 } });
  });
});

describe('resolveCapabilities', () => {
  it('adds and drops, with or without the CAP_ prefix, and ALL on either side', () => {
    assert.deepEqual(resolveCapabilities(), [...defaultCapabilities]);
    const added = resolveCapabilities(['net_admin'], ['CAP_MKNOD', 'kill']);
    assert.ok(added.includes('CAP_NET_ADMIN') && !added.includes('CAP_MKNOD') && !added.includes('CAP_KILL'));
    assert.deepEqual(resolveCapabilities(['CHOWN'], ['ALL']), ['CAP_CHOWN']);
    assert.ok(resolveCapabilities(['ALL']).includes('CAP_SYS_ADMIN'));
    assert.throws(() => resolveCapabilities(['FLY']), /unknown capability: "FLY"/);
  });

  it('gives ALL as what the daemon holds, not every capability the kernel knows', () => {
    const held = allCapabilities.filter((c) => c !== 'CAP_SYS_RESOURCE');
    assert.deepEqual(resolveCapabilities(['ALL'], [], held), held);
    assert.deepEqual(resolveCapabilities(['ALL'], ['NET_ADMIN'], held), held.filter((c) => c !== 'CAP_NET_ADMIN'));
  });
});

describe('clampRlimits', () => {
  it("lowers limits above the host's hard limit and says so", () => {
    const { rlimits, lowered } = clampRlimits([{ name: 'nofile', soft: 1024, hard: 1 << 20 }, { name: 'core', soft: 0, hard: 0 }], { nofile: 20000 });
    assert.deepEqual(rlimits, [{ type: 'RLIMIT_NOFILE', soft: 1024, hard: 20000 }, { type: 'RLIMIT_CORE', soft: 0, hard: 0 }]);
    assert.equal(lowered.length, 1);
    assert.throws(() => clampRlimits([{ name: 'bogus', soft: 1, hard: 1 }], {}), /invalid ulimit type: bogus/);
    assert.throws(() => clampRlimits([{ name: 'nofile', soft: 2, hard: 1 }], {}), /soft limit must be less than or equal to hard limit/);
  });
});
