// `docker login` without the storing: checks a username and password against the registry's
// /v2/ endpoint (Basic, or a token from the realm the registry names). For token registries the
// realm is asked for an offline token as well; when it grants one, that identity token is what
// the caller should keep instead of the password (Docker's IdentityToken).
import { StaticCredentials } from './credentialStore';
import { RegistryClient, type RegistryOptions } from './registryClient';

export interface LoginResult {
  /** Docker's answer text. */
  readonly status: 'Login Succeeded';
  readonly identityToken?: string;
}

export async function login(registry: string, username: string, password: string, options: Omit<RegistryOptions, 'credentials'> & { signal?: AbortSignal } = {}): Promise<LoginResult> {
  const client = await RegistryClient.open(registry, { ...options, credentials: new StaticCredentials({ [registry]: { username, password } }) });
  client.auth.offline = true;
  try {
    const res = await client.request({ method: 'GET', path: '/v2/', scopes: [], expect: [200], action: `login to ${registry}`, signal: options.signal });
    res.body.resume();
    const token = client.auth.refreshToken;
    return token === undefined ? { status: 'Login Succeeded' } : { status: 'Login Succeeded', identityToken: token };
  } finally {
    if (!options.transport) client.transport.close();
  }
}
