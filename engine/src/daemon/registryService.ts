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
import type { RegistryHostsConfig } from '../registry/registryHosts';
import { HttpError } from '../api/httpError';

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
    async login() {
      throw new HttpError(501, 'login: registry login is not available in this engine build yet');
    },
    async search() {
      throw new HttpError(501, 'search: registry catalogs are not available in this engine build yet');
    },
    close: () => transport.close(),
  };
}
