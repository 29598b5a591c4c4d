import * as assert from 'node:assert/strict';
import { parseCreateRequest } from '../../../engine/src/api/createRequest';
import { isInvalidArgument } from '../../../engine/src/image/berthError';

// what docker 28's CLI sends for `docker create busybox echo hi` (trimmed of the zero-valued
// fields it also sends; the parser must accept those too, see the second test)
const dockerBody = {
  Hostname: '', Domainname: '', User: '', AttachStdin: false, AttachStdout: true, AttachStderr: true, Tty: false, OpenStdin: false, StdinOnce: false,
  Env: null, Cmd: ['echo', 'hi'], Image: 'busybox', Volumes: {}, WorkingDir: '', Entrypoint: null, OnBuild: null, Labels: {},
  HostConfig: {
    Binds: null, ContainerIDFile: '', LogConfig: { Type: '', Config: {} }, NetworkMode: 'default', PortBindings: {},
    RestartPolicy: { Name: 'no', MaximumRetryCount: 0 }, AutoRemove: false, VolumeDriver: '', VolumesFrom: null, ConsoleSize: [0, 0],
    CapAdd: null, CapDrop: null, CgroupnsMode: '', Dns: [], DnsOptions: [], DnsSearch: [], ExtraHosts: null, GroupAdd: null, IpcMode: '',
    Cgroup: '', Links: null, OomScoreAdj: 0, PidMode: '', Privileged: false, PublishAllPorts: false, ReadonlyRootfs: false, SecurityOpt: null,
    UTSMode: '', UsernsMode: '', ShmSize: 0, Isolation: '', CpuShares: 0, Memory: 0, NanoCpus: 0, CgroupParent: '', BlkioWeight: 0,
    BlkioWeightDevice: [], CpuPeriod: 0, CpuQuota: 0, CpusetCpus: '', CpusetMems: '', Devices: [], DeviceCgroupRules: null, DeviceRequests: null,
    MemoryReservation: 0, MemorySwap: 0, MemorySwappiness: -1, OomKillDisable: false, PidsLimit: 0, Ulimits: [], MaskedPaths: null, ReadonlyPaths: null,
  },
  NetworkingConfig: { EndpointsConfig: { default: { IPAMConfig: null, Links: null, Aliases: null, MacAddress: '', DriverOpts: null } } },
};

const invalid = (fn: () => unknown, pattern: RegExp) => assert.throws(fn, (err: unknown) => isInvalidArgument(err) && pattern.test((err as Error).message));

describe('parseCreateRequest', () => {
  it('reads the docker CLI body: the image, the command, defaults for everything unset', () => {
    const r = parseCreateRequest(dockerBody, '/web');
    assert.equal(r.image, 'busybox');
    assert.deepEqual(r.options.cmd, ['echo', 'hi']);
    assert.equal(r.options.entrypoint, undefined, 'a null Entrypoint keeps the image\'s');
    assert.equal(r.options.name, 'web', "Docker's leading / is dropped");
    assert.deepEqual(r.networkMode, { kind: 'default' });
    assert.deepEqual(r.endpoints, { bridge: {} }, 'the CLI names the default network "default"');
    assert.deepEqual(r.options.resources, {});
    assert.deepEqual(r.options.restartPolicy, { name: 'no' });
    assert.equal(r.options.consoleSize, undefined);
    assert.deepEqual([r.mounts, r.volumes, r.warnings], [[], [], []]);
  });

  it('maps limits, restart policy, capabilities, init, read-only root, console size and ulimits', () => {
    const r = parseCreateRequest({
      Image: 'busybox', Tty: true, OpenStdin: true, StdinOnce: true, Entrypoint: '', StopTimeout: 3,
      HostConfig: {
        Memory: 64 << 20, MemorySwap: -1, NanoCpus: 1.5e9, CpuShares: 512, PidsLimit: 20, ReadonlyRootfs: true, Init: true,
        CapAdd: ['NET_ADMIN'], CapDrop: ['MKNOD'], RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 }, ConsoleSize: [30, 100],
        Ulimits: [{ Name: 'nofile', Soft: 100, Hard: 200 }], ShmSize: 1 << 20, Dns: ['1.1.1.1'], ExtraHosts: ['db:10.0.0.2'],
      },
    }, undefined);
    assert.deepEqual(r.options.resources, { memory: 64 << 20, memorySwap: -1, nanoCpus: 1.5e9, cpuShares: 512, pidsLimit: 20 });
    assert.deepEqual(r.options.restartPolicy, { name: 'on-failure', maximumRetryCount: 3 });
    assert.deepEqual(r.options.entrypoint, [''], 'a string Entrypoint is a one-word list ("" resets it)');
    assert.deepEqual(r.options.consoleSize, { height: 30, width: 100 });
    assert.deepEqual(r.options.ulimits, [{ name: 'nofile', soft: 100, hard: 200 }]);
    assert.equal(r.options.readOnly, true);
    assert.equal(r.options.init, true);
    assert.equal(r.options.stopTimeout, 3);
    assert.deepEqual(r.dns.servers, ['1.1.1.1']);
    assert.deepEqual(r.extraHosts, ['db:10.0.0.2']);
  });

  it('takes a user network with its endpoint settings, none and host', () => {
    const r = parseCreateRequest({
      Image: 'busybox',
      HostConfig: { NetworkMode: 'mynet' },
      NetworkingConfig: { EndpointsConfig: { mynet: { Aliases: ['db'], IPAMConfig: { IPv4Address: '10.1.0.9' } } } },
    }, undefined);
    assert.deepEqual(r.networkMode, { kind: 'network', name: 'mynet' });
    assert.deepEqual(r.endpoints, { mynet: { aliases: ['db'], ipv4Address: '10.1.0.9' } });
    assert.deepEqual(parseCreateRequest({ Image: 'x', HostConfig: { NetworkMode: 'none' } }, undefined).networkMode, { kind: 'none' });
    assert.deepEqual(parseCreateRequest({ Image: 'x', HostConfig: { NetworkMode: 'host' } }, undefined).networkMode, { kind: 'host' });
  });

  it('collects binds, --mount entries and --tmpfs as mounts and volume requests', () => {
    const r = parseCreateRequest({
      Image: 'busybox',
      HostConfig: {
        Binds: ['/srv/data:/data:ro', 'cache:/cache', '/anon'],
        Mounts: [{ Type: 'tmpfs', Target: '/scratch', TmpfsOptions: { SizeBytes: 1 << 20 } }, { Type: 'volume', Source: 'named', Target: '/v', VolumeOptions: { NoCopy: true } }],
        Tmpfs: { '/run': 'size=64m,mode=1777' },
      },
    }, undefined);
    assert.deepEqual(r.mounts, [
      { type: 'bind', source: '/srv/data', target: '/data', readOnly: true },
      { type: 'tmpfs', target: '/scratch', readOnly: false, sizeBytes: 1 << 20 },
      { type: 'tmpfs', target: '/run', readOnly: false, sizeBytes: 64 << 20, mode: 0o1777 },
    ]);
    assert.deepEqual(r.createSources, ['/srv/data'], '-v creates a missing source, --mount does not');
    assert.deepEqual(r.volumes, [
      { name: 'cache', target: '/cache', readOnly: false, noCopy: false },
      { target: '/anon', readOnly: false, noCopy: false },
      { name: 'named', target: '/v', readOnly: false, noCopy: true },
    ]);
  });

  it('refuses what berth cannot do instead of ignoring it', () => {
    invalid(() => parseCreateRequest({ Image: 'x', HostConfig: { Privileged: true } }, undefined), /privileged/);
    invalid(() => parseCreateRequest({ Image: 'x', HostConfig: { Devices: [{ PathOnHost: '/dev/kvm' }] } }, undefined), /Devices/);
    invalid(() => parseCreateRequest({ Image: 'x', HostConfig: { PidMode: 'host' } }, undefined), /PidMode "host"/);
    invalid(() => parseCreateRequest({ Image: 'x', HostConfig: { NetworkMode: 'container:abc' } }, undefined), /container:abc/);
    invalid(() => parseCreateRequest({ Image: 'x', HostConfig: { Runtime: 'kata' } }, undefined), /unknown or invalid runtime name: kata/);
    invalid(() => parseCreateRequest({ Cmd: ['x'] }, undefined), /Config.Image is required/);
    invalid(() => parseCreateRequest({ Image: 'x', Cmd: [1] }, undefined), /Config.Cmd must be a list of strings/);
    invalid(() => parseCreateRequest({ Image: 'x', HostConfig: { Memory: 'lots' } }, undefined), /HostConfig.Memory must be an integer/);
    invalid(() => parseCreateRequest({ Image: 'x', HostConfig: { RestartPolicy: { Name: 'sometimes' } } }, undefined), /invalid restart policy 'sometimes'/);
  });

  it('warns that a health check is ignored', () => {
    const r = parseCreateRequest({ Image: 'x', Healthcheck: { Test: ['CMD', 'true'] } }, undefined);
    assert.match(r.warnings[0]!, /health checks are not supported/);
    assert.deepEqual(parseCreateRequest({ Image: 'x', Healthcheck: { Test: ['NONE'] } }, undefined).warnings, []);
  });
});
