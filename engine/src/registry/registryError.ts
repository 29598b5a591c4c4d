// Registry errors as data (go-containerregistry's transport.Error): the HTTP status, the
// distribution error list `{code, message, detail}` from the body (read up to 64 KB, as containerd
// caps it), and `temporary()`, which drives retries. Messages name the operation and the object,
// never a credential: URLs lose their userinfo and the values of query parameters that may carry
// secrets (upload state, signed storage URLs).
import type { Readable } from 'node:stream';
import { BerthError, type ErrorKind } from '../image/berthError';

export interface RegistryErrorEntry {
  readonly code: string;
  readonly message: string;
  readonly detail?: unknown;
}

/** Codes the distribution spec lists whose retry may succeed (ggcr's temporaryErrorCodes). */
const temporaryCodes = new Set(['BLOB_UPLOAD_INVALID', 'TOOMANYREQUESTS', 'UNKNOWN', 'UNAVAILABLE']);
const temporaryStatuses = new Set([408, 429, 500, 502, 503, 504]);
const maxErrorBody = 64 * 1024;
const publicParams = new Set(['digest', 'mount', 'from', 'n', 'last', 'service', 'scope', 'ns']);

function kindOf(status: number): ErrorKind {
  if (status === 404) return 'not-found';
  if (status === 401 || status === 403) return 'failed-precondition';
  if (status === 400 || status === 405 || status === 416) return 'invalid-argument';
  return 'unavailable';
}

export class RegistryError extends BerthError {
  constructor(
    /** What was being done, e.g. `pull localhost:5000/app:1: manifest`. */
    readonly action: string,
    readonly method: string,
    /** The request URL, redacted. */
    readonly url: string,
    readonly status: number,
    readonly errors: readonly RegistryErrorEntry[],
    hint?: string,
  ) {
    super(kindOf(status), RegistryError.describe(action, method, url, status, errors, hint));
    this.name = 'RegistryError';
  }

  /** Whether trying again may succeed (overload, a restart, a flaky upload). */
  temporary(): boolean {
    if (temporaryStatuses.has(this.status)) return true;
    return this.errors.length > 0 && this.errors.every((e) => temporaryCodes.has(e.code));
  }

  private static describe(action: string, method: string, url: string, status: number, errors: readonly RegistryErrorEntry[], hint?: string): string {
    const detail = errors.length > 0 ? errors.map((e) => `${e.code}: ${e.message}`).join('; ') : `HTTP ${status}`;
    return `${action}: ${detail} (${method} ${url} → ${status})${hint ? `; ${hint}` : ''}`;
  }
}

export function isRegistryError(err: unknown): err is RegistryError {
  return err instanceof RegistryError;
}

/** The URL with userinfo removed and secret-bearing query values replaced. */
export function redactUrl(url: URL | string): string {
  let parsed: URL;
  try {
    parsed = new URL(url.toString());
  } catch {
    return '(unparsable URL)';
  }
  parsed.username = '';
  parsed.password = '';
  for (const key of [...parsed.searchParams.keys()]) {
    if (!publicParams.has(key)) parsed.searchParams.set(key, 'REDACTED');
  }
  return parsed.toString();
}

/** Reads at most 64 KB of an error body and drops the rest (it may be huge or hostile). */
export async function readErrorBody(body: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      const room = maxErrorBody - size;
      parts.push(chunk.subarray(0, room));
      size += Math.min(chunk.length, room);
      if (size >= maxErrorBody) break;
    }
  } catch {
    // a body cut short still says what it managed to say
  } finally {
    body.destroy();
  }
  return Buffer.concat(parts);
}

/** The distribution error list of a body, or nothing when it is not one. */
export function parseErrorEntries(body: Uint8Array): RegistryErrorEntry[] {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body).toString('utf8'));
  } catch {
    return [];
  }
  if (typeof value !== 'object' || value === null || !('errors' in value) || !Array.isArray(value.errors)) return [];
  const out: RegistryErrorEntry[] = [];
  for (const e of value.errors as unknown[]) {
    if (typeof e !== 'object' || e === null) continue;
    const entry = e as { code?: unknown; message?: unknown; detail?: unknown };
    const code = typeof entry.code === 'string' ? entry.code.slice(0, 100) : 'UNKNOWN';
    const message = typeof entry.message === 'string' ? entry.message.slice(0, 1000) : '';
    out.push(entry.detail === undefined ? { code, message } : { code, message, detail: entry.detail });
    if (out.length >= 20) break;
  }
  return out;
}
