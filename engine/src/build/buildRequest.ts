// What a build is asked to do and what it reports while it runs. The API slice (POST /build), the
// CLI (`berth build`) and the extension all fill a BuildRequest and listen to BuildEvents; the
// Docker JSON stream (`{"stream":"Step 1/5 : FROM busybox"}`) is one rendering of these events
// (dockerStream.ts), the editor's build history another.
import { BerthError, type ErrorKind } from '../image/berthError';
import type { Digest } from '../image/digest';
import type { Platform } from '../image/platform';
import type { ProgressEvent } from '../registry/progress';
import type { BuildContext } from './buildContext';
import type { BuildFailure, BuildRecord, StepRecord } from './buildRecords';
import type { RunNetwork } from './stepRunner';

export interface BuildRequest {
  readonly context: BuildContext;
  readonly dockerfile: {
    /** The Dockerfile's text. */
    readonly text: string;
    /** Names it in messages (`Dockerfile:12`) and in build records: an absolute path for local builds. */
    readonly path: string;
  };
  /** Names for the image (`app`, `localhost:5000/app:1`); several allowed. */
  readonly tags?: readonly string[];
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** The stage to build (`--target`); the last one by default. */
  readonly target?: string;
  readonly noCache?: boolean;
  /** Pull base images even when the store has them. */
  readonly pull?: boolean;
  /** `--label`: added to the image config's labels. */
  readonly labels?: Readonly<Record<string, string>>;
  /** The platform to build for; the host's by default. */
  readonly platform?: Platform;
  /** RUN's network unless an instruction says otherwise (`--network`). */
  readonly network?: RunNetwork;
  /** `--check`: run every lint rule and fail on errors before building. */
  readonly check?: boolean;
  /** `--secret id=...`: contents by id, for RUN --mount=type=secret. */
  readonly secrets?: ReadonlyMap<string, Uint8Array>;
  /** SOURCE_DATE_EPOCH: clamp file times in new layers and history times. */
  readonly sourceDateEpoch?: number;
}

/** A step as progress shows it: `Step 2/5 : COPY . /app`. */
export interface StepProgress {
  /** 1-based, across every stage that is built. */
  readonly index: number;
  readonly total: number;
  readonly stage: number;
  readonly stageName?: string;
  /** The instruction as written (first line, continuation joined). */
  readonly text: string;
  readonly file: string;
  readonly startLine: number;
  readonly endLine: number;
}

export type BuildEvent =
  | { readonly type: 'step-start'; readonly step: StepProgress }
  | { readonly type: 'step-output'; readonly step: StepProgress; readonly stream: 'stdout' | 'stderr'; readonly text: string }
  | { readonly type: 'step-done'; readonly step: StepProgress; readonly record: StepRecord }
  | { readonly type: 'pull'; readonly reference: string; readonly progress: ProgressEvent }
  | { readonly type: 'warning'; readonly message: string; readonly file?: string; readonly line?: number };

export interface BuildOptions {
  readonly onEvent?: (event: BuildEvent) => void;
  readonly signal?: AbortSignal;
}

export interface BuildResult {
  readonly imageId: Digest;
  /** The names given, normalized (`docker.io/library/app:latest`). */
  readonly tags: readonly string[];
  readonly record: BuildRecord;
}

/** A build that failed: the failure says where (file and lines), and for RUN the exit code and last lines. */
export class BuildError extends BerthError {
  constructor(kind: ErrorKind, readonly failure: BuildFailure, readonly record?: BuildRecord, options?: { cause?: unknown }) {
    super(kind, failure.file !== undefined && failure.startLine !== undefined ? `${failure.file}:${failure.startLine + 1}: ${failure.message}` : failure.message, options);
  }
}
