// Restart policies (Docker's restartmanager): whether an exited container starts again, and after
// how long. Pure; the monitor owns the timers.
import { berthError } from '../image/berthError';
import type { RestartPolicy } from './createOptions';

/** Parses `no`, `always`, `unless-stopped`, `on-failure[:n]` (the CLI's --restart). */
export function parseRestartPolicy(text: string): RestartPolicy {
  const [name = '', count] = text.split(':');
  if (name === 'on-failure') {
    if (count === undefined) return { name };
    if (!/^\d+$/.test(count)) throw berthError('invalid-argument', `invalid restart policy ${text}: the maximum retry count must be a non-negative integer`);
    return { name, maximumRetryCount: Number(count) };
  }
  if (count !== undefined) throw berthError('invalid-argument', `invalid restart policy ${text}: only on-failure takes a maximum retry count`);
  if (name === '' || name === 'no') return { name: 'no' };
  if (name === 'always' || name === 'unless-stopped') return { name };
  throw berthError('invalid-argument', `invalid restart policy ${text}: use no, always, unless-stopped or on-failure[:max-retries]`);
}

export function validateRestartPolicy(policy: RestartPolicy, autoRemove: boolean): void {
  if (policy.name !== 'no' && autoRemove) throw berthError('invalid-argument', 'Conflicting options: --restart and --rm');
  if (policy.maximumRetryCount !== undefined && policy.name !== 'on-failure') {
    if (policy.maximumRetryCount !== 0) throw berthError('invalid-argument', `invalid restart policy: maximum retry count cannot be used with restart policy '${policy.name}'`);
  }
  if ((policy.maximumRetryCount ?? 0) < 0) throw berthError('invalid-argument', 'invalid restart policy: maximum retry count cannot be negative');
}

export interface ExitFacts {
  readonly exitCode: number;
  readonly manuallyStopped: boolean;
  /** Restarts already done since the last manual start. */
  readonly restartCount: number;
}

export function shouldRestart(policy: RestartPolicy, facts: ExitFacts): boolean {
  if (facts.manuallyStopped) return false;
  switch (policy.name) {
    case 'always':
    case 'unless-stopped':
      return true;
    case 'on-failure': {
      if (facts.exitCode === 0) return false;
      const max = policy.maximumRetryCount ?? 0;
      return max === 0 || facts.restartCount < max;
    }
    default:
      return false;
  }
}

/** Whether a container that is not running should be started when the daemon starts. */
export function startsWithDaemon(policy: RestartPolicy, manuallyStopped: boolean): boolean {
  return policy.name === 'always' || (policy.name === 'unless-stopped' && !manuallyStopped);
}

const firstDelayMs = 100;
const maxDelayMs = 60_000;
/** A container that ran this long before exiting starts its backoff over. */
export const stableRunMs = 10_000;

/** Docker's backoff: 100 ms, doubling per consecutive restart, at most a minute. */
export function restartDelayMs(consecutive: number): number {
  return Math.min(firstDelayMs * 2 ** Math.max(0, consecutive), maxDelayMs);
}
