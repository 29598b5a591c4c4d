// The OCI runtime-spec config.json (opencontainers/runtime-spec config.md, config-linux.md): only
// the fields Berth writes. crun and runc read this document from the bundle directory.

export interface SpecUser {
  readonly uid: number;
  readonly gid: number;
  readonly additionalGids?: readonly number[];
  readonly umask?: number;
}

export interface SpecCapabilities {
  readonly bounding: readonly string[];
  readonly effective: readonly string[];
  readonly permitted: readonly string[];
}

export interface SpecRlimit {
  /** RLIMIT_NOFILE, ... */
  readonly type: string;
  readonly soft: number;
  readonly hard: number;
}

export interface SpecProcess {
  readonly terminal: boolean;
  readonly consoleSize?: { readonly height: number; readonly width: number };
  readonly user: SpecUser;
  readonly args: readonly string[];
  readonly env: readonly string[];
  readonly cwd: string;
  readonly capabilities: SpecCapabilities;
  readonly rlimits?: readonly SpecRlimit[];
  readonly noNewPrivileges?: boolean;
  readonly oomScoreAdj?: number;
}

export interface SpecMount {
  readonly destination: string;
  readonly type: string;
  readonly source: string;
  readonly options: readonly string[];
}

export type NamespaceType = 'pid' | 'network' | 'mount' | 'ipc' | 'uts' | 'user' | 'cgroup';

export interface SpecNamespace {
  readonly type: NamespaceType;
  /** Join this namespace instead of creating one (e.g. a CNI-prepared network namespace). */
  readonly path?: string;
}

export interface SpecIdMapping {
  readonly containerID: number;
  readonly hostID: number;
  readonly size: number;
}

export interface SpecDeviceRule {
  readonly allow: boolean;
  readonly type?: 'a' | 'b' | 'c';
  readonly major?: number;
  readonly minor?: number;
  readonly access: string;
}

export interface SpecResources {
  readonly devices: readonly SpecDeviceRule[];
  readonly memory?: { readonly limit?: number; readonly swap?: number; readonly reservation?: number };
  readonly cpu?: { readonly shares?: number; readonly quota?: number; readonly period?: number; readonly cpus?: string };
  readonly pids?: { readonly limit: number };
}

export interface SpecLinux {
  readonly namespaces: readonly SpecNamespace[];
  readonly uidMappings?: readonly SpecIdMapping[];
  readonly gidMappings?: readonly SpecIdMapping[];
  readonly resources: SpecResources;
  readonly cgroupsPath: string;
  readonly maskedPaths: readonly string[];
  readonly readonlyPaths: readonly string[];
  readonly rootfsPropagation?: string;
  readonly sysctl?: Readonly<Record<string, string>>;
}

export interface Spec {
  readonly ociVersion: string;
  readonly process: SpecProcess;
  readonly root: { readonly path: string; readonly readonly: boolean };
  readonly hostname?: string;
  readonly domainname?: string;
  readonly mounts: readonly SpecMount[];
  readonly linux: SpecLinux;
  readonly annotations?: Readonly<Record<string, string>>;
}

export const ociVersion = '1.0.2';
