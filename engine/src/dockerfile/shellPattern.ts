/**
 * Shell patterns as BuildKit's lexer uses them in `${VAR#pat}`, `${VAR%pat}` and `${VAR/pat/repl}`:
 * `*`, `?` and backslash escapes, no bracket expressions.
 */
export class PatternError extends Error {}

/**
 * A shell pattern (`*`, `?`, backslash escapes; no bracket expressions, as in BuildKit) as a
 * regular expression. `greedy` picks the longest match for `*`.
 */
export function shellPatternToRegExp(pattern: string, greedy: boolean, anchored: boolean, global = false): RegExp {
  const chars = Array.from(pattern);
  let out = anchored ? '^' : '';
  const star = greedy ? '[\\s\\S]*' : '[\\s\\S]*?';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === '*') out += star;
    else if (ch === '?') out += '[\\s\\S]';
    else if (ch === '\\') {
      const next = chars[i + 1];
      // `}` and `/` are escaped only to survive the ${...} syntax; the escape is not part of the pattern.
      if (next === '}' || next === '/') continue;
      if (next !== '*' && next !== '?' && next !== '\\') throw new PatternError(`invalid pattern (${pattern}) in substitution: invalid escape '\\${next ?? ''}'`);
      out += '\\' + next;
      i++;
    } else out += ch.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  }
  return new RegExp(out, global ? 'gu' : 'u');
}

export function trimPrefix(pattern: string, value: string, greedy: boolean): string {
  const m = shellPatternToRegExp(pattern, greedy, true).exec(value);
  return m ? value.slice(m[0].length) : value;
}

/** Shortest or longest suffix match, found by matching the reversed pattern against the reversed value. */
export function trimSuffix(pattern: string, value: string, greedy: boolean): string {
  const reversed = reverse(trimPrefix(reversePattern(pattern), reverse(value), greedy));
  return reversed;
}

function reverse(text: string): string {
  return Array.from(text).reverse().join('');
}

/** Reverses a pattern while keeping each escape in front of the character it escapes. */
function reversePattern(pattern: string): string {
  const chars = Array.from(pattern);
  const out: string[] = new Array(chars.length);
  const last = chars.length - 1;
  for (let i = 0; i <= last; ) {
    const at = last - i;
    if (chars[i] === '\\' && i !== last) {
      out[at - 1] = '\\';
      out[at] = chars[i + 1];
      i += 2;
    } else {
      out[at] = chars[i];
      i++;
    }
  }
  return out.join('');
}
