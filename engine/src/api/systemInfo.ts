// Docker's /version and /info documents (API 1.47 swagger: SystemVersion, SystemInfo), filled with
// what this engine is; fields for features berthd does not have yet (swarm, plugins, runtimes)
// carry Docker's values for "none", so clients that read them see a consistent engine.
import { readFileSync } from 'node:fs';
import { arch, cpus, hostname, machine, release, totalmem } from 'node:os';
import { apiVersion, minApiVersion } from './apiServer';
import { engineName, engineVersion } from './engineVersion';
import { controllerAvailable, describeLayout, type CgroupLayout } from '../runtime/cgroupLayout';

export interface EngineFacts {
  /** Persistent engine ID (a UUID kept under the root). */
  readonly id: string;
  readonly root: string;
  /** The snapshotter in use, reported as Driver. */
  readonly storageDriver: string;
  readonly insecureRegistries: readonly string[];
  /** The host's cgroups, when containers can run: which limits apply, and the cgroup version. */
  readonly cgroups?: CgroupLayout;
}

const goArch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };

function operatingSystem(): { name: string; version: string } {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    const field = (key: string) => new RegExp(`^${key}="?([^"\\n]*)"?$`, 'm').exec(text)?.[1];
    return { name: field('PRETTY_NAME') ?? 'Linux', version: field('VERSION_ID') ?? '' };
  } catch {
    return { name: 'Linux', version: '' };
  }
}

export function versionDocument(): Record<string, unknown> {
  const details = {
    ApiVersion: apiVersion,
    Arch: goArch[arch()] ?? arch(),
    BuildTime: '',
    GitCommit: '',
    GoVersion: `node${process.versions.node}`,
    KernelVersion: release(),
    MinAPIVersion: minApiVersion,
    Os: 'linux',
  };
  return {
    Platform: { Name: engineName },
    Components: [{ Name: 'Engine', Version: engineVersion, Details: details }],
    Version: engineVersion,
    ...details,
  };
}

export function infoDocument(facts: EngineFacts, counts: { images: number; eventListeners: number }): Record<string, unknown> {
  const os = operatingSystem();
  const none = { ID: '' };
  const { cgroups } = facts;
  const limits = (controller: string) => cgroups !== undefined && controllerAvailable(cgroups, controller);
  // The docker CLI prints these under its info; with none it guesses its own from the flags below.
  const missing = cgroups ? ['memory', 'cpu', 'cpuset', 'pids'].filter((c) => !limits(c)) : [];
  const warnings = missing.length > 0 && cgroups ? [`WARNING: containers cannot be given ${missing.join(', ')} limits: this host's cgroups have no such controller for them (${describeLayout(cgroups)})`] : null;
  return {
    ID: facts.id,
    Containers: 0,
    ContainersRunning: 0,
    ContainersPaused: 0,
    ContainersStopped: 0,
    Images: counts.images,
    Driver: facts.storageDriver,
    DriverStatus: [['Root Dir', facts.root]],
    Plugins: { Volume: [], Network: [], Authorization: null, Log: [] },
    MemoryLimit: limits('memory'),
    SwapLimit: cgroups?.swapAccounting ?? false,
    CpuCfsPeriod: limits('cpu'),
    CpuCfsQuota: limits('cpu'),
    CPUShares: limits('cpu'),
    CPUSet: limits('cpuset'),
    PidsLimit: limits('pids'),
    IPv4Forwarding: true,
    Debug: false,
    NFd: 0,
    OomKillDisable: false,
    NGoroutines: 0,
    SystemTime: new Date().toISOString(),
    LoggingDriver: 'json-file',
    CgroupDriver: 'cgroupfs',
    CgroupVersion: cgroups?.mode === 'v2' ? '2' : '1',
    NEventsListener: counts.eventListeners,
    KernelVersion: release(),
    OperatingSystem: os.name,
    OSVersion: os.version,
    OSType: 'linux',
    Architecture: machine(),
    IndexServerAddress: 'https://index.docker.io/v1/',
    RegistryConfig: {
      InsecureRegistryCIDRs: ['::1/128', '127.0.0.0/8'],
      IndexConfigs: {
        'docker.io': { Name: 'docker.io', Mirrors: [], Secure: true, Official: true },
        ...Object.fromEntries(facts.insecureRegistries.map((r) => [r, { Name: r, Mirrors: [], Secure: false, Official: false }])),
      },
      Mirrors: [],
    },
    NCPU: cpus().length,
    MemTotal: totalmem(),
    GenericResources: null,
    DockerRootDir: facts.root,
    HttpProxy: process.env.HTTP_PROXY ?? process.env.http_proxy ?? '',
    HttpsProxy: process.env.HTTPS_PROXY ?? process.env.https_proxy ?? '',
    NoProxy: process.env.NO_PROXY ?? process.env.no_proxy ?? '',
    Name: hostname(),
    Labels: [],
    ExperimentalBuild: false,
    ServerVersion: engineVersion,
    Runtimes: {},
    DefaultRuntime: '',
    Swarm: { NodeID: '', NodeAddr: '', LocalNodeState: 'inactive', ControlAvailable: false, Error: '', RemoteManagers: null },
    LiveRestoreEnabled: false,
    Isolation: '',
    InitBinary: '',
    ContainerdCommit: none,
    RuncCommit: none,
    InitCommit: none,
    SecurityOptions: ['name=seccomp,profile=builtin'],
    Warnings: warnings,
  };
}
