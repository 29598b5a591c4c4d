// Authorization for one registry (Docker's token auth spec, as containerd's docker authorizer does
// it): nothing is sent until the registry answers 401 with a challenge; then Basic credentials go
// to the registry itself, or a token is fetched from the realm the Bearer challenge names and
// cached per scope set until it expires. Credentials only ever travel to the registry or to the
// realm it named, never over plain HTTP when the registry itself is HTTPS, and never along a
// redirect (httpTransport drops the header when the origin changes).
import { berthError } from '../image/berthError';
import { parseChallenges, type Challenge } from './challenge';
import type { Credentials, CredentialStore } from './credentialStore';
import { readBody, type HttpTransport } from './httpTransport';
import { parseErrorEntries, readErrorBody, RegistryError } from './registryError';

interface TokenEntry {
  readonly header: string;
  readonly expiresAt: number;
}

export interface TokenResult {
  readonly token: string;
  readonly expiresInSeconds: number;
  /** Present when an offline (refresh) token was asked for and granted: Docker's identity token. */
  readonly refreshToken?: string;
}

const maxTokenBody = 1 << 20;

function basic(credentials: Credentials): string | undefined {
  if (credentials.username === undefined || credentials.password === undefined) return undefined;
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

export class Authorizer {
  private challenge?: Challenge;
  private readonly tokens = new Map<string, TokenEntry>();
  private credentials?: Promise<Credentials | undefined>;
  /** Ask the realm for an offline (refresh) token too: what a login keeps as identity token. */
  offline = false;
  /** The refresh token the realm granted, when `offline` asked for one. */
  refreshToken?: string;

  constructor(
    /** The registry as references name it; the key for credentials. */
    readonly domain: string,
    /** The registry's current origin (`https://host:port`), to judge where credentials may go. */
    private readonly origin: () => string,
    private readonly store: CredentialStore | undefined,
    private readonly transport: HttpTransport,
  ) {}

  private creds(): Promise<Credentials | undefined> {
    this.credentials ??= this.store ? this.store.get(this.domain) : Promise.resolve(undefined);
    return this.credentials;
  }

  /** Whether any credentials are configured for this registry (to word a 401 helpfully). */
  async hasCredentials(): Promise<boolean> {
    return (await this.creds()) !== undefined;
  }

  /** The Authorization header for a request needing `scopes`, once a challenge is known. */
  async header(scopes: readonly string[], signal?: AbortSignal): Promise<string | undefined> {
    const challenge = this.challenge;
    if (!challenge) return undefined;
    const credentials = await this.creds();
    if (challenge.scheme === 'basic') return credentials ? basic(credentials) : undefined;
    if (challenge.scheme !== 'bearer') return undefined;
    if (credentials?.registryToken) return `Bearer ${credentials.registryToken}`;
    const key = [...scopes].sort().join(' ');
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > Date.now()) return cached.header;
    const result = await this.fetchToken(challenge, scopes, credentials, { signal, offline: this.offline });
    if (result.refreshToken !== undefined) this.refreshToken = result.refreshToken;
    const entry = { header: `Bearer ${result.token}`, expiresAt: Date.now() + Math.max(result.expiresInSeconds - 10, 5) * 1000 };
    this.tokens.set(key, entry);
    return entry.header;
  }

  /**
   * Takes in a 401's challenge. Returns true when a retry may now succeed: a new challenge, or
   * a bearer token that may have expired; false when what we sent was simply refused. Callers
   * retry a request at most once after a 401.
   */
  learn(wwwAuthenticate: string | readonly string[] | undefined, sentHeader: string | undefined): boolean {
    const challenges = parseChallenges(wwwAuthenticate);
    const next = challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic');
    if (!next) return false;
    const changed = !this.challenge || this.challenge.scheme !== next.scheme || this.challenge.params.realm !== next.params.realm;
    this.challenge = next;
    if (sentHeader === undefined) return true;
    if (changed) return true;
    if (next.scheme === 'bearer' && next.params.error !== 'insufficient_scope') {
      // the token may have expired early: drop it so that a retry fetches a fresh one
      for (const [k, v] of this.tokens) if (v.header === sentHeader) this.tokens.delete(k);
      return true;
    }
    return false;
  }

  /** The realm as a URL, after checking credentials may be sent there. */
  private realmUrl(challenge: Challenge, withCredentials: boolean): URL {
    const realm = challenge.params.realm;
    let url: URL;
    try {
      url = new URL(realm ?? '');
    } catch {
      throw berthError('invalid-argument', `registry ${this.domain} sent a ${challenge.scheme} challenge without a valid realm URL (${JSON.stringify(realm?.slice(0, 200))})`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw berthError('invalid-argument', `registry ${this.domain} named token realm ${url.protocol}//${url.host}, which is not HTTP(S)`);
    if (withCredentials && url.protocol === 'http:' && this.origin().startsWith('https:')) {
      throw berthError('failed-precondition', `registry ${this.domain} asks for credentials to be sent to ${url.origin} over plain HTTP; refusing (the registry itself is HTTPS)`);
    }
    if (url.username || url.password) throw berthError('invalid-argument', `registry ${this.domain} named a token realm with credentials in its URL; refusing`);
    return url;
  }

  /** Asks the challenge's realm for a token (anonymous, Basic, or OAuth2 refresh-token grant). */
  async fetchToken(challenge: Challenge, scopes: readonly string[], credentials: Credentials | undefined, options: { offline?: boolean; signal?: AbortSignal | undefined } = {}): Promise<TokenResult> {
    const url = this.realmUrl(challenge, credentials !== undefined);
    const service = challenge.params.service;
    const allScopes = [...new Set([...scopes, ...(challenge.params.scope ? challenge.params.scope.split(' ') : [])])];
    const headers: Record<string, string> = { accept: 'application/json' };
    let method = 'GET';
    let body: Uint8Array | undefined;
    if (credentials?.identityToken) {
      method = 'POST';
      const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credentials.identityToken, client_id: 'berth', access_type: 'offline' });
      if (service) form.set('service', service);
      if (allScopes.length > 0) form.set('scope', allScopes.join(' '));
      body = Buffer.from(form.toString());
      headers['content-type'] = 'application/x-www-form-urlencoded';
    } else {
      if (service) url.searchParams.set('service', service);
      for (const s of allScopes) url.searchParams.append('scope', s);
      if (options.offline) {
        url.searchParams.set('offline_token', 'true');
        url.searchParams.set('client_id', 'berth');
      }
      const auth = credentials ? basic(credentials) : undefined;
      if (auth) headers.authorization = auth;
    }
    const res = await this.transport.send({ method, url, headers, ...(body ? { body } : {}), ...(options.signal ? { signal: options.signal } : {}) });
    const action = `authenticate to ${this.domain} at ${url.origin}`;
    if (res.status !== 200) {
      const text = await readErrorBody(res.body);
      const entries = parseErrorEntries(text);
      const details = entries.length > 0 ? entries : tokenErrorDetails(text);
      const hint = res.status === 401 || res.status === 403 ? (credentials ? 'the credentials were refused: check them or log in again' : `log in first: berth login ${this.domain}`) : undefined;
      throw new RegistryError(action, method, url.toString(), res.status, details, hint);
    }
    return parseTokenResponse(await readBody(res.body, maxTokenBody, `${action}: token response`), action);
  }

  /** The challenge learned so far (login uses it). */
  get current(): Challenge | undefined {
    return this.challenge;
  }
}

function tokenErrorDetails(body: Uint8Array): { code: string; message: string }[] {
  try {
    const v = JSON.parse(Buffer.from(body).toString('utf8')) as { details?: unknown; error?: unknown; error_description?: unknown };
    const message = [v.details, v.error, v.error_description].find((x) => typeof x === 'string') as string | undefined;
    return message ? [{ code: 'UNAUTHORIZED', message: message.slice(0, 500) }] : [];
  } catch {
    return [];
  }
}

function parseTokenResponse(body: Uint8Array, action: string): TokenResult {
  let v: { token?: unknown; access_token?: unknown; expires_in?: unknown; refresh_token?: unknown };
  try {
    v = JSON.parse(Buffer.from(body).toString('utf8')) as typeof v;
  } catch {
    throw berthError('invalid-argument', `${action}: the token response is not JSON`);
  }
  const token = typeof v.token === 'string' && v.token !== '' ? v.token : typeof v.access_token === 'string' ? v.access_token : '';
  if (token === '' || /[\r\n]/.test(token)) throw berthError('invalid-argument', `${action}: the token response holds no usable token`);
  const expires = typeof v.expires_in === 'number' && v.expires_in > 0 ? v.expires_in : 60;
  return { token, expiresInSeconds: Math.max(expires, 60), ...(typeof v.refresh_token === 'string' && v.refresh_token !== '' ? { refreshToken: v.refresh_token } : {}) };
}
