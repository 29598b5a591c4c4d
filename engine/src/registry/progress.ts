// Progress of pulls and pushes as Docker's JSON progress stream items, so the API can forward
// them unchanged and the docker CLI draws its usual bars. Per-layer `id`s are Docker's: the first
// 12 hex digits of the blob digest when pulling, of the diffId when pushing.
import type { Digest } from '../image/digest';

export type PullStatus =
  | 'Pulling fs layer' | 'Waiting' | 'Downloading' | 'Verifying Checksum' | 'Download complete'
  | 'Extracting' | 'Pull complete' | 'Already exists';

/** Besides these, `Mounted from <repository>`. */
export type PushStatus = 'Preparing' | 'Waiting' | 'Pushing' | 'Pushed' | 'Layer already exists';

export interface ProgressEvent {
  /** A layer status above, or a line of its own (`Pulling from library/busybox`, `Digest: sha256:…`). */
  readonly status: string;
  readonly id?: string;
  readonly progressDetail?: { readonly current?: number; readonly total?: number };
  /** Push's closing record, as Docker sends it: `{Tag, Digest, Size}`. */
  readonly aux?: Readonly<Record<string, unknown>>;
}

export type ProgressListener = (event: ProgressEvent) => void;

/** Docker's short id of a digest: 12 hex digits. */
export function shortId(digest: Digest | string): string {
  return digest.slice(digest.indexOf(':') + 1, digest.indexOf(':') + 13);
}

const minInterval = 100;

/** Docker's retry line for a layer: `Retrying in 2 seconds`. */
export function retryingEvent(id: string, delayMs: number): ProgressEvent {
  const seconds = Math.max(1, Math.round(delayMs / 1000));
  return { status: `Retrying in ${seconds} second${seconds === 1 ? '' : 's'}`, id, progressDetail: {} };
}

/** Sends byte counts for one layer at most every 100 ms, plus the final count. */
export function throttledProgress(listener: ProgressListener | undefined, status: 'Downloading' | 'Extracting' | 'Pushing', id: string): (current: number, total: number) => void {
  let last = 0;
  return (current, total) => {
    if (!listener) return;
    const now = Date.now();
    if (current < total && now - last < minInterval) return;
    last = now;
    listener({ status, id, progressDetail: { current, total } });
  };
}
