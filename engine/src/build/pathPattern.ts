// COPY and ADD source wildcards as BuildKit resolves them (fsutil's ResolveWildcards over Go's
// filepath.Match): a pattern is matched one path element at a time; `*` is any run of characters
// but `/`, `?` one character, `[...]` a class (`^` negates, `a-z` ranges), `\` escapes the next
// character. Pure: names in, booleans out.

/** Whether `text` holds an unescaped wildcard (BuildKit's containsWildcards). */
export function hasWildcards(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '*' || c === '?' || c === '[') return true;
    if (c === '\\') i++;
  }
  return false;
}

/** Removes the escapes of a path element without wildcards (`a\*b` names the file `a*b`). */
export function unescapePattern(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

const cache = new Map<string, RegExp | undefined>();

/** A matcher for one path element; undefined when the pattern is malformed (Go's ErrBadPattern). */
function compile(pattern: string): RegExp | undefined {
  if (cache.has(pattern)) return cache.get(pattern);
  let source = '^';
  let ok = true;
  for (let i = 0; i < pattern.length && ok; i++) {
    const c = pattern[i]!;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '\\') {
      if (i + 1 >= pattern.length) ok = false;
      else source += escapeRegExp(pattern[++i]!);
    } else if (c === '[') {
      const end = classEnd(pattern, i + 1);
      if (end < 0) ok = false;
      else {
        let body = pattern.slice(i + 1, end);
        const negated = body.startsWith('^');
        if (negated) body = body.slice(1);
        source += `[${negated ? '^/' : ''}${classBody(body)}]`;
        i = end;
      }
    } else source += escapeRegExp(c);
  }
  const re = ok ? new RegExp(source + '$', 'u') : undefined;
  if (cache.size > 500) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** Index of the `]` closing a class that starts at `from` (after `[`), or -1. */
function classEnd(pattern: string, from: number): number {
  let i = from;
  if (pattern[i] === '^') i++;
  let first = true;
  for (; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (c === ']' && !first) return i;
    first = false;
  }
  return -1;
}

function classBody(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\' && i + 1 < body.length) out += escapeRegExp(body[++i]!);
    else if (c === '-') out += '-';
    else out += escapeRegExp(c);
  }
  return out;
}

function escapeRegExp(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? '\\' + c : c;
}

/** filepath.Match for one element; a malformed pattern matches nothing. */
export function matchElement(pattern: string, name: string): boolean {
  return compile(pattern)?.test(name) ?? false;
}

/** Whether a pattern element is malformed (BuildKit fails the copy with "syntax error in pattern"). */
export function isBadPattern(pattern: string): boolean {
  return compile(pattern) === undefined;
}
