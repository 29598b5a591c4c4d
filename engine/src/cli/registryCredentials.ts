// The CLI side of registry credentials, as docker's: kept in ~/.docker/config.json (or a
// credential helper) by login and logout, and sent to the engine with each pull and push as
// X-Registry-Auth, so any Docker-API engine gets them the same way.
import { authKey, DockerConfigCredentials } from '../registry/credentialStore';
import { parseReference, referenceError } from '../image/reference';

export function credentialStore(env: NodeJS.ProcessEnv): DockerConfigCredentials {
  return new DockerConfigCredentials(DockerConfigCredentials.defaultPath(env));
}

/** The registry a reference lives on (`docker.io` for familiar names). */
export function registryOf(image: string): string {
  return referenceError(image) === undefined ? parseReference(image).domain : 'docker.io';
}

/** X-Registry-Auth for `registry`, or no header when no credentials are stored. */
export async function authHeader(registry: string, env: NodeJS.ProcessEnv): Promise<Record<string, string>> {
  const credentials = await credentialStore(env).get(registry);
  if (!credentials) return {};
  const json = {
    ...(credentials.username !== undefined ? { username: credentials.username } : {}),
    ...(credentials.password !== undefined ? { password: credentials.password } : {}),
    ...(credentials.identityToken !== undefined ? { identitytoken: credentials.identityToken } : {}),
    ...(credentials.registryToken !== undefined ? { registrytoken: credentials.registryToken } : {}),
    serveraddress: authKey(registry),
  };
  return { 'X-Registry-Auth': Buffer.from(JSON.stringify(json)).toString('base64url') };
}
