// What `Runtime.create` takes: Docker's container Config + HostConfig in the engine's words. The API
// slice parses the request body into this; the CLI builds it from flags. Mounts are data: binds,
// named volumes (already resolved to a host directory by the volume code) and tmpfs.
import type { Image } from '../image/image';
import type { DnsOptions, ExtraHost, NetworkMode, PortRequest } from '../network/network';

export type RestartPolicyName = 'no' | 'always' | 'on-failure' | 'unless-stopped';

export interface RestartPolicy {
  readonly name: RestartPolicyName;
  /** on-failure only: give up after this many restarts (0 = no limit). */
  readonly maximumRetryCount?: number;
}

export interface Resources {
  /** Bytes; Docker's minimum is 6 MiB. */
  readonly memory?: number;
  /** Memory plus swap in bytes; -1 = unlimited swap; absent = twice `memory` (Docker's default). */
  readonly memorySwap?: number;
  readonly memoryReservation?: number;
  /** `--cpus` in units of 1e-9 CPUs. */
  readonly nanoCpus?: number;
  /** Relative weight, 2..262144 (Docker's default 1024 when unset). */
  readonly cpuShares?: number;
  readonly cpuQuota?: number;
  readonly cpuPeriod?: number;
  /** `--cpuset-cpus`, e.g. "0-1". */
  readonly cpusetCpus?: string;
  /** Maximum number of tasks; 0 or -1 = unlimited. */
  readonly pidsLimit?: number;
}

export interface Ulimit {
  /** nofile, nproc, core, ... (without RLIMIT_) */
  readonly name: string;
  readonly soft: number;
  readonly hard: number;
}

export type MountRequest =
  | { readonly type: 'bind'; readonly source: string; readonly target: string; readonly readOnly?: boolean; readonly propagation?: string }
  /** A named or anonymous volume, resolved by the volume code to the directory that holds its data. */
  | { readonly type: 'volume'; readonly name: string; readonly source: string; readonly target: string; readonly readOnly?: boolean; readonly driver?: string }
  | { readonly type: 'tmpfs'; readonly target: string; readonly sizeBytes?: number; readonly mode?: number; readonly readOnly?: boolean };

/** `--userns`: run as root inside a user namespace mapped onto an unprivileged host range. */
export interface UserNamespace {
  readonly uidMap: { readonly containerId: number; readonly hostId: number; readonly size: number };
  readonly gidMap: { readonly containerId: number; readonly hostId: number; readonly size: number };
}

export interface NetworkOptions {
  readonly mode: NetworkMode;
  readonly ports?: readonly PortRequest[];
  readonly dns?: DnsOptions;
  readonly extraHosts?: readonly ExtraHost[];
}

export interface ContainerImage {
  /** As the user wrote it (`busybox`, `localhost:5000/app:1`); shown as Config.Image. */
  readonly reference: string;
  readonly image: Image;
}

export interface CreateOptions {
  /** Without Docker's leading '/'; generated when absent. */
  readonly name?: string;
  readonly image: ContainerImage;
  readonly cmd?: readonly string[];
  /** Undefined: the image's. `[]` or `['']`: none (then the image's Cmd is used only if `cmd` is absent). */
  readonly entrypoint?: readonly string[];
  /** KEY=value; a bare KEY is dropped, as Docker does when the client had no value for it. */
  readonly env?: readonly string[];
  readonly workingDir?: string;
  /** name, uid, name:group, uid:gid */
  readonly user?: string;
  readonly groupAdd?: readonly string[];
  readonly hostname?: string;
  readonly domainname?: string;
  readonly tty?: boolean;
  readonly consoleSize?: { readonly height: number; readonly width: number };
  readonly openStdin?: boolean;
  /** Close stdin when the first attached client detaches (`docker run -i`). */
  readonly stdinOnce?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
  /** SIGTERM when absent (or the image's StopSignal). */
  readonly stopSignal?: string;
  /** Seconds `stop` waits before SIGKILL; 10 when absent. */
  readonly stopTimeout?: number;
  readonly readOnly?: boolean;
  readonly capAdd?: readonly string[];
  readonly capDrop?: readonly string[];
  readonly init?: boolean;
  readonly resources?: Resources;
  readonly ulimits?: readonly Ulimit[];
  readonly restartPolicy?: RestartPolicy;
  /** `--rm`: remove the container once it has exited. */
  readonly autoRemove?: boolean;
  /** Default: Docker's default bridge network. */
  readonly network?: NetworkOptions;
  readonly mounts?: readonly MountRequest[];
  readonly shmSize?: number;
  readonly userns?: UserNamespace;
  /** Docker's `--security-opt`: `seccomp=unconfined|builtin|<profile JSON>`, `no-new-privileges[=bool]`, `apparmor=unconfined`, `label=disable`. */
  readonly securityOpt?: readonly string[];
}
