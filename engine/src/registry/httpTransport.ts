// HTTP for registries over node:http(s) with keep-alive agents (one per endpoint, so a pull's
// parallel blob downloads reuse warm connections). Redirects are followed for GET and HEAD only,
// and the Authorization header never leaves the origin it was meant for: a registry that sends a
// blob request to a storage host sends it there without our credentials.
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import { berthError, BerthError } from '../image/berthError';
import { redactUrl } from './registryError';
import type { RegistryEndpoint } from './registryHosts';

export interface HttpRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>>;
  /** Bytes, or a stream piped as the body (the caller sets Content-Length when it knows it). */
  readonly body?: Uint8Array | Readable;
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** Must be consumed or destroyed. */
  readonly body: IncomingMessage;
  /** Where the response came from, after redirects. */
  readonly url: URL;
}

const maxRedirects = 5;
const socketOptions = { keepAlive: true, keepAliveMsecs: 10_000, maxSockets: 32, maxFreeSockets: 16, scheduling: 'lifo' as const };

/** A network failure (refused, reset, timed out, cut short): worth retrying. */
export class NetworkError extends BerthError {
  constructor(message: string, readonly code: string | undefined, cause: unknown) {
    super('unavailable', message, { cause });
    this.name = 'NetworkError';
  }
}

export function isNetworkError(err: unknown): err is NetworkError {
  return err instanceof NetworkError;
}

/** TLS failures that mean "this endpoint does not speak TLS": the cue to fall back to plain HTTP. */
export function isTlsMismatch(err: unknown): boolean {
  if (!(err instanceof NetworkError)) return false;
  return err.code === 'EPROTO' || err.code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number|packet length too long|unknown protocol/i.test(err.message);
}

export class HttpTransport {
  private readonly agents = new Map<string, HttpAgent>();

  constructor(private readonly idleTimeoutMs = 60_000) {}

  /** Registers how to reach an endpoint's origin (its TLS settings). */
  agentFor(endpoint: RegistryEndpoint): HttpAgent {
    const key = `${endpoint.origin} ${JSON.stringify(endpoint.tls ?? {})}`;
    let agent = this.agents.get(key);
    if (!agent) {
      const tls = endpoint.tls;
      agent = endpoint.origin.startsWith('https:')
        ? new HttpsAgent({ ...socketOptions, ...(tls?.ca ? { ca: [...tls.ca] } : {}), ...(tls?.cert ? { cert: tls.cert, key: tls.key } : {}), rejectUnauthorized: tls?.rejectUnauthorized ?? true })
        : new HttpAgent(socketOptions);
      this.agents.set(key, agent);
    }
    this.agents.set(endpoint.origin, agent);
    return agent;
  }

  private agentForUrl(url: URL): HttpAgent {
    const known = this.agents.get(url.origin);
    if (known) return known;
    const agent = url.protocol === 'https:' ? new HttpsAgent({ ...socketOptions, rejectUnauthorized: true }) : new HttpAgent(socketOptions);
    this.agents.set(url.origin, agent);
    return agent;
  }

  /** Sends `req`, following redirects for GET/HEAD; resolves when the response headers arrive. */
  async send(req: HttpRequest): Promise<HttpResponse> {
    let url = req.url;
    let headers: Record<string, string> = { ...req.headers };
    const authorizedOrigin = url.origin;
    for (let hop = 0; ; hop++) {
      const res = await this.once(req.method, url, headers, req.body, req.signal);
      const location = res.headers.location;
      const redirect = [301, 302, 303, 307, 308].includes(res.statusCode ?? 0) && location !== undefined;
      if (!redirect || (req.method !== 'GET' && req.method !== 'HEAD')) return { status: res.statusCode ?? 0, headers: res.headers, body: res, url };
      res.resume();
      if (hop >= maxRedirects) throw berthError('unavailable', `${req.method} ${redactUrl(req.url)}: more than ${maxRedirects} redirects`);
      const next = new URL(location, url);
      if (next.protocol !== 'http:' && next.protocol !== 'https:') throw berthError('invalid-argument', `${req.method} ${redactUrl(req.url)}: redirected to unsupported URL ${redactUrl(next)}`);
      if (next.origin !== authorizedOrigin) {
        const { authorization: _dropped, Authorization: _dropped2, ...rest } = headers;
        headers = rest;
      }
      url = next;
    }
  }

  private once(method: string, url: URL, headers: Record<string, string>, body: Uint8Array | Readable | undefined, signal?: AbortSignal): Promise<IncomingMessage> {
    signal?.throwIfAborted();
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing: OutgoingHttpHeaders = { 'user-agent': 'berth', ...headers };
    if (body instanceof Uint8Array) outgoing['content-length'] = body.byteLength;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const where = `${method} ${redactUrl(url)}`;
      const fail = (err: unknown) => reject(wrapNetworkError(where, err, signal));
      const req = send(url, { method, headers: outgoing, agent: this.agentForUrl(url), ...(signal ? { signal } : {}) }, (res) => {
        res.setTimeout(this.idleTimeoutMs, () => res.destroy(new NetworkError(`${where}: no data for ${this.idleTimeoutMs / 1000}s`, 'ETIMEDOUT', undefined)));
        resolve(res);
      });
      req.setTimeout(this.idleTimeoutMs, () => req.destroy(new NetworkError(`${where}: no answer for ${this.idleTimeoutMs / 1000}s`, 'ETIMEDOUT', undefined)));
      req.on('error', fail);
      if (body === undefined) req.end();
      else if (body instanceof Uint8Array) req.end(body);
      else {
        body.on('error', (err) => req.destroy(err));
        body.pipe(req);
      }
    });
  }

  /** Closes idle keep-alive connections (the process can exit). */
  close(): void {
    for (const agent of new Set(this.agents.values())) agent.destroy();
    this.agents.clear();
  }
}

/** Reads a whole body that must stay small (manifests, tokens, listings); fails past `maxBytes`. */
export async function readBody(body: Readable, maxBytes: number, what: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw berthError('invalid-argument', `${what}: larger than ${maxBytes} bytes; refusing to read it`);
      parts.push(chunk);
    }
  } catch (err) {
    throw wrapNetworkError(what, err);
  } finally {
    body.destroy();
  }
  return Buffer.concat(parts);
}

/** OpenSSL's verdicts on a certificate: retrying will not change them. */
const certificateErrors = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'CERT_UNTRUSTED', 'CERT_REJECTED', 'ERR_TLS_CERT_ALTNAME_INVALID',
]);

export function wrapNetworkError(where: string, err: unknown, signal?: AbortSignal): unknown {
  if (signal?.aborted) return signal.reason ?? err;
  if (err instanceof BerthError) return err;
  const code = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  const message = err instanceof Error ? err.message : String(err);
  if (code !== undefined && certificateErrors.has(code)) {
    const host = /\/\/([^/]+)/.exec(where)?.[1] ?? 'the registry';
    return berthError('failed-precondition', `${where}: the TLS certificate of ${host} is not trusted (${message}); put the CA that signed it in certs.d/${host}/ca.crt, or list ${host} in insecure-registries`, err);
  }
  return new NetworkError(`${where}: ${message}`, code, err);
}
