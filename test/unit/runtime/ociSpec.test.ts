import * as assert from 'node:assert/strict';
import {
  baseSpec, generateSpec, requestedMounts, withCapabilities, withInit, withMounts, withNetworkNamespace, withProcess,
  withReadonlyRootfs, withShmSize, withUserNamespace,
} from '../../../engine/src/runtime/ociSpec';
import { containerSpec } from '../../../engine/src/runtime/containerSpec';
import { buildConfig } from '../../../engine/src/runtime/containerConfig';
import { defaultCapabilities } from '../../../engine/src/runtime/specDefaults';
import type { HostConfig } from '../../../engine/src/runtime/containerRecord';
import type { Image } from '../../../engine/src/image/image';

const root = { uid: 0, gid: 0, additionalGids: [], home: '/root' };

describe('baseSpec', () => {
  it("has Docker's namespaces, capabilities, masked and read-only paths and default mounts", () => {
    const spec = baseSpec('/b/rootfs');
    assert.deepEqual(spec.linux.namespaces.map((n) => n.type).sort(), ['cgroup', 'ipc', 'mount', 'network', 'pid', 'uts']);
    assert.deepEqual(spec.process.capabilities.bounding, [
      'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID', 'CAP_SETUID',
      'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
    ]);
    assert.ok(spec.linux.maskedPaths.includes('/proc/kcore') && spec.linux.maskedPaths.includes('/sys/firmware'));
    assert.deepEqual(spec.linux.readonlyPaths, ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger']);
    assert.deepEqual(spec.mounts.map((m) => m.destination), ['/proc', '/dev', '/dev/pts', '/sys', '/sys/fs/cgroup', '/dev/mqueue', '/dev/shm']);
    assert.equal(spec.linux.resources.devices[0]?.allow, false, 'devices: deny all first');
    assert.equal(spec.root.path, '/b/rootfs');
  });
});

describe('generateSpec', () => {
  it('applies options in order and never changes its input', () => {
    const base = baseSpec('/r');
    const frozen = JSON.stringify(base);
    const spec = generateSpec('/r', [
      withProcess({ args: ['sh'], env: ['A=1'], cwd: '/w', user: { uid: 5, gid: 6, additionalGids: [7], home: '/' }, terminal: true, consoleSize: { height: 3, width: 4 } }),
      withInit('/usr/bin/tini-static'),
    ]);
    assert.deepEqual(spec.process.args, ['/sbin/docker-init', '--', 'sh']);
    assert.deepEqual(spec.process.user, { uid: 5, gid: 6, additionalGids: [7] });
    assert.deepEqual(spec.process.consoleSize, { height: 3, width: 4 });
    assert.deepEqual(spec.mounts.at(-1), { destination: '/sbin/docker-init', type: 'bind', source: '/usr/bin/tini-static', options: ['bind', 'ro'] });
    assert.equal(JSON.stringify(base), frozen);
  });

  it('network: a new namespace, a joined one, or none for host', () => {
    const ns = (kind: Parameters<typeof withNetworkNamespace>[0]) => generateSpec('/r', [withNetworkNamespace(kind)]).linux.namespaces.filter((n) => n.type === 'network');
    assert.deepEqual(ns({ kind: 'new' }), [{ type: 'network' }]);
    assert.deepEqual(ns({ kind: 'join', path: '/run/netns/x' }), [{ type: 'network', path: '/run/netns/x' }]);
    assert.deepEqual(ns({ kind: 'host' }), []);
  });

  it('user mounts replace defaults at the same place and go parents first', () => {
    const spec = generateSpec('/r', [withMounts(requestedMounts([
      { type: 'bind', source: '/h/a/b', target: '/a/b' },
      { type: 'tmpfs', target: '/dev/shm', sizeBytes: 1024 },
      { type: 'volume', name: 'v', source: '/vol/v/_data', target: '/a', readOnly: true },
    ]))]);
    const dests = spec.mounts.map((m) => m.destination);
    assert.equal(dests.filter((d) => d === '/dev/shm').length, 1);
    assert.ok(dests.indexOf('/a') < dests.indexOf('/a/b'));
    assert.deepEqual(spec.mounts.find((m) => m.destination === '/a')?.options, ['rbind', 'ro', 'rprivate']);
    assert.deepEqual(spec.mounts.find((m) => m.destination === '/dev/shm')?.options, ['nosuid', 'nodev', 'noexec', 'rw', 'size=1024', 'mode=1777']);
  });

  it('read-only root, shm size, capabilities, user namespace', () => {
    const spec = generateSpec('/r', [withReadonlyRootfs(true), withShmSize(1 << 20), withCapabilities(['CAP_KILL']),
      withUserNamespace({ uidMap: { containerId: 0, hostId: 100000, size: 65536 }, gidMap: { containerId: 0, hostId: 100000, size: 65536 } })]);
    assert.equal(spec.root.readonly, true);
    assert.ok(spec.mounts.find((m) => m.destination === '/dev/shm')?.options.includes('size=1048576'));
    assert.deepEqual(spec.process.capabilities, { bounding: ['CAP_KILL'], effective: ['CAP_KILL'], permitted: ['CAP_KILL'] });
    assert.ok(spec.linux.namespaces.some((n) => n.type === 'user'));
    assert.deepEqual(spec.linux.uidMappings, [{ containerID: 0, hostID: 100000, size: 65536 }]);
  });
});

describe('containerSpec', () => {
  const image = { reference: 'busybox', image: {} as Image };
  const hostConfig: HostConfig = {
    readOnly: true, capAdd: ['NET_ADMIN'], capDrop: ['MKNOD'], init: false, resources: { memory: 64 << 20, nanoCpus: 0.5e9, cpuShares: 512, pidsLimit: 50 },
    ulimits: [{ name: 'nofile', soft: 1 << 20, hard: 1 << 20 }], restartPolicy: { name: 'no' }, autoRemove: false,
    network: { mode: { kind: 'none' } }, mounts: [], groupAdd: [], shmSize: 64 << 20,
  };
  const network = { namespace: { kind: 'new' } as const, hostname: 'h', files: { hosts: '/c/hosts', resolvConf: '/c/resolv.conf', hostname: '/c/hostname' } };

  it('turns the record into a spec: limits, rlimits clamped to the host, network files writable', () => {
    const config = buildConfig('a'.repeat(64), { Env: ['PATH=/bin'] }, { image, cmd: ['sh'] });
    const { spec, warnings } = containerSpec({
      rootfs: '/c/rootfs', args: ['sh'], config, hostConfig, user: root, network, cgroupsPath: '/berth/x',
      host: { hardLimits: { nofile: 20000 }, swapAccounting: true, arch: 'x64', kernel: '6.1.0' },
    });
    assert.deepEqual(spec.linux.resources.memory, { limit: 64 << 20, swap: 128 << 20 });
    assert.deepEqual(spec.linux.resources.cpu, { shares: 512, period: 100000, quota: 50000 });
    assert.deepEqual(spec.linux.resources.pids, { limit: 50 });
    assert.equal(spec.linux.cgroupsPath, '/berth/x');
    assert.deepEqual(spec.process.rlimits, [{ type: 'RLIMIT_NOFILE', soft: 20000, hard: 20000 }]);
    assert.match(warnings[0]!, /nofile 1048576:1048576 → 20000:20000/);
    assert.ok(spec.process.capabilities.bounding.includes('CAP_NET_ADMIN'));
    assert.ok(!spec.process.capabilities.bounding.includes('CAP_MKNOD'));
    assert.equal(spec.root.readonly, true);
    assert.deepEqual(spec.mounts.find((m) => m.destination === '/etc/hosts'), { destination: '/etc/hosts', type: 'bind', source: '/c/hosts', options: ['rbind', 'rprivate'] });
    assert.deepEqual(spec.process.env, ['PATH=/bin', `HOSTNAME=${'a'.repeat(12)}`, 'HOME=/root']);
    assert.equal(spec.hostname, 'h');
    assert.deepEqual(defaultCapabilities.length, 14);
  });

  it('filters with the default seccomp profile for its capabilities; --security-opt chooses none or another, and no-new-privileges', () => {
    const config = buildConfig('c'.repeat(64), {}, { image, cmd: ['sh'] });
    const spec = (h: Partial<HostConfig>) => containerSpec({
      rootfs: '/r', args: ['sh'], config, hostConfig: { ...hostConfig, ...h }, user: root, network, cgroupsPath: '/b/z',
      host: { hardLimits: {}, swapAccounting: false, arch: 'x64', kernel: '6.1.0' },
    }).spec;
    const plain = spec({});
    assert.equal(plain.linux.seccomp?.defaultAction, 'SCMP_ACT_ERRNO');
    assert.deepEqual(plain.linux.seccomp?.architectures, ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
    const mountAllowed = (s: typeof plain) => (s.linux.seccomp?.syscalls ?? []).some((r) => r.names.includes('mount'));
    assert.ok(!mountAllowed(plain));
    assert.ok(mountAllowed(spec({ capAdd: ['SYS_ADMIN'] })), 'the rules follow the capabilities');
    assert.equal(plain.process.noNewPrivileges, undefined);
    assert.equal(spec({ securityOpt: ['seccomp=unconfined'] }).linux.seccomp, undefined);
    const custom = spec({ securityOpt: ['seccomp={"defaultAction":"SCMP_ACT_LOG"}', 'no-new-privileges'] });
    assert.deepEqual(custom.linux.seccomp, { defaultAction: 'SCMP_ACT_LOG', syscalls: [] });
    assert.equal(custom.process.noNewPrivileges, true);
  });

  it('--init without an init binary on the host says what to install', () => {
    const config = buildConfig('b'.repeat(64), {}, { image, cmd: ['sh'] });
    assert.throws(() => containerSpec({
      rootfs: '/r', args: ['sh'], config, hostConfig: { ...hostConfig, init: true }, user: root, network, cgroupsPath: '/b/y', host: { hardLimits: {}, swapAccounting: false, arch: 'x64', kernel: '6.1.0' },
    }), /apt-get install tini/);
  });
});
