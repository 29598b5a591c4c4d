// A container record plus what start-up learned (network namespace and files, the resolved user,
// the host's limits) as an OCI spec: the ordered SpecOpts of ociSpec.ts. Pure.
import { berthError } from '../image/berthError';
import type { NetworkSetup } from './containerNetworking';
import { processEnv, type ContainerConfig } from './containerConfig';
import type { HostConfig } from './containerRecord';
import { clampRlimits, resolveCapabilities, specResources } from './limits';
import {
  generateSpec, requestedMounts, withCapabilities, withCgroup, withHostname, withInit, withMounts, withNetworkNamespace,
  withNoNewPrivileges, withProcess, withReadonlyRootfs, withRlimits, withSeccomp, withShmSize, withUserNamespace, type SpecOpt,
} from './ociSpec';
import type { Spec, SpecMount, SpecSeccomp } from './runtimeSpec';
import { defaultSeccompProfile, resolveSeccomp, type SeccompTarget } from './seccompProfile';
import { parseSecurityOptions, type SeccompChoice } from './securityOptions';
import type { ExecUser } from './userLookup';

export interface HostFacts {
  /** Hard rlimits of the daemon (what the container may be given at most), by lower-case name. */
  readonly hardLimits: Readonly<Record<string, number>>;
  readonly swapAccounting: boolean;
  /** The static init binary for --init (tini-static or catatonit). */
  readonly initPath?: string;
  /** The daemon's bounding set: what `--cap-add ALL` gives. */
  readonly capabilities?: readonly string[];
  /** process.arch and os.release(): which seccomp rules apply. */
  readonly arch: string;
  readonly kernel: string;
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

/** The filter a container runs under: the default profile unless it chose another or none. */
export function seccompFor(choice: SeccompChoice, target: SeccompTarget): SpecSeccomp | undefined {
  if (choice.kind === 'unconfined') return undefined;
  return resolveSeccomp(choice.kind === 'profile' ? choice.profile : defaultSeccompProfile, target);
}

export function containerSpec(r: SpecRequest): { spec: Spec; warnings: string[] } {
  const { rlimits, lowered } = clampRlimits(r.hostConfig.ulimits, r.host.hardLimits);
  const warnings = lowered.map((l) => `ulimit lowered to the host's hard limit: ${l}`);
  const capabilities = resolveCapabilities(r.hostConfig.capAdd, r.hostConfig.capDrop, r.host.capabilities);
  const security = parseSecurityOptions(r.hostConfig.securityOpt ?? []);
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
    withCapabilities(capabilities),
    withSeccomp(seccompFor(security.seccomp, { capabilities, arch: r.host.arch, kernel: r.host.kernel })),
    withNoNewPrivileges(security.noNewPrivileges),
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
