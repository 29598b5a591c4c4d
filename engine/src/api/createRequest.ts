// POST /containers/create: Docker's body (Config + HostConfig + NetworkingConfig, untrusted JSON as
// the docker CLI and dockerode send it, nulls for unset fields included) parsed into the runtime's
// create options plus what still needs the engine: the image to resolve, mounts of volumes, the
// network mode, port bindings (which need the image's exposed ports for -P) and extra hosts.
// Features berth does not have are refused when asked for, never silently dropped.
import { posix } from 'node:path';
import { berthError } from '../image/berthError';
import { asObject, type JsonObject } from '../image/jsonFields';
import type { CreateOptions, MountRequest, Resources, RestartPolicy, RestartPolicyName, Ulimit } from '../runtime/createOptions';
import { parseBind, parseMountObject, parseTmpfsMap } from './mountRequests';
import type { VolumeRequest } from '../volume/containerMounts';

export type NetworkModeRequest =
  | { readonly kind: 'default' }
  | { readonly kind: 'none' }
  | { readonly kind: 'host' }
  /** A network by name or id: `bridge` or a user-defined one. */
  | { readonly kind: 'network'; readonly name: string };

export interface EndpointRequest {
  readonly aliases?: readonly string[];
  readonly ipv4Address?: string;
}

export interface CreateRequest {
  readonly image: string;
  /** Everything the runtime takes except the image, the network and the mounts. */
  readonly options: Omit<CreateOptions, 'image' | 'network' | 'mounts'>;
  readonly mounts: readonly MountRequest[];
  readonly volumes: readonly VolumeRequest[];
  readonly createSources: readonly string[];
  readonly networkMode: NetworkModeRequest;
  /** NetworkingConfig.EndpointsConfig by network name. */
  readonly endpoints: Readonly<Record<string, EndpointRequest>>;
  readonly portBindings: unknown;
  readonly publishAllPorts: boolean;
  readonly exposedPorts: readonly string[];
  readonly dns: { readonly servers: readonly string[]; readonly search: readonly string[]; readonly options: readonly string[] };
  /** `name:address` (or `name=address`); the address may be `host-gateway`. */
  readonly extraHosts: readonly string[];
  readonly warnings: readonly string[];
}

function invalid(message: string): never {
  throw berthError('invalid-argument', message);
}

const isUnset = (v: unknown) => v === undefined || v === null;

function obj(o: JsonObject, key: string, where: string): JsonObject {
  return isUnset(o[key]) ? {} : asObject(o[key], `${where}.${key}`);
}

function str(o: JsonObject, key: string, where: string): string | undefined {
  const v = o[key];
  if (isUnset(v)) return undefined;
  if (typeof v !== 'string') invalid(`${where}.${key} must be a string`);
  return v;
}

function bool(o: JsonObject, key: string, where: string): boolean | undefined {
  const v = o[key];
  if (isUnset(v)) return undefined;
  if (typeof v !== 'boolean') invalid(`${where}.${key} must be a boolean`);
  return v;
}

function int(o: JsonObject, key: string, where: string): number | undefined {
  const v = o[key];
  if (isUnset(v)) return undefined;
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) invalid(`${where}.${key} must be an integer`);
  return v;
}

/** Docker's strslice: a list of strings, or one string meaning a one-element list. */
function strings(o: JsonObject, key: string, where: string): string[] | undefined {
  const v = o[key];
  if (isUnset(v)) return undefined;
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) invalid(`${where}.${key} must be a list of strings`);
  return v as string[];
}

function stringMap(o: JsonObject, key: string, where: string): Record<string, string> | undefined {
  const v = o[key];
  if (isUnset(v)) return undefined;
  const m = asObject(v, `${where}.${key}`);
  for (const [k, val] of Object.entries(m)) if (typeof val !== 'string') invalid(`${where}.${key}["${k}"] must be a string`);
  return m as Record<string, string>;
}

/** Options berth cannot honour: refused when set to anything but their default. */
function refuseUnsupported(host: JsonObject): void {
  const where = 'HostConfig';
  if (bool(host, 'Privileged', where)) invalid('privileged containers are not supported by berth');
  for (const key of ['Devices', 'DeviceRequests', 'VolumesFrom', 'Links', 'DeviceCgroupRules']) {
    const v = host[key];
    if (Array.isArray(v) && v.length > 0) invalid(`${where}.${key} is not supported by berth`);
  }
  const sysctls = host.Sysctls;
  if (typeof sysctls === 'object' && sysctls !== null && Object.keys(sysctls).length > 0) invalid('HostConfig.Sysctls is not supported by berth');
  for (const key of ['PidMode', 'IpcMode', 'UTSMode', 'CgroupnsMode', 'UsernsMode']) {
    const v = str(host, key, where) ?? '';
    if (v !== '' && v !== 'private' && !(key === 'IpcMode' && v === 'shareable') && !(key === 'UsernsMode' && v === 'host')) invalid(`${where}.${key} "${v}" is not supported by berth`);
  }
  const runtime = str(host, 'Runtime', where) ?? '';
  if (runtime !== '' && runtime !== 'runc' && runtime !== 'crun') invalid(`unknown or invalid runtime name: ${runtime}`);
}

function resourcesOf(host: JsonObject): Resources {
  const w = 'HostConfig';
  const memory = int(host, 'Memory', w);
  const memorySwap = int(host, 'MemorySwap', w);
  const memoryReservation = int(host, 'MemoryReservation', w);
  const nanoCpus = int(host, 'NanoCpus', w);
  const cpuShares = int(host, 'CpuShares', w);
  const cpuQuota = int(host, 'CpuQuota', w);
  const cpuPeriod = int(host, 'CpuPeriod', w);
  const cpusetCpus = str(host, 'CpusetCpus', w);
  const pidsLimit = int(host, 'PidsLimit', w);
  return {
    ...(memory ? { memory } : {}), ...(memorySwap ? { memorySwap } : {}), ...(memoryReservation ? { memoryReservation } : {}),
    ...(nanoCpus ? { nanoCpus } : {}), ...(cpuShares ? { cpuShares } : {}), ...(cpuQuota ? { cpuQuota } : {}), ...(cpuPeriod ? { cpuPeriod } : {}),
    ...(cpusetCpus ? { cpusetCpus } : {}), ...(pidsLimit !== undefined && pidsLimit > 0 ? { pidsLimit } : {}),
  };
}

function restartPolicyOf(host: JsonObject): RestartPolicy {
  const policy = obj(host, 'RestartPolicy', 'HostConfig');
  const name = str(policy, 'Name', 'HostConfig.RestartPolicy') ?? '';
  const count = int(policy, 'MaximumRetryCount', 'HostConfig.RestartPolicy');
  if (!['', 'no', 'always', 'on-failure', 'unless-stopped'].includes(name)) invalid(`invalid restart policy '${name}'`);
  return { name: (name || 'no') as RestartPolicyName, ...(count ? { maximumRetryCount: count } : {}) };
}

function ulimitsOf(host: JsonObject): Ulimit[] {
  const v = host.Ulimits;
  if (isUnset(v)) return [];
  if (!Array.isArray(v)) invalid('HostConfig.Ulimits must be a list');
  return v.map((u, i) => {
    const where = `HostConfig.Ulimits[${i}]`;
    const o = asObject(u, where);
    const name = str(o, 'Name', where);
    const soft = int(o, 'Soft', where);
    const hard = int(o, 'Hard', where);
    if (!name || soft === undefined || hard === undefined) invalid(`${where}: Name, Soft and Hard are required`);
    return { name, soft, hard };
  });
}

function networkModeOf(text: string): NetworkModeRequest {
  if (text === '' || text === 'default') return { kind: 'default' };
  if (text === 'none' || text === 'host') return { kind: text };
  if (text.startsWith('container:')) invalid(`network mode ${text}: sharing another container's network namespace is not supported by berth`);
  return { kind: 'network', name: text };
}

function endpointsOf(body: JsonObject): Record<string, EndpointRequest> {
  const config = obj(obj(body, 'NetworkingConfig', 'body'), 'EndpointsConfig', 'NetworkingConfig');
  const out: Record<string, EndpointRequest> = {};
  for (const [name, value] of Object.entries(config)) {
    const where = `NetworkingConfig.EndpointsConfig["${name}"]`;
    const e = isUnset(value) ? {} : asObject(value, where);
    const aliases = strings(e, 'Aliases', where);
    const ipv4Address = str(obj(e, 'IPAMConfig', where), 'IPv4Address', `${where}.IPAMConfig`);
    // the docker CLI names the default network `default`, as in NetworkMode
    out[name === 'default' ? 'bridge' : name] = { ...(aliases?.length ? { aliases } : {}), ...(ipv4Address ? { ipv4Address } : {}) };
  }
  return out;
}

export function parseCreateRequest(body: JsonObject, name: string | undefined): CreateRequest {
  const config = body;
  const host = obj(body, 'HostConfig', 'body');
  const image = str(config, 'Image', 'Config');
  if (!image) invalid('Config.Image is required: name the image to create the container from');
  refuseUnsupported(host);
  const warnings: string[] = [];
  const health = obj(config, 'Healthcheck', 'Config');
  const test = strings(health, 'Test', 'Config.Healthcheck');
  if (test && test.length > 0 && test[0] !== 'NONE') warnings.push('health checks are not supported by berth: the Healthcheck is ignored');

  const parsed = { mounts: [] as MountRequest[], volumes: [] as VolumeRequest[], createSources: [] as string[] };
  for (const bind of strings(host, 'Binds', 'HostConfig') ?? []) parseBind(bind, parsed);
  const mounts = host.Mounts;
  if (!isUnset(mounts)) {
    if (!Array.isArray(mounts)) invalid('HostConfig.Mounts must be a list');
    mounts.forEach((m, i) => parseMountObject(m, i, parsed));
  }
  for (const [target, options] of Object.entries(stringMap(host, 'Tmpfs', 'HostConfig') ?? {})) parsed.mounts.push(parseTmpfsMap(target, options));
  // `docker run -v /path` arrives as Config.Volumes: an anonymous volume unless something else is mounted there
  const taken = new Set([...parsed.mounts, ...parsed.volumes].map((m) => m.target));
  for (const target of Object.keys(obj(config, 'Volumes', 'Config')).map((t) => posix.normalize(t).replace(/(.)\/$/, '$1'))) {
    if (!taken.has(target) && target.startsWith('/')) parsed.volumes.push({ target, readOnly: false, noCopy: false });
  }

  const consoleSize = host.ConsoleSize;
  const [height, width] = Array.isArray(consoleSize) ? consoleSize as number[] : [];
  const stopTimeout = int(config, 'StopTimeout', 'Config');
  const options: CreateRequest['options'] = {
    ...(name ? { name: name.replace(/^\//, '') } : {}),
    ...(strings(config, 'Cmd', 'Config') ? { cmd: strings(config, 'Cmd', 'Config')! } : {}),
    ...(strings(config, 'Entrypoint', 'Config') ? { entrypoint: strings(config, 'Entrypoint', 'Config')! } : {}),
    env: strings(config, 'Env', 'Config') ?? [],
    workingDir: str(config, 'WorkingDir', 'Config') ?? '',
    ...(str(config, 'User', 'Config') ? { user: str(config, 'User', 'Config')! } : {}),
    groupAdd: strings(host, 'GroupAdd', 'HostConfig') ?? [],
    hostname: str(config, 'Hostname', 'Config') ?? '',
    domainname: str(config, 'Domainname', 'Config') ?? '',
    tty: bool(config, 'Tty', 'Config') ?? false,
    ...(typeof height === 'number' && typeof width === 'number' && height > 0 && width > 0 ? { consoleSize: { height, width } } : {}),
    openStdin: bool(config, 'OpenStdin', 'Config') ?? false,
    stdinOnce: bool(config, 'StdinOnce', 'Config') ?? false,
    labels: stringMap(config, 'Labels', 'Config') ?? {},
    ...(str(config, 'StopSignal', 'Config') ? { stopSignal: str(config, 'StopSignal', 'Config')! } : {}),
    ...(stopTimeout !== undefined ? { stopTimeout } : {}),
    readOnly: bool(host, 'ReadonlyRootfs', 'HostConfig') ?? false,
    capAdd: strings(host, 'CapAdd', 'HostConfig') ?? [],
    capDrop: strings(host, 'CapDrop', 'HostConfig') ?? [],
    init: bool(host, 'Init', 'HostConfig') ?? false,
    resources: resourcesOf(host),
    ulimits: ulimitsOf(host),
    restartPolicy: restartPolicyOf(host),
    autoRemove: bool(host, 'AutoRemove', 'HostConfig') ?? false,
    ...(int(host, 'ShmSize', 'HostConfig') ? { shmSize: int(host, 'ShmSize', 'HostConfig')! } : {}),
    securityOpt: strings(host, 'SecurityOpt', 'HostConfig') ?? [],
  };
  return {
    image, options, ...parsed,
    networkMode: networkModeOf(str(host, 'NetworkMode', 'HostConfig') ?? ''),
    endpoints: endpointsOf(body),
    portBindings: host.PortBindings,
    publishAllPorts: bool(host, 'PublishAllPorts', 'HostConfig') ?? false,
    exposedPorts: Object.keys(obj(config, 'ExposedPorts', 'Config')),
    dns: { servers: strings(host, 'Dns', 'HostConfig') ?? [], search: strings(host, 'DnsSearch', 'HostConfig') ?? [], options: strings(host, 'DnsOptions', 'HostConfig') ?? [] },
    extraHosts: strings(host, 'ExtraHosts', 'HostConfig') ?? [],
    warnings,
  };
}
