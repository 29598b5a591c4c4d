// A container record plus what start-up learned (network namespace and files, the resolved user,
// the host's limits) as an OCI spec: the ordered SpecOpts of ociSpec.ts. Pure.
import { berthError } from '../image/berthError';
import type { NetworkSetup } from './containerNetworking';
import { processEnv, type ContainerConfig } from './containerConfig';
import type { HostConfig } from './containerRecord';
import { clampRlimits, resolveCapabilities, specResources } from './limits';
import {
  generateSpec, requestedMounts, withCapabilities, withCgroup, withHostname, withInit, withMounts, withNetworkNamespace,
  withProcess, withReadonlyRootfs, withRlimits, withShmSize, withUserNamespace, type SpecOpt,
} from './ociSpec';
import type { Spec, SpecMount } from './runtimeSpec';
import type { ExecUser } from './userLookup';

export interface HostFacts {
  /** Hard rlimits of the daemon (what the container may be given at most), by lower-case name. */
  readonly hardLimits: Readonly<Record<string, number>>;
  readonly swapAccounting: boolean;
  /** The static init binary for --init (tini-static or catatonit). */
  readonly initPath?: string;
}

export interface SpecRequest {
  readonly rootfs: string;
  readonly args: readonly string[];
  readonly config: ContainerConfig;
  readonly hostConfig: HostConfig;
  readonly user: ExecUser;
  readonly network: NetworkSetup;
  readonly cgroupsPath: string;
  readonly host: HostFacts;
}

/** The three network files, writable even with --read-only (as Docker keeps them). */
export function networkFileMounts(network: NetworkSetup): SpecMount[] {
  const bind = (source: string, destination: string): SpecMount => ({ destination, type: 'bind', source, options: ['rbind', 'rprivate'] });
  return [bind(network.files.hosts, '/etc/hosts'), bind(network.files.resolvConf, '/etc/resolv.conf'), bind(network.files.hostname, '/etc/hostname')];
}

export function containerSpec(r: SpecRequest): { spec: Spec; warnings: string[] } {
  const { rlimits, lowered } = clampRlimits(r.hostConfig.ulimits, r.host.hardLimits);
  const warnings = lowered.map((l) => `ulimit lowered to the host's hard limit: ${l}`);
  const opts: SpecOpt[] = [
    withProcess({
      args: r.args,
      env: processEnv(r.config, r.user.home),
      cwd: r.config.workingDir,
      user: r.user,
      terminal: r.config.tty,
      ...(r.hostConfig.consoleSize ? { consoleSize: r.hostConfig.consoleSize } : {}),
    }),
    withHostname(r.network.hostname, r.config.domainname),
    withCapabilities(resolveCapabilities(r.hostConfig.capAdd, r.hostConfig.capDrop)),
    withReadonlyRootfs(r.hostConfig.readOnly),
    withRlimits(rlimits),
    withCgroup(r.cgroupsPath, specResources(r.hostConfig.resources, r.host.swapAccounting)),
    withNetworkNamespace(r.network.namespace),
    withShmSize(r.hostConfig.shmSize),
    withMounts([...networkFileMounts(r.network), ...requestedMounts(r.hostConfig.mounts)]),
  ];
  if (r.hostConfig.userns) opts.push(withUserNamespace(r.hostConfig.userns));
  if (r.hostConfig.init) {
    if (r.host.initPath === undefined) throw berthError('unavailable', '--init needs a static init binary on the host: apt-get install tini (for tini-static) or catatonit');
    opts.push(withInit(r.host.initPath));
  }
  return { spec: generateSpec(r.rootfs, opts), warnings };
}
