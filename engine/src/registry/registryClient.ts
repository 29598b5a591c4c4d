// A session with one registry (the distribution spec's /v2/ API): picks the endpoint (HTTPS, or
// plain HTTP for an insecure registry that does not speak TLS), authorizes requests for their
// scopes, retries what may pass, and turns unexpected answers into RegistryErrors that name the
// operation. Repository operations are plain functions over it (manifests.ts, blobFetch.ts,
// blobUpload.ts, catalog.ts), so this class stays the one place that knows about HTTP.
import type { Readable } from 'node:stream';
import { Authorizer } from './authorizer';
import type { CredentialStore } from './credentialStore';
import { HttpTransport, isTlsMismatch, type HttpResponse } from './httpTransport';
import { parseErrorEntries, readErrorBody, redactUrl, RegistryError } from './registryError';
import { resolveEndpoints, type RegistryEndpoint, type RegistryHostsConfig } from './registryHosts';
import { defaultRetryPolicy, withRetries, type RetryPolicy } from './retry';

export interface RegistryOptions {
  readonly hosts?: RegistryHostsConfig;
  readonly credentials?: CredentialStore;
  /** Shared keep-alive connections; one per daemon is best. */
  readonly transport?: HttpTransport;
  readonly retry?: RetryPolicy;
}

export interface RegistryRequest {
  readonly method: string;
  /** Path under the origin (`/v2/app/manifests/1`), or an absolute URL the registry gave us. */
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Opens the body afresh for each attempt; a one-shot stream body cannot be retried. */
  readonly body?: () => Uint8Array | Readable;
  readonly replayable?: boolean;
  /** Token scopes, e.g. `repository:app:pull`. */
  readonly scopes: readonly string[];
  /** Statuses handed back to the caller; any other is a RegistryError. */
  readonly expect: readonly number[];
  /** Names the operation in errors: `pull localhost:5000/app:1: manifest`. */
  readonly action: string;
  readonly signal?: AbortSignal | undefined;
  /** Hears each failure that will be retried, and the wait before the retry. */
  readonly onRetry?: ((err: unknown, delayMs: number) => void) | undefined;
}

export const pullScope = (repo: string): string => `repository:${repo}:pull`;
export const pushScope = (repo: string): string => `repository:${repo}:pull,push`;

export class RegistryClient {
  private endpointIndex = 0;
  private readonly authorizer: Authorizer;
  readonly transport: HttpTransport;
  readonly retryPolicy: RetryPolicy;

  private constructor(readonly domain: string, private readonly endpoints: readonly RegistryEndpoint[], options: RegistryOptions) {
    this.transport = options.transport ?? new HttpTransport();
    this.retryPolicy = options.retry ?? defaultRetryPolicy;
    for (const e of endpoints) this.transport.agentFor(e);
    this.authorizer = new Authorizer(domain, () => this.origin, options.credentials, this.transport);
  }

  static async open(domain: string, options: RegistryOptions = {}): Promise<RegistryClient> {
    return new RegistryClient(domain, await resolveEndpoints(domain, options.hosts), options);
  }

  get origin(): string {
    return this.endpoints[this.endpointIndex]!.origin;
  }

  get auth(): Authorizer {
    return this.authorizer;
  }

  /** Sends with retries (when the body can be replayed) and one re-authorization after a 401. */
  request(req: RegistryRequest): Promise<HttpResponse> {
    const replayable = req.body === undefined || req.replayable !== false;
    const once = () => this.authorized(req);
    return replayable ? withRetries(this.retryPolicy, once, { signal: req.signal, ...(req.onRetry ? { onRetry: req.onRetry } : {}) }) : once();
  }

  private async authorized(req: RegistryRequest): Promise<HttpResponse> {
    for (let attempt = 0; ; attempt++) {
      const sent = await this.authorizer.header(req.scopes, req.signal);
      const res = await this.sendToEndpoint(req, sent);
      if (res.status === 401 && attempt === 0 && (req.body === undefined || req.replayable !== false)) {
        // a challenge counts from the registry itself, not from storage it redirected to (which
        // would otherwise be sent the user's credentials), as Docker files challenges by host
        if (res.url.origin === this.origin && this.authorizer.learn(res.headers['www-authenticate'], sent)) {
          res.body.resume();
          continue;
        }
      }
      if (req.expect.includes(res.status)) return res;
      throw await this.errorFrom(req, res);
    }
  }

  private async sendToEndpoint(req: RegistryRequest, authorization: string | undefined): Promise<HttpResponse> {
    for (;;) {
      const url = new URL(req.path, this.origin);
      // credentials go to the registry only: an upload Location (or a catalog page) may name
      // another host, even a plain-HTTP one
      const headers = { ...req.headers, ...(authorization && url.origin === this.origin ? { authorization } : {}) };
      try {
        return await this.transport.send({ method: req.method, url, headers, ...(req.body ? { body: req.body() } : {}), ...(req.signal ? { signal: req.signal } : {}) });
      } catch (err) {
        // an insecure registry that answers TLS with plain HTTP: use HTTP from now on (a parallel
        // request may have switched already; then just go again)
        if (!isTlsMismatch(err)) throw err;
        // another request switched this registry to HTTP meanwhile: go again; a URL on any other
        // host is not this registry's to downgrade (it would loop, reconnecting, forever)
        if (url.origin !== this.origin) {
          if (this.endpoints.some((e) => e.origin === url.origin)) continue;
          throw err;
        }
        if (this.endpointIndex + 1 >= this.endpoints.length) throw err;
        this.endpointIndex++;
      }
    }
  }

  private async errorFrom(req: RegistryRequest, res: HttpResponse): Promise<RegistryError> {
    const entries = req.method === 'HEAD' ? [] : parseErrorEntries(await readErrorBody(res.body));
    if (req.method === 'HEAD') res.body.resume();
    let hint: string | undefined;
    if (res.status === 401) {
      // an anonymous token refused is still "log in first"
      hint = (await this.authorizer.hasCredentials())
        ? `the registry refused the credentials for ${this.domain}: log in again (berth login ${this.domain})`
        : `authentication required: log in first (berth login ${this.domain})`;
    } else if (res.status === 403) {
      hint = `access denied: the account has no permission for this (${req.scopes.join(', ')})`;
    }
    return new RegistryError(req.action, req.method, redactUrl(res.url), res.status, entries, hint);
  }
}

