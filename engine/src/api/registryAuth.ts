// Docker's registry credentials on the API: the `X-Registry-Auth` header (base64url JSON, sent
// with pull and push) and the /auth body. Invalid headers are ignored for pulls, as Docker does:
// a pull may be anonymous.
import { HttpError } from './httpError';

export interface AuthConfig {
  readonly username?: string;
  readonly password?: string;
  /** base64 `user:password`, as config.json keeps it. */
  readonly auth?: string;
  readonly serveraddress?: string;
  readonly identitytoken?: string;
  readonly registrytoken?: string;
}

function readAuthObject(value: unknown): AuthConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'auth config must be a JSON object');
  const obj = value as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const key of ['username', 'password', 'auth', 'serveraddress', 'identitytoken', 'registrytoken'] as const) {
    const v = obj[key] ?? obj[key[0]!.toUpperCase() + key.slice(1)];
    if (v === undefined || v === null || v === '') continue;
    if (typeof v !== 'string') throw new HttpError(400, `auth config: ${key} must be a string`);
    out[key] = v;
  }
  if (out.auth !== undefined && out.username === undefined) {
    const decoded = Buffer.from(out.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) {
      out.username = decoded.slice(0, colon);
      out.password = decoded.slice(colon + 1);
    }
  }
  return out;
}

/** The credentials in X-Registry-Auth; undefined when absent or unreadable. */
export function authFromHeader(header: string | string[] | undefined): AuthConfig | undefined {
  const text = Array.isArray(header) ? header[0] : header;
  if (text === undefined || text.trim() === '') return undefined;
  try {
    const auth = readAuthObject(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return Object.keys(auth).length > 0 ? auth : undefined;
  } catch {
    return undefined;
  }
}

export function authFromBody(body: Record<string, unknown>): AuthConfig {
  return readAuthObject(body);
}
