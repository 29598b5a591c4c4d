/**
 * Which COPY/ADD sources BuildKit fetches instead of reading from the context (dispatchCopy with
 * dfgitutil.ParseGitRef): http(s) URLs, and git repositories written as `https://host/repo.git`,
 * `git://`, `ssh://` or `user@host:path` (scp style). `github.com/org/repo` without a scheme stays
 * a local path, as in BuildKit.
 */
export type SourceKind = 'git' | 'http' | 'local';

const SCHEME = /^([a-zA-Z0-9]+):\/\//;
const SCP = /^[a-zA-Z0-9-_]+@[a-zA-Z0-9-.]+:.*$/;

export function sourceKind(source: string): SourceKind {
  if (source.startsWith('./') || source.startsWith('../') || source.startsWith('github.com/')) return 'local';
  const scheme = SCHEME.exec(source)?.[1].toLowerCase();
  if (scheme === 'ssh' || scheme === 'git') return 'git';
  if (scheme === 'http' || scheme === 'https') return urlPath(source).endsWith('.git') ? 'git' : 'http';
  if (scheme === undefined && SCP.test(source)) return 'git';
  return 'local';
}

function urlPath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.replace(/[?#].*$/, '');
  }
}
