// What the builder needs from the container runtime to execute a RUN step, and nothing more. The
// builder prepares everything as data: the filesystem below (the stage's layers so far, as an image
// whose blobs are in the engine's content store; the runtime unpacks whatever snapshots it lacks
// and gives the process a fresh writable layer on top), the command, its environment, user and
// working directory, the network mode, and extra mounts (host paths the builder prepared: the
// build context or another stage, cache directories, secret files; tmpfs). The executor runs the
// process in a container, streams its output, and returns the exit code with the key of the
// writable snapshot, which the builder turns into the step's layer before calling release().
// Nothing may be left behind once release() returns, or when the signal aborts the run: no
// container, mount or process.
import type { Image } from '../image/image';

export type RunNetwork = 'default' | 'none' | 'host';

export type RunMount =
  /** A host directory or file prepared by the builder (never the user's files read-write). */
  | { readonly kind: 'bind'; readonly source: string; readonly target: string; readonly readOnly: boolean }
  | { readonly kind: 'tmpfs'; readonly target: string; readonly sizeBytes?: number };

export interface RunStepRequest {
  /** The filesystem the command starts from, and the config its defaults come from. */
  readonly image: Image;
  /** argv: the shell is already prepended for the shell form. */
  readonly args: readonly string[];
  /** KEY=value, the stage's ENV, the values of its ARGs and the proxy variables. */
  readonly env: readonly string[];
  /** `name`, `uid`, `name:group`, `uid:gid`, resolved in the container's /etc/passwd; '' = root. */
  readonly user: string;
  /** Absolute; created when missing, as Docker does. */
  readonly workdir: string;
  readonly network: RunNetwork;
  readonly mounts: readonly RunMount[];
  /** `RUN --security=insecure` (BuildKit's entitlement): all capabilities, no seccomp. */
  readonly insecure?: boolean;
  /** The process's stdout and stderr, as they come. */
  readonly output: (stream: 'stdout' | 'stderr', chunk: Buffer) => void;
  readonly signal?: AbortSignal;
}

export interface RunStepResult {
  readonly exitCode: number;
  /** The active snapshot (on the engine's snapshotter) that holds what the process wrote. */
  readonly snapshotKey: string;
  /** Removes the container and whatever of its snapshot the builder has not committed. */
  release(): Promise<void>;
}

export interface RunStepExecutor {
  run(request: RunStepRequest): Promise<RunStepResult>;
}
