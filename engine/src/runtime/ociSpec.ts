// OCI spec generation, pure (containerd's pkg/oci GenerateSpec with SpecOpts): a base spec with
// Docker's defaults, then ordered transformers, each returning a new spec. Order matters where
// transformers touch the same fields (withInit wraps the args withProcess set; withMounts replaces
// default mounts at the same destination), so callers list them in the order containerSpec does.
import type { MountRequest, UserNamespace } from './createOptions';
import type { Spec, SpecMount, SpecNamespace, SpecResources, SpecRlimit, SpecSeccomp } from './runtimeSpec';
import { ociVersion } from './runtimeSpec';
import { defaultCapabilities, defaultDeviceRules, defaultMaskedPaths, defaultMounts, defaultReadonlyPaths, defaultShmSize } from './specDefaults';
import type { ExecUser } from './userLookup';

export type SpecOpt = (spec: Spec) => Spec;

/** Where the container's network namespace comes from. */
export type NetworkNamespace = { readonly kind: 'new' } | { readonly kind: 'host' } | { readonly kind: 'join'; readonly path: string };

/** Docker's default Linux spec; `rootfs` is the bundle-relative or absolute root path. */
export function baseSpec(rootfs: string): Spec {
  return {
    ociVersion,
    process: {
      terminal: false,
      user: { uid: 0, gid: 0 },
      args: [],
      env: [],
      cwd: '/',
      capabilities: { bounding: defaultCapabilities, effective: defaultCapabilities, permitted: defaultCapabilities },
    },
    root: { path: rootfs, readonly: false },
    mounts: defaultMounts(defaultShmSize),
    linux: {
      namespaces: [{ type: 'pid' }, { type: 'network' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }, { type: 'cgroup' }],
      resources: { devices: defaultDeviceRules },
      cgroupsPath: '',
      maskedPaths: defaultMaskedPaths,
      readonlyPaths: defaultReadonlyPaths,
    },
  };
}

export function generateSpec(rootfs: string, opts: readonly SpecOpt[]): Spec {
  return opts.reduce((spec, opt) => opt(spec), baseSpec(rootfs));
}

export interface ProcessSettings {
  readonly args: readonly string[];
  readonly env: readonly string[];
  readonly cwd: string;
  readonly user: ExecUser;
  readonly terminal: boolean;
  readonly consoleSize?: { readonly height: number; readonly width: number };
}

export const withProcess = (p: ProcessSettings): SpecOpt => (spec) => ({
  ...spec,
  process: {
    ...spec.process,
    args: p.args,
    env: p.env,
    cwd: p.cwd,
    terminal: p.terminal,
    ...(p.terminal && p.consoleSize ? { consoleSize: p.consoleSize } : {}),
    user: { uid: p.user.uid, gid: p.user.gid, ...(p.user.additionalGids.length ? { additionalGids: p.user.additionalGids } : {}) },
  },
});

export const withHostname = (hostname: string, domainname = ''): SpecOpt => (spec) => ({ ...spec, hostname, ...(domainname ? { domainname } : {}) });

export const withCapabilities = (caps: readonly string[]): SpecOpt => (spec) => ({
  ...spec,
  process: { ...spec.process, capabilities: { bounding: caps, effective: caps, permitted: caps } },
});

/** The system call filter; undefined leaves the container unfiltered (`seccomp=unconfined`), as the base spec is. */
export const withSeccomp = (seccomp: SpecSeccomp | undefined): SpecOpt => (spec) =>
  seccomp === undefined ? spec : { ...spec, linux: { ...spec.linux, seccomp } };

/** `no-new-privileges`: setuid files and file capabilities grant nothing on exec. */
export const withNoNewPrivileges = (on: boolean): SpecOpt => (spec) => (on ? { ...spec, process: { ...spec.process, noNewPrivileges: true } } : spec);

export const withReadonlyRootfs = (readonly: boolean): SpecOpt => (spec) => ({ ...spec, root: { ...spec.root, readonly } });

export const withRlimits = (rlimits: readonly SpecRlimit[]): SpecOpt => (spec) =>
  rlimits.length === 0 ? spec : { ...spec, process: { ...spec.process, rlimits } };

export const withCgroup = (cgroupsPath: string, resources: Omit<SpecResources, 'devices'>): SpecOpt => (spec) => ({
  ...spec,
  linux: { ...spec.linux, cgroupsPath, resources: { ...resources, devices: spec.linux.resources.devices } },
});

export const withNetworkNamespace = (ns: NetworkNamespace): SpecOpt => (spec) => {
  const others = spec.linux.namespaces.filter((n) => n.type !== 'network');
  const network: SpecNamespace[] = ns.kind === 'host' ? [] : ns.kind === 'join' ? [{ type: 'network', path: ns.path }] : [{ type: 'network' }];
  return { ...spec, linux: { ...spec.linux, namespaces: [...network, ...others] } };
};

export const withUserNamespace = (userns: UserNamespace): SpecOpt => (spec) => ({
  ...spec,
  linux: {
    ...spec.linux,
    namespaces: [...spec.linux.namespaces, { type: 'user' }],
    uidMappings: [{ containerID: userns.uidMap.containerId, hostID: userns.uidMap.hostId, size: userns.uidMap.size }],
    gidMappings: [{ containerID: userns.gidMap.containerId, hostID: userns.gidMap.hostId, size: userns.gidMap.size }],
  },
});

export const withShmSize = (bytes: number): SpecOpt => (spec) => ({
  ...spec,
  mounts: spec.mounts.map((m) => (m.destination === '/dev/shm' ? { ...m, options: [...m.options.filter((o) => !o.startsWith('size=')), `size=${bytes}`] } : m)),
});

/** The user's mounts as spec mounts. Volumes are bind mounts of the volume's directory. */
export function requestedMounts(requests: readonly MountRequest[]): SpecMount[] {
  return requests.map((m): SpecMount => {
    const ro = m.readOnly ? 'ro' : 'rw';
    if (m.type === 'tmpfs') {
      const options = ['nosuid', 'nodev', 'noexec', ro];
      if (m.sizeBytes) options.push(`size=${m.sizeBytes}`);
      options.push(`mode=${(m.mode ?? 0o1777).toString(8)}`);
      return { destination: m.target, type: 'tmpfs', source: 'tmpfs', options };
    }
    const propagation = m.type === 'bind' && m.propagation ? m.propagation : 'rprivate';
    return { destination: m.target, type: 'bind', source: m.source, options: ['rbind', ro, propagation] };
  });
}

const depth = (p: string) => p.split('/').filter((x) => x !== '').length;

/** Adds mounts after the defaults, parents before children; a mount at a default's destination replaces it. */
export const withMounts = (mounts: readonly SpecMount[]): SpecOpt => (spec) => {
  const targets = new Set(mounts.map((m) => m.destination));
  const kept = spec.mounts.filter((m) => !targets.has(m.destination));
  const sorted = [...mounts].sort((a, b) => depth(a.destination) - depth(b.destination));
  return { ...spec, mounts: [...kept, ...sorted] };
};

/** Where the init binary appears in the container (Docker's path). */
export const initPathInContainer = '/sbin/docker-init';

/** `--init`: the host's tini (static) runs as PID 1 and reaps, forwarding signals to the command. */
export const withInit = (hostInitPath: string): SpecOpt => (spec) => ({
  ...spec,
  process: { ...spec.process, args: [initPathInContainer, '--', ...spec.process.args] },
  mounts: [...spec.mounts, { destination: initPathInContainer, type: 'bind', source: hostInitPath, options: ['bind', 'ro'] }],
});
