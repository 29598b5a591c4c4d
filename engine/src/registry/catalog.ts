// Listings: the registry's repositories (`GET /v2/_catalog`, what the engine's image search
// answers from) and a repository's tags, following the Link header page by page up to a limit.
import { berthError } from '../image/berthError';
import { readBody } from './httpTransport';
import { pullScope, RegistryClient, type RegistryOptions } from './registryClient';

export interface ListOptions extends RegistryOptions {
  /** Stop after this many names (default 1000). */
  readonly limit?: number;
  readonly signal?: AbortSignal;
}

const maxPage = 4 << 20;

async function listPages(registry: string, first: string, field: 'repositories' | 'tags', scopes: string[], action: string, options: ListOptions): Promise<string[]> {
  const limit = options.limit ?? 1000;
  const client = await RegistryClient.open(registry, options);
  const out: string[] = [];
  try {
    let path: string | undefined = first;
    for (let page = 0; path !== undefined && out.length < limit && page < 1000; page++) {
      const res = await client.request({ method: 'GET', path, scopes, expect: [200], action, signal: options.signal });
      const link = /<([^>]+)>\s*;\s*rel="?next"?/.exec(String(res.headers.link ?? ''))?.[1];
      const text = (await readBody(res.body, maxPage, action)).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        throw berthError('invalid-argument', `${action}: the registry's answer is not JSON`);
      }
      const names = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[field] : undefined;
      if (names !== null && names !== undefined && !Array.isArray(names)) throw berthError('invalid-argument', `${action}: the registry's answer has no ${field} list`);
      for (const n of (names ?? []) as unknown[]) if (typeof n === 'string' && out.length < limit) out.push(n);
      path = link === undefined ? undefined : new URL(link, res.url).toString();
    }
    return out;
  } finally {
    if (!options.transport) client.transport.close();
  }
}

/** Repository names the registry lists (it may require a login, or not list at all). */
export function catalog(registry: string, options: ListOptions = {}): Promise<string[]> {
  return listPages(registry, `/v2/_catalog?n=${Math.min(options.limit ?? 1000, 1000)}`, 'repositories', ['registry:catalog:*'], `list repositories of ${registry}`, options);
}

/** Tags of one repository (`repo` as in a reference's path). */
export function listTags(registry: string, repo: string, options: ListOptions = {}): Promise<string[]> {
  return listPages(registry, `/v2/${repo}/tags/list`, 'tags', [pullScope(repo)], `list tags of ${registry}/${repo}`, options);
}
