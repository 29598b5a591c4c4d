// Turns a parsed create request into a container: the image resolved in the local store (404 "No
// such image: busybox:latest", which is what makes the docker CLI offer a pull), the network mode
// checked against the networks that exist, ports from PortBindings and -P over the image's exposed
// ports, `host-gateway` in extra hosts resolved, bind sources given with -v created as Docker does,
// volumes handed to the volume code, then the runtime's create.
import { promises as fsp } from 'node:fs';
import { berthError } from '../image/berthError';
import type { ExtraHost, NetworkManager, NetworkMode, NetworkRequest } from '../network/network';
import { portRequestsFromApi } from '../network/portBindings';
import type { ContainerRecord } from '../runtime/containerRecord';
import type { MountRequest } from '../runtime/createOptions';
import type { Runtime } from '../runtime/runtime';
import type { CreateRequest } from './createRequest';
import type { LocalImage, LocalImages } from './localImages';
import type { VolumeRequest } from '../volume/containerMounts';

/**
 * The volume code's part of a create: named and anonymous volumes (and the image's VOLUMEs that no
 * other mount covers) resolved to mounts with host directories, creating volumes as needed.
 */
export interface VolumeResolver {
  resolve(requests: readonly VolumeRequest[], image: LocalImage, covered: readonly string[], signal?: AbortSignal): Promise<MountRequest[]>;
  /** The container is gone; `docker rm -v` (removeAnonymous) takes its anonymous volumes too. */
  removed?(containerId: string, options: { readonly removeAnonymous: boolean }): Promise<unknown>;
}

export interface CreateDeps {
  readonly runtime: Runtime;
  readonly images: LocalImages;
  readonly network: Pick<NetworkManager, 'getNetwork'>;
  readonly volumes?: VolumeResolver;
}

function networkModeOf(req: CreateRequest, network: CreateDeps['network']): NetworkMode {
  const mode = req.networkMode;
  if (mode.kind === 'none' || mode.kind === 'host') return { kind: mode.kind };
  const primary = mode.kind === 'default' ? 'bridge' : mode.name;
  const resolved = network.getNetwork(primary);
  if (resolved.name === 'none' || resolved.name === 'host') return { kind: resolved.name };
  const request = (name: string): NetworkRequest => {
    const e = req.endpoints[name] ?? {};
    return { network: name, ...(e.aliases ? { aliases: e.aliases } : {}), ...(e.ipv4Address ? { ipv4Address: e.ipv4Address } : {}) };
  };
  const others = Object.keys(req.endpoints).filter((n) => n !== primary && network.getNetwork(n).id !== resolved.id);
  for (const n of others) {
    const other = network.getNetwork(n);
    if (other.predefined) throw berthError('invalid-argument', `Container cannot be connected to network endpoints: ${resolved.name}, ${other.name}`);
  }
  return { kind: 'bridge', networks: [{ ...request(primary), network: resolved.name }, ...others.map((n) => ({ ...request(n), network: network.getNetwork(n).name }))] };
}

function extraHostsOf(entries: readonly string[], network: CreateDeps['network']): ExtraHost[] {
  return entries.map((entry) => {
    const m = /^([^:=]+)[:=](.+)$/.exec(entry);
    if (!m) throw berthError('invalid-argument', `invalid IP address in add-host: "${entry}" (expected name:address)`);
    let address = m[2]!.replace(/^\[(.*)\]$/, '$1');
    if (address === 'host-gateway') {
      const gateway = network.getNetwork('bridge').ipam?.gateway;
      if (!gateway) throw berthError('failed-precondition', 'add-host: host-gateway needs the default bridge network, which has no gateway');
      address = gateway;
    }
    return { name: m[1]!, address };
  });
}

/** Docker's -v: a missing source becomes a directory; an existing one (a file too) is bound as it is. */
async function createBindSources(sources: readonly string[]): Promise<void> {
  for (const source of sources) {
    if (await fsp.stat(source).then(() => true, () => false)) continue;
    try {
      await fsp.mkdir(source, { recursive: true, mode: 0o755 });
    } catch (err) {
      throw berthError('invalid-argument', `error while creating mount source path '${source}': ${(err as Error).message}`, err);
    }
  }
}

/** Creates the container; `warnings` are the create response's (the request's own, and limits the host cannot apply). */
export async function createContainer(deps: CreateDeps, req: CreateRequest, signal?: AbortSignal): Promise<{ record: ContainerRecord; warnings: string[] }> {
  // before anything is made for the container (volumes, bind sources): a refused limit leaves nothing
  const { resources, warnings } = deps.runtime.applicableResources(req.options.resources ?? {});
  const { image } = await deps.images.resolve(req.image);
  const mode = networkModeOf(req, deps.network);
  const exposed = [...new Set([...Object.keys(image.config.config?.ExposedPorts ?? {}), ...req.exposedPorts])];
  const ports = mode.kind === 'bridge' ? portRequestsFromApi(req.portBindings, exposed, req.publishAllPorts) : [];
  const extraHosts = extraHostsOf(req.extraHosts, deps.network);
  const dns = req.dns;
  const covered = [...req.mounts.map((m) => m.target), ...req.volumes.map((v) => v.target)];
  const imageVolumes = Object.keys(image.config.config?.Volumes ?? {}).filter((v) => !covered.includes(v));
  let volumeMounts: MountRequest[] = [];
  if (req.volumes.length > 0 || imageVolumes.length > 0) {
    if (deps.volumes) volumeMounts = await deps.volumes.resolve(req.volumes, image, covered, signal);
    else if (req.volumes.length > 0) throw berthError('unavailable', `volume ${req.volumes[0]!.name ?? '(anonymous)'} at ${req.volumes[0]!.target}: volumes are not available in this engine yet; use a bind mount (-v /host/dir:${req.volumes[0]!.target}) or --tmpfs`);
  }
  await createBindSources(req.createSources);
  const record = await deps.runtime.create({
    ...req.options,
    resources,
    image: { reference: req.image, image: image.image },
    network: {
      mode,
      ...(ports.length ? { ports } : {}),
      ...(dns.servers.length || dns.search.length || dns.options.length ? {
        dns: { ...(dns.servers.length ? { servers: dns.servers } : {}), ...(dns.search.length ? { search: dns.search } : {}), ...(dns.options.length ? { options: dns.options } : {}) },
      } : {}),
      ...(extraHosts.length ? { extraHosts } : {}),
    },
    mounts: [...req.mounts, ...volumeMounts],
  }, signal);
  return { record, warnings: [...req.warnings, ...warnings] };
}
