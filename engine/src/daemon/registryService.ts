// The API's RegistryService over engine/src/registry: pulls unpack into the daemon's snapshotter
// and hold a lease until named; credentials come from the request (X-Registry-Auth), never from
// the daemon's own files, as with Docker; one keep-alive transport serves every request.
import type { AuthConfig } from '../api/registryAuth';
import type { RegistryService } from '../api/registryService';
import type { JsonMessage } from '../api/jsonMessages';
import type { Reference } from '../image/reference';
import type { Snapshotter } from '../snapshot/snapshotter';
import type { ContentStore } from '../store/contentStore';
import type { ImageStore } from '../store/imageStore';
import type { Leases } from '../store/leases';
import { StaticCredentials, type Credentials } from '../registry/credentialStore';
import { HttpTransport } from '../registry/httpTransport';
import type { ProgressEvent } from '../registry/progress';
import { pullImage } from '../registry/pull';
import { pushImage } from '../registry/push';
import { login } from '../registry/login';
import { catalog } from '../registry/catalog';
import { berthError } from '../image/berthError';
import type { RegistryHostsConfig } from '../registry/registryHosts';

export interface RegistryServiceParts {
  readonly content: ContentStore;
  readonly images: ImageStore;
  readonly leases: Leases;
  readonly snapshotter: Snapshotter;
  readonly hosts: RegistryHostsConfig;
}

function credentialsOf(auth: AuthConfig | undefined): Credentials | undefined {
  if (!auth) return undefined;
  const out: Record<string, string> = {};
  if (auth.username !== undefined) out.username = auth.username;
  if (auth.password !== undefined) out.password = auth.password;
  if (auth.identitytoken !== undefined) out.identityToken = auth.identitytoken;
  if (auth.registrytoken !== undefined) out.registryToken = auth.registrytoken;
  return Object.keys(out).length > 0 ? out : undefined;
}

function credentialsFor(ref: Reference, auth: AuthConfig | undefined): StaticCredentials | undefined {
  const credentials = credentialsOf(auth);
  return credentials ? new StaticCredentials({ [ref.domain]: credentials }) : undefined;
}

const toMessage = (event: ProgressEvent): JsonMessage => event;

/** `https://host:5000/v2/`, `host:5000` → `host:5000`; Docker Hub's addresses → docker.io. */
export function registryOf(serverAddress: string): string {
  const host = serverAddress.replace(/^[a-z]+:\/\//i, '').split('/')[0] ?? '';
  return host === '' || host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host;
}

export function createRegistryService(parts: RegistryServiceParts): RegistryService & { close(): void } {
  const transport = new HttpTransport();
  return {
    async pull(ref, options) {
      const credentials = credentialsFor(ref, options.auth);
      const result = await pullImage(ref, {
        store: { content: parts.content, images: parts.images, leases: parts.leases },
        snapshotter: parts.snapshotter, platform: options.platform, hosts: parts.hosts, transport,
        ...(credentials ? { credentials } : {}),
        onProgress: (e) => options.onProgress(toMessage(e)), signal: options.signal,
      });
      return result.descriptor;
    },
    async push(ref, _target, options) {
      const credentials = credentialsFor(ref, options.auth);
      const result = await pushImage(ref, {
        store: { content: parts.content, images: parts.images }, hosts: parts.hosts, transport,
        ...(credentials ? { credentials } : {}),
        onProgress: (e) => options.onProgress(toMessage(e)), signal: options.signal,
      });
      return { digest: result.descriptor.digest, size: result.descriptor.size };
    },
    async login(serverAddress, auth, signal) {
      if (auth.username === undefined || auth.password === undefined) {
        throw berthError('invalid-argument', 'login: a username and a password are required');
      }
      const result = await login(registryOf(serverAddress), auth.username, auth.password, { hosts: parts.hosts, transport, signal });
      return result.identityToken === undefined ? {} : { identityToken: result.identityToken };
    },
    async search(registry, term, limit, auth, signal) {
      const credentials = credentialsOf(auth);
      const names = await catalog(registry, {
        hosts: parts.hosts, transport, signal, limit: 1000,
        ...(credentials ? { credentials: new StaticCredentials({ [registry]: credentials }) } : {}),
      });
      const wanted = term.toLowerCase();
      return names
        .filter((n) => n.toLowerCase().includes(wanted))
        .slice(0, limit)
        .map((n) => ({ name: registry === 'docker.io' ? n : `${registry}/${n}`, description: '', is_official: false, is_automated: false, star_count: 0 }));
    },
    close: () => transport.close(),
  };
}
