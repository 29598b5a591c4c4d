// What the API needs from registries (pull, push, login, search), as one narrow interface the
// composition root implements over engine/src/registry. Progress arrives as Docker JSON messages.
import type { Descriptor } from '../image/descriptor';
import type { Digest } from '../image/digest';
import type { Platform } from '../image/platform';
import type { Reference } from '../image/reference';
import type { JsonMessage } from './jsonMessages';
import type { AuthConfig } from './registryAuth';

export interface TransferOptions {
  readonly auth?: AuthConfig;
  readonly onProgress: (message: JsonMessage) => void;
  readonly signal: AbortSignal;
}

export interface SearchResult {
  readonly name: string;
  readonly description: string;
  readonly is_official: boolean;
  readonly is_automated: boolean;
  readonly star_count: number;
}

export interface RegistryService {
  /** Pulls, unpacks and names `ref`; returns the stored target. */
  pull(ref: Reference, options: TransferOptions & { readonly platform: Platform }): Promise<Descriptor>;
  /** Pushes the image stored as `target` to `ref`; returns the manifest digest and size the registry has. */
  push(ref: Reference, target: Descriptor, options: TransferOptions): Promise<{ readonly digest: Digest; readonly size: number }>;
  /** Checks the credentials against the registry; returns an identity token when it hands one out. */
  login(serverAddress: string, auth: AuthConfig, signal: AbortSignal): Promise<{ readonly identityToken?: string }>;
  /** Repositories of a registry's catalog that contain `term`. */
  search(registry: string, term: string, limit: number, auth: AuthConfig | undefined, signal: AbortSignal): Promise<SearchResult[]>;
}
