// The `reference` filter of /images/json: Go's path.Match patterns (`*`, `?`, `[…]`) against an
// image's familiar name or its familiar name:tag, as Docker matches them. Small enough that a glob
// library would be larger than the rule it implements; `*` never crosses a `/`, as in Go.
import type { Reference } from '../image/reference';

export function globToRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '\\' && i + 1 < pattern.length) out += escape(pattern[++i]!);
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) {
        out += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, end);
      if (body.startsWith('^')) body = `^${body.slice(1)}`;
      out += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else out += escape(c);
  }
  return new RegExp(`^${out}$`);
}

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

export function referenceMatches(patterns: readonly string[], name: Reference): boolean {
  return patterns.some((p) => {
    const re = globToRegExp(p);
    return re.test(name.familiarName()) || re.test(name.familiar()) || re.test(name.toString());
  });
}
