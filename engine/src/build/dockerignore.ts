/**
 * Docker's `.dockerignore` semantics, exactly as moby/patternmatcher and its ignorefile reader
 * implement them, so the builder leaves out what `docker build` leaves out and the editor warns
 * about what BuildKit warns about:
 * - reading a file: a UTF-8 BOM is dropped, lines starting with `#` are comments (only when the
 *   `#` is the first character), surrounding spaces are trimmed, each pattern is cleaned like a
 *   path (`./a/../b` → `b`) and a leading `/` is removed; `!` marks an exception;
 * - matching: `*` and `?` stay within one path element, `**` spans any number of them, `[...]`
 *   and `\` escapes work as in Go's filepath.Match; every pattern is tried in order and the last
 *   one that matches decides (a `!` pattern re-includes); a path also matches when one of its
 *   parent directories does.
 * Pure: text in, matcher out. Reading the file from disk is `ignoreFile.ts`.
 */
const GO_SPACE = '\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const TRIM = new RegExp(`^[${GO_SPACE}]+|[${GO_SPACE}]+$`, 'g');

/** Go's strings.TrimSpace. */
function trimSpace(text: string): string {
  return text.replace(TRIM, '');
}

/** The patterns of an ignore file's text, as Docker's ignorefile.ReadAll returns them. */
export function parseIgnorePatterns(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const patterns: string[] = [];
  lines.forEach((raw, index) => {
    let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (index === 0 && line.startsWith('\ufeff')) line = line.slice(1);
    if (line.startsWith('#')) return;
    let pattern = trimSpace(line);
    if (!pattern) return;
    const invert = pattern[0] === '!';
    if (invert) pattern = trimSpace(pattern.slice(1));
    if (pattern) {
      pattern = cleanPath(pattern);
      if (pattern.length > 1 && pattern[0] === '/') pattern = pattern.slice(1);
    }
    patterns.push(invert ? '!' + pattern : pattern);
  });
  return patterns;
}

/** Go's path.Clean: the shortest equivalent slash-separated path ("" → "."). */
export function cleanPath(path: string): string {
  if (path === '') return '.';
  const rooted = path[0] === '/';
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(part);
  }
  const joined = (rooted ? '/' : '') + out.join('/');
  return joined || (rooted ? '/' : '.');
}

/** Go's path.Dir. */
function dirName(path: string): string {
  const slash = path.lastIndexOf('/');
  return cleanPath(path.slice(0, slash + 1));
}

export interface IgnorePattern {
  /** The cleaned pattern without its `!`. */
  readonly text: string;
  /** A `!` pattern: paths it matches are included again. */
  readonly exclusion: boolean;
}

export interface IgnoreMatcher {
  readonly patterns: readonly IgnorePattern[];
  /** True when some pattern starts with `!`. */
  readonly hasExclusions: boolean;
  /**
   * Whether a slash-separated path relative to the context root is ignored (patternmatcher's
   * MatchesOrParentMatches): the path or one of its parent directories matches.
   */
  matches(path: string): boolean;
}

interface CompiledPattern extends IgnorePattern {
  test(path: string): boolean;
}

/**
 * A matcher for ignore patterns (as parsed by `parseIgnorePatterns`). Throws when a pattern is
 * malformed, as Docker refuses such a file too.
 */
export function createIgnoreMatcher(patterns: readonly string[]): IgnoreMatcher {
  const compiled: CompiledPattern[] = [];
  let hasExclusions = false;
  for (const raw of patterns) {
    let text = trimSpace(raw);
    if (!text) continue;
    text = cleanPath(text);
    let exclusion = false;
    if (text[0] === '!') {
      if (text.length === 1) throw new Error('.dockerignore: illegal exclusion pattern "!"; write the path to re-include after the "!"');
      exclusion = true;
      hasExclusions = true;
      text = text.slice(1);
    }
    const problem = globSyntaxError(text);
    if (problem) throw new Error(`.dockerignore: pattern "${raw}" is malformed (${problem}); fix or remove that line`);
    compiled.push({ text, exclusion, test: compilePattern(text) });
  }
  return {
    patterns: compiled.map(({ text, exclusion }) => ({ text, exclusion })),
    hasExclusions,
    matches: (path) => matchesOrParentMatches(compiled, path),
  };
}

function matchesOrParentMatches(patterns: readonly CompiledPattern[], path: string): boolean {
  const parent = dirName(path);
  let parents: string[] | undefined;
  let matched = false;
  for (const pattern of patterns) {
    // An inclusion cannot change a path that is already ignored, nor an exclusion one that is not.
    if (pattern.exclusion !== matched) continue;
    let match = pattern.test(path);
    if (!match && parent !== '.') {
      parents ??= parentPrefixes(parent);
      match = parents.some((p) => pattern.test(p));
    }
    if (match) matched = !pattern.exclusion;
  }
  return matched;
}

/** "a/b/c" → ["a", "a/b", "a/b/c"] (splitting "/" gives ["", "/"], as Go's loop does). */
function parentPrefixes(parent: string): string[] {
  const dirs = parent.split('/');
  const out: string[] = [];
  for (let i = 0; i < dirs.length; i++) out.push(dirs.slice(0, i + 1).join('/'));
  return out;
}

/**
 * Go's filepath.Match syntax check: `\` must escape something, and a `[` class needs at least
 * one range and a closing `]`, with no bare `-` or `]` where a character is expected.
 */
function globSyntaxError(pattern: string): string | undefined {
  const chars = Array.from(pattern);
  const escaped = (i: number): { next: number; error?: string } => {
    if (i >= chars.length || chars[i] === '-' || chars[i] === ']') return { next: i, error: 'unclosed or empty "["' };
    if (chars[i] === '\\') {
      i++;
      if (i >= chars.length) return { next: i, error: 'trailing "\\"' };
    }
    i++;
    return i >= chars.length ? { next: i, error: 'unclosed "["' } : { next: i };
  };
  for (let i = 0; i < chars.length; ) {
    const ch = chars[i];
    if (ch === '\\') {
      if (i + 1 >= chars.length) return 'trailing "\\"';
      i += 2;
    } else if (ch === '[') {
      i++;
      if (chars[i] === '^') i++;
      for (let ranges = 0; ; ranges++) {
        if (chars[i] === ']' && ranges > 0) {
          i++;
          break;
        }
        const lo = escaped(i);
        if (lo.error) return lo.error;
        i = lo.next;
        if (chars[i] === '-') {
          const hi = escaped(i + 1);
          if (hi.error) return hi.error;
          i = hi.next;
        }
      }
    } else i++;
  }
  return undefined;
}

const REGEXP_SYNTAX = new Set(Array.from('^$\\.*+?()[]{}|/'));
const PATTERN_ESCAPED = new Set(Array.from('.+()|{}$'));
const GO_CLASS_ESCAPES = new Set(Array.from('dDsSwW'));

/**
 * patternmatcher's compile: an exact string, a `prefix**`, a `**suffix`, or a regular expression.
 * The regular expression is built as patternmatcher builds its Go one, with escapes rewritten
 * so that JavaScript reads them the same way.
 */
function compilePattern(pattern: string): (path: string) => boolean {
  const chars = Array.from(pattern);
  let source = '^';
  let type: 'exact' | 'prefix' | 'suffix' | 'regexp' = 'exact';
  let inClass = false;
  let invalid = false;
  for (let i = 0, token = 0; i < chars.length; i++, token++) {
    const ch = chars[i];
    if (ch === '*') {
      if (chars[i + 1] === '*') {
        i++;
        if (chars[i + 1] === '/') i++;
        if (i + 1 >= chars.length) {
          if (type === 'exact') type = 'prefix';
          else {
            source += '.*';
            type = 'regexp';
          }
        } else {
          source += '(.*/)?';
          type = 'regexp';
        }
        if (token === 0) type = 'suffix';
      } else {
        source += '[^/]*';
        type = 'regexp';
      }
    } else if (ch === '?') {
      source += '[^/]';
      type = 'regexp';
    } else if (PATTERN_ESCAPED.has(ch)) {
      source += '\\' + ch;
    } else if (ch === '\\') {
      if (i + 1 < chars.length) {
        const next = chars[++i];
        if (GO_CLASS_ESCAPES.has(next)) source += '\\' + next;
        else if (/\p{L}|\p{N}/u.test(next)) invalid = true; // Go's regexp rejects other letter escapes.
        else source += REGEXP_SYNTAX.has(next) || (inClass && next === '-') ? '\\' + next : next;
        type = 'regexp';
      } else source += '\\\\';
    } else if (ch === '[' || ch === ']') {
      // A "]" that closes nothing is a literal to Go; JavaScript's unicode mode wants it escaped.
      source += ch === ']' && !inClass ? '\\]' : ch;
      inClass = ch === '[';
      type = 'regexp';
    } else source += ch;
  }
  switch (type) {
    case 'exact':
      return (path) => path === pattern;
    case 'prefix': {
      const prefix = pattern.slice(0, -2);
      return (path) => path.startsWith(prefix);
    }
    case 'suffix': {
      const suffix = pattern.slice(2);
      return (path) => path.endsWith(suffix) || (suffix[0] === '/' && path === suffix.slice(1));
    }
    case 'regexp': {
      let re: RegExp | undefined;
      try {
        re = invalid ? undefined : new RegExp(source + '$', 'u');
      } catch {
        re = undefined;
      }
      // Docker fails the match of a pattern its regexp engine cannot compile; nothing matches it.
      return re ? (path) => re.test(path) : () => false;
    }
  }
}
