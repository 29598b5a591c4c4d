// Registry credentials from Docker's config.json (`$DOCKER_CONFIG/config.json`, else
// ~/.docker/config.json), found the way the docker CLI finds them: a per-registry credential
// helper (`credHelpers`), else the default helper (`credsStore`), else the file's own `auths`
// (base64 `user:password`, or an identity token). Helpers are the `docker-credential-<name>`
// programs: `get` reads the server URL on stdin and prints `{ServerURL, Username, Secret}`.
import { execFile } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import { dirname } from 'node:path';
import { berthError, errnoCode } from '../image/berthError';
import { defaultDomain } from '../image/reference';

export interface Credentials {
  readonly username?: string;
  readonly password?: string;
  /** An OAuth2 refresh token from a previous login (Docker's `identitytoken`). */
  readonly identityToken?: string;
  /** A bearer token to send as is (Docker's `registrytoken`). */
  readonly registryToken?: string;
}

/** Where credentials come from; undefined means "none configured": the request goes anonymously. */
export interface CredentialStore {
  get(registry: string): Promise<Credentials | undefined>;
}

/** The key Docker files Docker Hub's credentials under. */
export const dockerHubAuthKey = 'https://index.docker.io/v1/';

export function authKey(registry: string): string {
  return registry === defaultDomain || registry === 'index.docker.io' || registry === 'registry-1.docker.io' ? dockerHubAuthKey : registry;
}

/** `https://host:5000/v2/` → `host:5000` (docker/cli's ConvertToHostname). */
function hostnameOf(key: string): string {
  return key.replace(/^[a-z]+:\/\//i, '').split('/')[0]!;
}

interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
  identitytoken?: string;
  registrytoken?: string;
}

interface ConfigFile {
  auths?: Record<string, AuthEntry>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
  [other: string]: unknown;
}

const helperTimeoutMs = 30_000;

function runHelper(helper: string, verb: 'get' | 'store' | 'erase', input: string): Promise<string> {
  const program = `docker-credential-${helper}`;
  return new Promise((resolve, reject) => {
    const child = execFile(program, [verb], { timeout: helperTimeoutMs, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const output = `${stdout}${stderr}`.trim().slice(0, 500);
      if (errnoCode(err) === 'ENOENT') return reject(berthError('failed-precondition', `credential helper ${program} is configured in config.json but not installed (not on PATH)`, err));
      reject(berthError('unavailable', `credential helper ${program} ${verb} failed: ${output || err.message}`, err));
    });
    child.stdin?.end(input);
  });
}

export class DockerConfigCredentials implements CredentialStore {
  constructor(readonly path: string) {}

  /** `$DOCKER_CONFIG/config.json`, else `$HOME/.docker/config.json`. */
  static defaultPath(env: NodeJS.ProcessEnv = process.env): string {
    return `${env.DOCKER_CONFIG ?? `${env.HOME ?? '/root'}/.docker`}/config.json`;
  }

  private async read(): Promise<ConfigFile> {
    let text: string;
    try {
      text = await fsp.readFile(this.path, 'utf8');
    } catch (err) {
      if (errnoCode(err) === 'ENOENT') return {};
      throw err;
    }
    try {
      const value: unknown = JSON.parse(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
      return value as ConfigFile;
    } catch (err) {
      throw berthError('invalid-argument', `${this.path}: not a valid Docker config file (${(err as Error).message})`, err);
    }
  }

  private helperFor(config: ConfigFile, registry: string): string | undefined {
    const helpers = config.credHelpers ?? {};
    return helpers[registry] ?? helpers[authKey(registry)] ?? (config.credsStore || undefined);
  }

  async get(registry: string): Promise<Credentials | undefined> {
    const config = await this.read();
    const key = authKey(registry);
    const helper = this.helperFor(config, registry);
    if (helper !== undefined) return this.fromHelper(helper, key);
    const auths = config.auths ?? {};
    const entry = auths[key] ?? Object.entries(auths).find(([k]) => hostnameOf(k) === hostnameOf(key))?.[1];
    return entry === undefined ? undefined : this.fromEntry(entry, key);
  }

  private async fromHelper(helper: string, key: string): Promise<Credentials | undefined> {
    let out: string;
    try {
      out = await runHelper(helper, 'get', key);
    } catch (err) {
      if (err instanceof Error && /credentials not found/i.test(err.message)) return undefined;
      throw err;
    }
    let parsed: { Username?: unknown; Secret?: unknown };
    try {
      parsed = JSON.parse(out) as typeof parsed;
    } catch {
      throw berthError('invalid-argument', `credential helper docker-credential-${helper} printed something that is not JSON for ${key}`);
    }
    const username = typeof parsed.Username === 'string' ? parsed.Username : '';
    const secret = typeof parsed.Secret === 'string' ? parsed.Secret : '';
    if (secret === '') return undefined;
    return username === '<token>' ? { identityToken: secret } : { username, password: secret };
  }

  private fromEntry(entry: AuthEntry, key: string): Credentials | undefined {
    if (entry.identitytoken) return { identityToken: entry.identitytoken };
    if (entry.registrytoken) return { registryToken: entry.registrytoken };
    if (entry.auth) {
      const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw berthError('invalid-argument', `${this.path}: auths["${key}"].auth is not base64 of user:password`);
      return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
    }
    if (entry.username !== undefined && entry.password !== undefined) return { username: entry.username, password: entry.password };
    return undefined;
  }

  /** Saves credentials after a successful login: through the helper when one applies, else in auths. */
  async store(registry: string, credentials: Credentials): Promise<void> {
    const config = await this.read();
    const key = authKey(registry);
    const helper = this.helperFor(config, registry);
    if (helper !== undefined) {
      const secret = credentials.identityToken ?? credentials.password ?? '';
      const username = credentials.identityToken ? '<token>' : credentials.username ?? '';
      await runHelper(helper, 'store', JSON.stringify({ ServerURL: key, Username: username, Secret: secret }));
      return;
    }
    const entry: AuthEntry = credentials.identityToken
      ? { auth: '', identitytoken: credentials.identityToken }
      : { auth: Buffer.from(`${credentials.username ?? ''}:${credentials.password ?? ''}`).toString('base64') };
    await this.write({ ...config, auths: { ...config.auths, [key]: entry } });
  }

  /** Forgets a registry's credentials (logout); not-found when there were none. */
  async erase(registry: string): Promise<void> {
    const config = await this.read();
    const key = authKey(registry);
    const helper = this.helperFor(config, registry);
    if (helper !== undefined) {
      await runHelper(helper, 'erase', key);
      return;
    }
    if (!config.auths?.[key]) throw berthError('not-found', `not logged in to ${registry}`);
    const { [key]: _removed, ...rest } = config.auths;
    await this.write({ ...config, auths: rest });
  }

  private async write(config: ConfigFile): Promise<void> {
    await fsp.mkdir(dirname(this.path), { recursive: true, mode: 0o700 });
    const temp = `${this.path}.tmp-${process.pid}`;
    await fsp.writeFile(temp, `${JSON.stringify(config, null, '\t')}\n`, { mode: 0o600 });
    await fsp.rename(temp, this.path);
  }
}

/** Fixed credentials per registry (X-Registry-Auth from an API request, tests). */
export class StaticCredentials implements CredentialStore {
  constructor(private readonly entries: Readonly<Record<string, Credentials>>) {}

  async get(registry: string): Promise<Credentials | undefined> {
    return this.entries[registry] ?? this.entries[authKey(registry)];
  }
}
