// `wait` (Docker's POST /containers/{id}/wait): promises settled by the monitor when a container's
// process exits or the container is removed. Conditions as in Docker: `not-running` (now, if it is
// not running), `next-exit` (the next exit, even if it is not running now), `removed`.
import type { ContainerRecord } from './containerRecord';

export type WaitCondition = 'not-running' | 'next-exit' | 'removed';

export interface WaitResult {
  readonly statusCode: number;
  /** Set when the process could not be started or the exit could not be determined. */
  readonly error?: string;
}

interface Waiter {
  readonly condition: WaitCondition;
  readonly resolve: (r: WaitResult) => void;
}

export function waitResult(record: ContainerRecord): WaitResult {
  return { statusCode: record.state.exitCode, ...(record.state.error ? { error: record.state.error } : {}) };
}

export class ContainerWaiters {
  private readonly waiters = new Map<string, Set<Waiter>>();

  /** A promise for `condition`; resolved at once when it already holds. */
  wait(record: ContainerRecord, condition: WaitCondition, signal?: AbortSignal): Promise<WaitResult> {
    const running = ['running', 'paused', 'restarting', 'removing'].includes(record.state.status);
    if (condition === 'not-running' && !running) return Promise.resolve(waitResult(record));
    return new Promise((resolve, reject) => {
      const set = this.waiters.get(record.id) ?? new Set<Waiter>();
      this.waiters.set(record.id, set);
      const waiter: Waiter = {
        condition,
        resolve: (r) => {
          signal?.removeEventListener('abort', abort);
          resolve(r);
        },
      };
      const abort = () => {
        set.delete(waiter);
        reject(signal?.reason ?? new DOMException('The operation was aborted', 'AbortError'));
      };
      if (signal?.aborted) return abort();
      signal?.addEventListener('abort', abort, { once: true });
      set.add(waiter);
    });
  }

  /** The process exited; `restarting` when the restart policy will start it again. */
  exited(record: ContainerRecord, restarting: boolean): void {
    this.settle(record, (w) => w.condition === 'next-exit' || (w.condition === 'not-running' && !restarting));
  }

  /** A start failed before the process ran: `not-running` waiters see the failure. */
  startFailed(record: ContainerRecord): void {
    this.settle(record, (w) => w.condition === 'not-running');
  }

  removed(record: ContainerRecord): void {
    this.settle(record, () => true);
    this.waiters.delete(record.id);
  }

  private settle(record: ContainerRecord, matches: (w: Waiter) => boolean): void {
    const set = this.waiters.get(record.id);
    if (!set) return;
    const result = waitResult(record);
    for (const w of [...set]) {
      if (!matches(w)) continue;
      set.delete(w);
      w.resolve(result);
    }
  }
}
