// Retries with exponential backoff and jitter for the failures that may pass: network errors
// (refused, reset, cut short, timed out) and registry errors that say they are temporary (429,
// 5xx, UNAVAILABLE, …). Anything else, and any abort, fails at once.
import { setTimeout as sleep } from 'node:timers/promises';
import { isNetworkError } from './httpTransport';
import { isRegistryError } from './registryError';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 5_000 };

export function isRetryable(err: unknown): boolean {
  if (isNetworkError(err)) return true;
  return isRegistryError(err) && err.temporary();
}

/** The wait before attempt `attempt + 1` (0-based), with ±50% jitter so parallel transfers spread out. */
export function backoffDelay(policy: RetryPolicy, attempt: number): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.round(exp * (0.5 + Math.random()));
}

/**
 * Runs `attempt` until it succeeds, fails with something not retryable, or the policy runs out.
 * `onRetry` hears each failure that will be retried (for progress messages).
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: (n: number) => Promise<T>,
  options: { signal?: AbortSignal | undefined; retryable?: (err: unknown) => boolean; onRetry?: (err: unknown, delayMs: number) => void } = {},
): Promise<T> {
  const retryable = options.retryable ?? isRetryable;
  for (let n = 0; ; n++) {
    try {
      return await attempt(n);
    } catch (err) {
      if (options.signal?.aborted) throw options.signal.reason ?? err;
      if (n + 1 >= policy.attempts || !retryable(err)) throw err;
      const delay = backoffDelay(policy, n);
      options.onRetry?.(err, delay);
      await sleep(delay, undefined, options.signal ? { signal: options.signal } : {});
    }
  }
}
