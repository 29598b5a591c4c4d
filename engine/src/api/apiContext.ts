// What every route handler gets: the request, the response, the path parameters, the query, the
// API version the client asked for, and a signal that aborts when the client goes away. Plus the
// readers for untrusted request input (JSON bodies with a size limit, Docker's query forms).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpError } from './httpError';

export interface ApiContext {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly params: Readonly<Record<string, string | undefined>>;
  readonly query: URLSearchParams;
  /** `1.47`: from the `/v1.47/` prefix, or the server's own version when there was none. */
  readonly version: string;
  /** Aborts when the client disconnects before the response is finished. */
  readonly signal: AbortSignal;
}

export type Handler = (ctx: ApiContext) => Promise<void>;

export interface Route {
  readonly method: 'GET' | 'HEAD' | 'POST' | 'DELETE' | 'PUT';
  readonly path: string;
  readonly handler: Handler;
}

/** Largest JSON request body accepted (auth configs, small option documents). */
export const maxJsonBody = 1 << 20;

/** Bodies of `Upgrade:` requests (exec start), which Node leaves on the socket: read there by the server. */
export const upgradeBodies = new WeakMap<IncomingMessage, Buffer>();

export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const upgraded = upgradeBodies.get(req);
  if (upgraded !== undefined) return upgraded;
  const declared = Number(req.headers['content-length'] ?? '0');
  if (declared > limit) throw new HttpError(413, `request body too large: ${declared} bytes, the limit is ${limit}`);
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      req.destroy();
      throw new HttpError(413, `request body too large: more than ${limit} bytes`);
    }
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}

/** The body as a JSON object; an empty body is `{}`. */
export async function readJsonObject(req: IncomingMessage, what: string): Promise<Record<string, unknown>> {
  const text = (await readBody(req, maxJsonBody)).toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new HttpError(400, `${what}: request body is not valid JSON (${(err as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, `${what}: request body must be a JSON object`);
  return value as Record<string, unknown>;
}

/** Docker's boolean query values: 1/true/True are true, 0/false/empty are false. */
export function boolParam(query: URLSearchParams, name: string, fallback = false): boolean {
  const value = query.get(name);
  if (value === null) return fallback;
  const lower = value.trim().toLowerCase();
  if (lower === '' || lower === '0' || lower === 'false' || lower === 'no') return false;
  return true;
}

export function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const value = query.get(name);
  if (value === null || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new HttpError(400, `invalid value for ${name}: ${JSON.stringify(value)} is not a non-negative integer`);
  return n;
}

/**
 * Docker's `filters` parameter: JSON `{"name": ["v", …]}`, or the older `{"name": {"v": true}}`.
 * Unknown filter names are rejected so a typo does not silently match everything.
 */
export function filtersParam(query: URLSearchParams, allowed: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const text = query.get('filters');
  if (text === null || text.trim() === '') return out;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, `invalid filter: filters must be JSON such as {"dangling":["true"]}, got ${JSON.stringify(text.slice(0, 100))}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HttpError(400, 'invalid filter: filters must be a JSON object');
  for (const [name, values] of Object.entries(value)) {
    if (!allowed.includes(name)) throw new HttpError(400, `invalid filter '${name}'`);
    if (Array.isArray(values) && values.every((v) => typeof v === 'string')) out.set(name, values as string[]);
    else if (typeof values === 'object' && values !== null) out.set(name, Object.entries(values as Record<string, unknown>).filter(([, on]) => on === true).map(([k]) => k));
    else throw new HttpError(400, `invalid filter '${name}': expected a list of strings`);
  }
  return out;
}

export function sendJson(res: ServerResponse, status: number, value: unknown): void {
  const body = Buffer.from(JSON.stringify(value) + '\n');
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  res.end(body);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status, { 'Content-Length': 0 });
  res.end();
}
