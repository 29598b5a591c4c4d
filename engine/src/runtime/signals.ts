// Signals as users name them (KILL, SIGKILL, 9) turned into the numbers the OCI runtimes accept.
import { constants } from 'node:os';
import { berthError } from '../image/berthError';

/** A signal by name (KILL, SIGKILL) or number, as the number the runtimes accept. */
export function signalNumber(signal: string): number {
  const text = signal.trim().toUpperCase();
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n >= 1 && n <= 64) return n;
  } else {
    const n = (constants.signals as Record<string, number>)[text.startsWith('SIG') ? text : `SIG${text}`];
    if (n !== undefined) return n;
  }
  throw berthError('invalid-argument', `Invalid signal: ${signal}`);
}
