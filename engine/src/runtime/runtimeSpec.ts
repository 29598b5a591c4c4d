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
  /** Absent: no filter (`seccomp=unconfined`). */
  readonly seccomp?: SpecSeccomp;
}

/** libseccomp's actions (config-linux.md#seccomp); SCMP_ACT_NOTIFY needs a listener Berth does not run. */
export type SeccompAction = 'SCMP_ACT_KILL' | 'SCMP_ACT_KILL_PROCESS' | 'SCMP_ACT_KILL_THREAD' | 'SCMP_ACT_TRAP' | 'SCMP_ACT_ERRNO' | 'SCMP_ACT_TRACE' | 'SCMP_ACT_ALLOW' | 'SCMP_ACT_LOG';

export type SeccompOperator = 'SCMP_CMP_NE' | 'SCMP_CMP_LT' | 'SCMP_CMP_LE' | 'SCMP_CMP_EQ' | 'SCMP_CMP_GE' | 'SCMP_CMP_GT' | 'SCMP_CMP_MASKED_EQ';

export interface SpecSeccompArg {
  /** Which argument of the call (0-5). */
  readonly index: number;
  readonly value: number;
  /** SCMP_CMP_MASKED_EQ: `(arg & value) == valueTwo`. */
  readonly valueTwo?: number;
  readonly op: SeccompOperator;
}

export interface SpecSyscall {
  readonly names: readonly string[];
  readonly action: SeccompAction;
  /** The errno SCMP_ACT_ERRNO (or the trace value SCMP_ACT_TRACE) returns; EPERM when absent. */
  readonly errnoRet?: number;
  /** Every condition must hold for the rule to apply. */
  readonly args?: readonly SpecSeccompArg[];
}

export interface SpecSeccomp {
  readonly defaultAction: SeccompAction;
  readonly defaultErrnoRet?: number;
  /** SCMP_ARCH_X86_64, ...: the ABIs the filter covers; calls made through any other ABI are killed. */
  readonly architectures?: readonly string[];
  readonly flags?: readonly string[];
  readonly syscalls?: readonly SpecSyscall[];
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
