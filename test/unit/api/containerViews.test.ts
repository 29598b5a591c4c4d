import * as assert from 'node:assert/strict';
import { containerInspect, containerSummary, statusText, type ContainerFacts } from '../../../engine/src/api/containerViews';
import type { Attachment } from '../../../engine/src/network/network';
import { initialState, type ContainerRecord } from '../../../engine/src/runtime/containerRecord';

const id = 'a'.repeat(64);
const now = Date.parse('2026-11-22T12:00:00Z');

function record(overrides: Partial<ContainerRecord> = {}): ContainerRecord {
  return {
    id, name: 'web', created: '2026-11-22T11:59:00.000000000Z', path: 'sh', args: ['-c', 'echo hi; sleep 1'],
    config: {
      hostname: 'aaaaaaaaaaaa', domainname: '', user: '', env: ['PATH=/bin'], entrypoint: [], cmd: ['sh', '-c', 'echo hi; sleep 1'], workingDir: '/',
      tty: false, openStdin: false, stdinOnce: false, labels: { team: 'a' }, stopSignal: 'SIGTERM', stopTimeout: 10, image: 'busybox',
      exposedPorts: ['80/tcp'], volumes: [],
    },
    hostConfig: {
      readOnly: false, capAdd: [], capDrop: [], init: false, resources: { memory: 64 << 20 }, ulimits: [], restartPolicy: { name: 'no' }, autoRemove: true,
      network: { mode: { kind: 'bridge', networks: [{ network: 'bridge' }] }, ports: [{ containerPort: 80, protocol: 'tcp', hostPort: 8080 }] },
      mounts: [{ type: 'bind', source: '/srv', target: '/srv', readOnly: true }, { type: 'tmpfs', target: '/run' }], groupAdd: [], shmSize: 64 << 20,
    },
    image: { reference: 'busybox', manifestDigest: `sha256:${'1'.repeat(64)}` as never, configDigest: `sha256:${'2'.repeat(64)}` as never },
    snapshotKey: id, snapshotter: 'overlay', state: initialState(), logPath: `/root/containers/${id}/ctr.log`,
    ...overrides,
  };
}

const attachment: Attachment = {
  containerId: id, name: 'web', mode: 'bridge', netnsPath: `/run/berth/netns/${id}`, hostname: 'aaaaaaaaaaaa',
  files: { hosts: '/h', resolvConf: '/r', hostname: '/n' },
  endpoints: [{
    networkId: 'n'.repeat(64), networkName: 'bridge', endpointId: 'e'.repeat(64), ifname: 'eth0', macAddress: '02:42:ac:11:00:02',
    ipv4: { address: '172.17.0.2', prefixLength: 16 }, gateway: '172.17.0.1', aliases: [], dnsNames: [],
  }],
  ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 }],
  warnings: [],
};

const facts: ContainerFacts = { networks: { bridge: { networkId: 'n'.repeat(64) } }, imageId: `sha256:${'3'.repeat(64)}`, storageDriver: 'overlayfs', execIds: [], publishAllPorts: false };

describe('statusText', () => {
  const state = initialState();
  it("says what docker's State.String() says", () => {
    assert.equal(statusText(state, now), 'Created');
    assert.equal(statusText({ ...state, status: 'running', startedAt: '2026-11-22T11:58:00Z' }, now), 'Up 2 minutes');
    assert.equal(statusText({ ...state, status: 'paused', startedAt: '2026-11-22T11:59:59Z' }, now), 'Up 1 second (Paused)');
    assert.equal(statusText({ ...state, status: 'exited', exitCode: 137, startedAt: '2026-11-22T10:00:00Z', finishedAt: '2026-11-22T11:00:00Z' }, now), 'Exited (137) About an hour ago');
    assert.equal(statusText({ ...state, status: 'exited', exitCode: 127 }, now), 'Created', 'never started: a failed start leaves it Created');
    assert.equal(statusText({ ...state, status: 'restarting', exitCode: 1, finishedAt: '2026-11-22T11:59:30Z' }, now), 'Restarting (1) 30 seconds ago');
  });
});

describe('containerSummary', () => {
  it("has docker's ps fields: names with /, the command with quoted arguments, ports, status", () => {
    const s = containerSummary(record({ state: { ...initialState(), status: 'running', startedAt: '2026-11-22T11:59:30Z' } }), { ...facts, attachment }, now);
    assert.deepEqual(s.Names, ['/web']);
    assert.equal(s.Command, "sh -c 'echo hi; sleep 1'");
    assert.equal(s.Created, Math.floor(Date.parse('2026-11-22T11:59:00Z') / 1000));
    assert.deepEqual(s.Ports, [{ IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' }]);
    assert.equal(s.Status, 'Up 30 seconds');
    assert.equal(s.State, 'running');
    assert.deepEqual(s.HostConfig, { NetworkMode: 'bridge' });
  });

  it('lists exposed ports without a host port while stopped', () => {
    assert.deepEqual(containerSummary(record(), facts, now).Ports, [{ PrivatePort: 80, Type: 'tcp' }]);
  });
});

/** The parts of the inspect document these tests read. */
interface InspectShape {
  Name: string;
  Image: string;
  State: { Status: string; Running: boolean; OOMKilled: boolean; ExitCode: number };
  HostConfig: { PortBindings: unknown; Memory: number; AutoRemove: boolean; Binds: string[] };
  Mounts: { Type: string; Destination: string; RW: boolean }[];
  Config: { ExposedPorts: unknown; Cmd: string[] | null; Entrypoint: string[] | null };
  NetworkSettings: { Ports: unknown; IPAddress: string; Networks: Record<string, { Gateway: string }> };
}

describe('containerInspect', () => {
  it('reports state, config, host config, mounts and network settings as Docker shapes them', () => {
    const doc = containerInspect(record({ state: { ...initialState(), status: 'exited', exitCode: 137, oomKilled: true, startedAt: '2026-11-22T11:59:01Z', finishedAt: '2026-11-22T11:59:02Z' } }), facts) as unknown as InspectShape;
    assert.equal(doc.Name, '/web');
    assert.deepEqual([doc.State.Status, doc.State.Running, doc.State.OOMKilled, doc.State.ExitCode], ['exited', false, true, 137]);
    assert.equal(doc.Image, facts.imageId);
    assert.deepEqual(doc.HostConfig.PortBindings, { '80/tcp': [{ HostIp: '', HostPort: '8080' }] });
    assert.equal(doc.HostConfig.Memory, 64 << 20);
    assert.equal(doc.HostConfig.AutoRemove, true);
    assert.deepEqual(doc.HostConfig.Binds, ['/srv:/srv:ro']);
    assert.deepEqual(doc.Mounts.map((m) => [m.Type, m.Destination, m.RW]), [['bind', '/srv', false], ['tmpfs', '/run', true]]);
    assert.deepEqual(doc.Config.ExposedPorts, { '80/tcp': {} });
    assert.deepEqual(doc.Config.Cmd, ['sh', '-c', 'echo hi; sleep 1']);
    assert.equal(doc.Config.Entrypoint, null);
    assert.deepEqual(doc.NetworkSettings.Ports, {}, 'no ports while stopped');
    assert.deepEqual(Object.keys(doc.NetworkSettings.Networks), ['bridge']);
  });

  it('shows published ports and addresses while attached', () => {
    const doc = containerInspect(record({ state: { ...initialState(), status: 'running' } }), { ...facts, attachment }) as unknown as InspectShape;
    assert.deepEqual(doc.NetworkSettings.Ports, { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }] });
    assert.equal(doc.NetworkSettings.IPAddress, '172.17.0.2');
    assert.equal(doc.NetworkSettings.Networks.bridge!.Gateway, '172.17.0.1');
  });
});
