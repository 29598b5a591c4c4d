// Detach keys (`--detach-keys`, default ctrl-p,ctrl-q): typed into an attached stdin, they end the
// attachment and leave the container running. Docker's notation (moby/term ToBytes): a
// comma-separated list of single characters or `ctrl-<x>` for x in @, a-z, [, \, ], ^, _.
// `DetachScanner` watches stdin for the sequence: bytes that could start it are held back until
// it is complete (detach) or broken (the held bytes go to the process after all).
import { berthError } from '../image/berthError';

export const defaultDetachKeys = 'ctrl-p,ctrl-q';

const controlNames = ['@', ...'abcdefghijklmnopqrstuvwxyz', '[', '\\', ']', '^', '_'];

export function parseDetachKeys(text: string): Buffer {
  const bytes: number[] = [];
  for (const key of text.split(',')) {
    if (key.length === 1) {
      bytes.push(key.charCodeAt(0));
      continue;
    }
    const m = /^ctrl-(.)$/i.exec(key);
    const code = m ? controlNames.indexOf(m[1]!.toLowerCase()) : -1;
    if (code < 0) throw berthError('invalid-argument', `Invalid detach keys (${text}) provided: unknown key '${key}'; use single characters or ctrl-<value> with <value> one of a-z, @, [, \\, ], ^, _`);
    bytes.push(code);
  }
  return Buffer.from(bytes);
}

export interface Scanned {
  /** What to pass on to the process. */
  readonly forward: Buffer;
  /** The sequence was typed: detach now (nothing after it is forwarded). */
  readonly detach: boolean;
}

export class DetachScanner {
  private matched = 0;

  constructor(private readonly keys: Buffer) {}

  push(chunk: Buffer): Scanned {
    if (this.keys.length === 0) return { forward: chunk, detach: false };
    const out: number[] = [];
    for (const byte of chunk) {
      if (byte === this.keys[this.matched]) {
        this.matched++;
        if (this.matched === this.keys.length) return { forward: Buffer.from(out), detach: true };
        continue;
      }
      // a broken sequence: what was held back belongs to the process after all
      out.push(...this.keys.subarray(0, this.matched));
      this.matched = byte === this.keys[0] ? 1 : 0;
      if (this.matched === 0) out.push(byte);
    }
    return { forward: Buffer.from(out), detach: false };
  }
}
