// Docker's container documents built from the runtime's record and the network manager's
// attachment: ContainerInspectResponse (GET /containers/{id}/json) and ContainerSummary
// (GET /containers/json). Pure: everything that needs a lookup comes in as `ContainerFacts`.
import { humanDuration } from '../cli/humanUnits';
import type { Attachment, NetworkMode } from '../network/network';
import { toNetworkSettings, type DockerNetworkSettings } from '../network/networkResource';
import { toDockerPortMap } from '../network/portBindings';
import { portKey } from '../network/portSpec';
import { stateFlags, zeroTime, type ContainerRecord, type ContainerState } from '../runtime/containerRecord';
import type { MountRequest } from '../runtime/createOptions';

export interface NetworkConfigEntry {
  readonly networkId: string;
  readonly aliases?: readonly string[];
  readonly ipv4Address?: string;
}

export interface ContainerFacts {
  /** The live network attachment (running containers). */
  readonly attachment?: Attachment;
  /** The container's networks by name (also when stopped), as configured now. */
  readonly networks: Readonly<Record<string, NetworkConfigEntry>>;
  /** Docker's image ID for the container's image. */
  readonly imageId: string;
  readonly storageDriver: string;
  readonly execIds: readonly string[];
  readonly publishAllPorts: boolean;
  readonly sizeRw?: number;
  readonly sizeRootFs?: number;
}

/** Docker's State.String(): "Up 2 minutes", "Exited (0) 3 seconds ago", "Created". */
export function statusText(state: ContainerState, now = Date.now()): string {
  const since = (time: string) => humanDuration(Math.max(0, (now - Date.parse(time)) / 1000));
  switch (state.status) {
    case 'running': return `Up ${since(state.startedAt)}`;
    case 'paused': return `Up ${since(state.startedAt)} (Paused)`;
    case 'restarting': return `Restarting (${state.exitCode}) ${since(state.finishedAt)} ago`;
    case 'removing': return 'Removal In Progress';
    case 'dead': return 'Dead';
    case 'created': return 'Created';
    case 'exited':
      if (state.startedAt === zeroTime) return 'Created';
      return state.finishedAt === zeroTime ? '' : `Exited (${state.exitCode}) ${since(state.finishedAt)} ago`;
  }
}

export function networkModeName(mode: NetworkMode): string {
  return mode.kind === 'bridge' ? mode.networks[0]?.network ?? 'bridge' : mode.kind;
}

function mountPoint(m: MountRequest): Record<string, unknown> {
  const rw = !(m.readOnly ?? false);
  if (m.type === 'bind') return { Type: 'bind', Source: m.source, Destination: m.target, Mode: rw ? '' : 'ro', RW: rw, Propagation: m.propagation ?? 'rprivate' };
  if (m.type === 'volume') return { Type: 'volume', Name: m.name, Source: m.source, Destination: m.target, Driver: m.driver ?? 'local', Mode: rw ? 'z' : 'ro', RW: rw, Propagation: '' };
  return { Type: 'tmpfs', Source: '', Destination: m.target, Mode: '', RW: rw, Propagation: '' };
}

function portBindings(record: ContainerRecord): Record<string, { HostIp: string; HostPort: string }[]> {
  const out: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of record.hostConfig.network.ports ?? []) {
    const hostPort = p.hostPort ? (p.hostPortEnd ? `${p.hostPort}-${p.hostPortEnd}` : String(p.hostPort)) : '';
    (out[portKey(p)] ??= []).push({ HostIp: p.hostIp ?? '', HostPort: hostPort });
  }
  return out;
}

/** The runtime keeps CAP_NET_ADMIN; docker run users wrote NET_ADMIN, and inspect shows that. */
const capabilityName = (cap: string) => cap.replace(/^CAP_/i, '');

const keyed = (list: readonly string[]) => (list.length ? Object.fromEntries(list.map((k) => [k, {}])) : null);

function hostConfigOf(record: ContainerRecord, facts: ContainerFacts): Record<string, unknown> {
  const h = record.hostConfig;
  const r = h.resources;
  const net = h.network;
  return {
    Binds: h.mounts.flatMap((m) => (m.type === 'bind' ? [`${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`] : m.type === 'volume' ? [`${m.name}:${m.target}${m.readOnly ? ':ro' : ''}`] : [])),
    ContainerIDFile: '', LogConfig: { Type: 'k8s-file', Config: {} },
    NetworkMode: networkModeName(net.mode), PortBindings: portBindings(record),
    RestartPolicy: { Name: h.restartPolicy.name, MaximumRetryCount: h.restartPolicy.maximumRetryCount ?? 0 },
    AutoRemove: h.autoRemove, VolumeDriver: '', VolumesFrom: null,
    ConsoleSize: [h.consoleSize?.height ?? 0, h.consoleSize?.width ?? 0],
    CapAdd: h.capAdd.length ? h.capAdd.map(capabilityName) : null, CapDrop: h.capDrop.length ? h.capDrop.map(capabilityName) : null, CgroupnsMode: 'private',
    Dns: net.dns?.servers ?? [], DnsOptions: net.dns?.options ?? [], DnsSearch: net.dns?.search ?? [],
    ExtraHosts: net.extraHosts?.length ? net.extraHosts.map((e) => `${e.name}:${e.address}`) : null,
    GroupAdd: h.groupAdd.length ? h.groupAdd : null, IpcMode: 'private', Cgroup: '', Links: null, OomScoreAdj: 0, PidMode: '',
    Privileged: false, PublishAllPorts: facts.publishAllPorts, ReadonlyRootfs: h.readOnly, SecurityOpt: h.securityOpt?.length ? h.securityOpt : null, UTSMode: '', UsernsMode: '',
    ShmSize: h.shmSize, Runtime: record.runtime ?? 'crun', Isolation: '',
    CpuShares: r.cpuShares ?? 0, Memory: r.memory ?? 0, NanoCpus: r.nanoCpus ?? 0, CgroupParent: '', BlkioWeight: 0,
    CpuPeriod: r.cpuPeriod ?? 0, CpuQuota: r.cpuQuota ?? 0, CpusetCpus: r.cpusetCpus ?? '', CpusetMems: '', Devices: [],
    MemoryReservation: r.memoryReservation ?? 0, MemorySwap: r.memorySwap ?? (r.memory ? r.memory * 2 : 0), MemorySwappiness: null,
    OomKillDisable: false, PidsLimit: r.pidsLimit ?? null,
    Ulimits: h.ulimits.map((u) => ({ Name: u.name, Soft: u.soft, Hard: u.hard })),
    Init: h.init, Mounts: [], Tmpfs: null,
  };
}

function stateOf(record: ContainerRecord): Record<string, unknown> {
  const s = record.state;
  const flags = stateFlags(s);
  return {
    Status: s.status, Running: flags.running, Paused: flags.paused, Restarting: flags.restarting, OOMKilled: s.oomKilled, Dead: flags.dead,
    Pid: s.pid, ExitCode: s.exitCode, Error: s.error, StartedAt: s.startedAt, FinishedAt: s.finishedAt,
  };
}

export function networkSettingsOf(record: ContainerRecord, facts: ContainerFacts): DockerNetworkSettings {
  return toNetworkSettings(facts.attachment, facts.networks, record.config.exposedPorts);
}

export function containerInspect(record: ContainerRecord, facts: ContainerFacts): Record<string, unknown> {
  const c = record.config;
  const files = record.networkFiles;
  return {
    Id: record.id, Created: record.created, Path: record.path, Args: record.args, State: stateOf(record),
    Image: facts.imageId, ResolvConfPath: files?.resolvConf ?? '', HostnamePath: files?.hostname ?? '', HostsPath: files?.hosts ?? '',
    LogPath: record.logPath, Name: `/${record.name}`, RestartCount: record.state.restartCount, Driver: facts.storageDriver, Platform: 'linux',
    MountLabel: '', ProcessLabel: '', AppArmorProfile: '', ExecIDs: facts.execIds.length ? facts.execIds : null,
    HostConfig: hostConfigOf(record, facts),
    GraphDriver: { Name: facts.storageDriver, Data: null },
    ...(facts.sizeRw !== undefined ? { SizeRw: facts.sizeRw, SizeRootFs: facts.sizeRootFs ?? facts.sizeRw } : {}),
    Mounts: record.hostConfig.mounts.map(mountPoint),
    Config: {
      Hostname: c.hostname, Domainname: c.domainname, User: c.user,
      AttachStdin: c.openStdin && c.stdinOnce, AttachStdout: true, AttachStderr: true,
      ...(c.exposedPorts.length ? { ExposedPorts: keyed(c.exposedPorts) } : {}),
      Tty: c.tty, OpenStdin: c.openStdin, StdinOnce: c.stdinOnce, Env: c.env, Cmd: c.cmd.length ? c.cmd : null,
      Image: c.image, Volumes: keyed(c.volumes), WorkingDir: c.workingDir, Entrypoint: c.entrypoint.length ? c.entrypoint : null,
      OnBuild: null, Labels: c.labels, StopSignal: c.stopSignal, StopTimeout: c.stopTimeout,
    },
    NetworkSettings: networkSettingsOf(record, facts),
  };
}

/** Docker's ps Command: the path, then the arguments, those with a space in single quotes. */
function commandText(record: ContainerRecord): string {
  return [record.path, ...record.args.map((a) => (a.includes(' ') ? `'${a}'` : a))].join(' ');
}

export function containerSummary(record: ContainerRecord, facts: ContainerFacts, now = Date.now()): Record<string, unknown> {
  const settings = networkSettingsOf(record, facts);
  const ports = Object.entries(facts.attachment ? toDockerPortMap(facts.attachment.ports, record.config.exposedPorts) : Object.fromEntries(record.config.exposedPorts.map((k) => [k, null])))
    .flatMap(([key, bindings]) => {
      const [port, type] = key.split('/') as [string, string];
      if (!bindings) return [{ PrivatePort: Number(port), Type: type }];
      return bindings.map((b) => ({ IP: b.HostIp, PrivatePort: Number(port), PublicPort: Number(b.HostPort), Type: type }));
    });
  return {
    Id: record.id, Names: [`/${record.name}`], Image: record.config.image, ImageID: facts.imageId, Command: commandText(record),
    Created: Math.floor(Date.parse(record.created) / 1000), Ports: ports,
    ...(facts.sizeRw !== undefined ? { SizeRw: facts.sizeRw, SizeRootFs: facts.sizeRootFs ?? facts.sizeRw } : {}),
    Labels: record.config.labels, State: record.state.status, Status: statusText(record.state, now),
    HostConfig: { NetworkMode: networkModeName(record.hostConfig.network.mode) },
    NetworkSettings: { Networks: settings.Networks },
    Mounts: record.hostConfig.mounts.map(mountPoint),
  };
}
