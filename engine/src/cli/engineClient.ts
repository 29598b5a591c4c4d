// A thin Docker Engine API client for the CLI (docker's own client is one too): HTTP over a unix
// socket or TCP, API version negotiated from /_ping (the lower of the engine's and ours), errors
// turned into EngineError with the engine's `message`. Works against berthd, Docker or Podman.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect as connectSocket } from 'node:net';
import type { Readable } from 'node:stream';
import type { EngineAddress } from '../api/engineAddress';
import { formatEngineAddress } from '../api/engineAddress';

export const clientApiVersion = '1.47';

export class EngineError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'EngineError';
  }
}

/** The engine could not be reached at all (no socket, refused). */
export class EngineUnreachable extends Error {
  constructor(readonly address: EngineAddress, readonly code: string | undefined, cause: unknown) {
    super(`cannot connect to the engine at ${formatEngineAddress(address)}${code ? ` (${code})` : ''}; is it running? (berth engine start)`, { cause });
    this.name = 'EngineUnreachable';
  }
}

export interface RequestOptions {
  readonly query?: Readonly<Record<string, string | readonly string[] | boolean | number | undefined>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** A JSON value, raw bytes, or a stream (uploads such as load and import). */
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

export function queryString(query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, typeof v === 'boolean' ? (v ? '1' : '0') : String(v));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** A response body as text (a wait's result, an error message). */
export async function readText(res: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of res as AsyncIterable<Buffer>) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

export class EngineClient {
  private version: string | undefined;

  constructor(readonly address: EngineAddress) {}

  /** Sends one request without a version prefix (only /_ping uses this directly). */
  private send(method: string, path: string, options: RequestOptions): Promise<IncomingMessage> {
    const address = this.address;
    // A connection of our own instead of an agent: Node's agent derives a TLS server name for every
    // request, which compiles its IPv6 regular expression (about 5 ms of a short command). No
    // keep-alive either way: an idle pooled socket would hold a finished CLI process open.
    const target = address.kind === 'unix'
      ? { createConnection: () => connectSocket(address.path), defaultPort: 80 } // Host: localhost, as an agent sends
      : { host: address.host, port: address.port, createConnection: () => connectSocket(address.port, address.host) };
    const body = options.body;
    const isStream = typeof body === 'object' && body !== null && typeof (body as Readable).pipe === 'function';
    const bytes = body === undefined || isStream ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
    const headers: Record<string, string> = { ...options.headers };
    if (bytes) {
      headers['Content-Length'] = String(bytes.length);
      headers['Content-Type'] ??= Buffer.isBuffer(body) ? 'application/octet-stream' : 'application/json';
    }
    return new Promise((resolve, reject) => {
      const req = httpRequest({ ...target, method, path: `${path}${queryString(options.query)}`, headers, ...(options.signal ? { signal: options.signal } : {}) }, resolve);
      req.on('error', (err: NodeJS.ErrnoException) => reject(req.reusedSocket || !['ENOENT', 'ECONNREFUSED', 'EACCES'].includes(err.code ?? '') ? err : new EngineUnreachable(this.address, err.code, err)));
      if (isStream) (body as Readable).pipe(req);
      else req.end(bytes);
    });
  }

  /** The engine's API version, or ours if it is older (what docker's negotiation does). */
  async negotiate(): Promise<string> {
    if (this.version) return this.version;
    const res = await this.send('GET', '/_ping', {});
    await readText(res);
    const theirs = res.headers['api-version'];
    const ours = clientApiVersion.split('.').map(Number);
    const other = typeof theirs === 'string' ? theirs.split('.').map(Number) : ours;
    this.version = other[0]! < ours[0]! || (other[0] === ours[0] && other[1]! < ours[1]!) ? String(theirs) : clientApiVersion;
    return this.version;
  }

  /** A request whose response is returned as is when 2xx; an EngineError otherwise. */
  async request(method: string, path: string, options: RequestOptions = {}): Promise<IncomingMessage> {
    const version = await this.negotiate();
    const res = await this.send(method, `/v${version}${path}`, options);
    if (res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300) return res;
    const text = await readText(res);
    let message = text.trim();
    try {
      const parsed = JSON.parse(text) as { message?: unknown };
      if (typeof parsed.message === 'string') message = parsed.message;
    } catch {
      // not JSON: keep the text as the engine sent it
    }
    throw new EngineError(res.statusCode ?? 0, message || `HTTP ${res.statusCode}`);
  }

  async json<T = unknown>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const text = await readText(await this.request(method, path, options));
    return (text.trim() === '' ? undefined : JSON.parse(text)) as T;
  }
}
