// The container record: everything Berth knows about one container, persisted as
// <root>/containers/<id>/container.json (replaced atomically on every change), shaped so the API
// slice can produce Docker's ContainerJSON from it: Config, HostConfig, State, Mounts, and the
// network attachment's settings. The directory also holds the bundle (config.json, rootfs/), the
// log and conmon's files (attach socket, ctl fifo, exit and oom files).
import type { Digest } from '../image/digest';
import type { ContainerConfig } from './containerConfig';
import type { MountRequest, NetworkOptions, Resources, RestartPolicy, Ulimit, UserNamespace } from './createOptions';
import type { RuntimeName } from './ociRuntime';

export type ContainerStatus = 'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface ContainerState {
  status: ContainerStatus;
  /** The container's init process on the host; 0 when not running. */
  pid: number;
  /** conmon's pid while the container runs (it outlives berthd). */
  conmonPid: number;
  exitCode: number;
  /** Why the last start failed, or what went wrong while it ran. */
  error: string;
  oomKilled: boolean;
  /** RFC 3339 with nanoseconds; Docker's zero time until set. */
  startedAt: string;
  finishedAt: string;
  /** `stop` was called: restart policies other than `always` leave it stopped, also across daemon restarts. */
  manuallyStopped: boolean;
  /** Restarts done by the restart policy since the last manual start. */
  restartCount: number;
}

export interface HostConfig {
  readonly readOnly: boolean;
  readonly capAdd: readonly string[];
  readonly capDrop: readonly string[];
  readonly init: boolean;
  readonly resources: Resources;
  readonly ulimits: readonly Ulimit[];
  readonly restartPolicy: RestartPolicy;
  readonly autoRemove: boolean;
  readonly network: NetworkOptions;
  readonly mounts: readonly MountRequest[];
  readonly groupAdd: readonly string[];
  readonly shmSize: number;
  readonly userns?: UserNamespace;
  readonly consoleSize?: { readonly height: number; readonly width: number };
  /** `--security-opt` as given (a seccomp profile as its JSON); absent in records older than the option. */
  readonly securityOpt?: readonly string[];
}

/** Paths of the three files the network side bind-mounts (Docker's HostsPath, ResolvConfPath, HostnamePath). */
export interface NetworkFiles {
  readonly hosts: string;
  readonly resolvConf: string;
  readonly hostname: string;
}

export interface ContainerRecord {
  /** 64 hex characters. */
  readonly id: string;
  name: string;
  /** RFC 3339 */
  readonly created: string;
  /** Docker's Path and Args: the command as it will be executed. */
  readonly path: string;
  readonly args: readonly string[];
  readonly config: ContainerConfig;
  readonly hostConfig: HostConfig;
  readonly image: {
    readonly reference: string;
    /** Manifest digest: Docker's Image field is the config digest, kept below. */
    readonly manifestDigest: Digest;
    readonly configDigest: Digest;
    /** The top layer's ChainID: the parent of the container's snapshot (absent for an image with no layers). */
    readonly chainId?: Digest;
  };
  /** The container's active snapshot (its writable layer) in the snapshotter. */
  readonly snapshotKey: string;
  readonly snapshotter: string;
  /** The runtime that created the running instance (commands must go to the same one). */
  runtime?: RuntimeName;
  state: ContainerState;
  /** Set while attached to a network; the network slice's settings for NetworkSettings. */
  networkFiles?: NetworkFiles;
  /** The k8s-file log conmon writes. */
  readonly logPath: string;
}

export const zeroTime = '0001-01-01T00:00:00Z';

export function initialState(): ContainerState {
  return {
    status: 'created', pid: 0, conmonPid: 0, exitCode: 0, error: '', oomKilled: false,
    startedAt: zeroTime, finishedAt: zeroTime, manuallyStopped: false, restartCount: 0,
  };
}

/** Whether the container has a process: running, or paused (which Docker also calls running). */
export function isActive(state: ContainerState): boolean {
  return state.status === 'running' || state.status === 'paused';
}

/** Docker's State booleans, derived from the status. */
export function stateFlags(state: ContainerState): { running: boolean; paused: boolean; restarting: boolean; dead: boolean } {
  return {
    running: isActive(state),
    paused: state.status === 'paused',
    restarting: state.status === 'restarting',
    dead: state.status === 'dead',
  };
}

/** RFC 3339 with nanoseconds, as Docker prints times. */
export function nowRfc3339(): string {
  const now = new Date();
  const nanos = String(process.hrtime.bigint() % 1_000_000n).padStart(6, '0');
  return `${now.toISOString().slice(0, 23)}${nanos}Z`;
}
