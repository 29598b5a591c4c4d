/**
 * BuildKit's "did you mean" (util/suggest): the option closest to a mistyped value by Levenshtein
 * distance, if it is closer than 3 edits, and nothing when the value is itself an option. Rules use
 * it both for BuildKit's message suffix and for their quick fix, so the two agree.
 */
export function levenshtein(a: string, b: string): number {
  const s = Array.from(a);
  const t = Array.from(b);
  if (!s.length) return t.length;
  if (!t.length) return s.length;
  let previous = new Array<number>(t.length + 1);
  let current = new Array<number>(t.length + 1);
  for (let j = 0; j <= t.length; j++) previous[j] = j;
  for (let i = 1; i <= s.length; i++) {
    current[0] = i;
    for (let j = 1; j <= t.length; j++) {
      const substitution = previous[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    [previous, current] = [current, previous];
  }
  return previous[t.length];
}

/**
 * BuildKit's suggest.Search. Case-insensitive searches answer in the case the user typed (all
 * lower, all upper, or the option's lower case form otherwise), as BuildKit's matchCase does.
 */
export function closestMatch(value: string, options: readonly string[], caseSensitive: boolean): string | undefined {
  const wanted = caseSensitive ? value : value.toLowerCase();
  let match: string | undefined;
  let best = 3;
  for (const option of options) {
    const candidate = caseSensitive ? option : option.toLowerCase();
    if (candidate === wanted) return undefined;
    const distance = levenshtein(wanted, candidate);
    if (distance < best) {
      best = distance;
      match = caseSensitive ? candidate : matchCase(candidate, value);
    }
  }
  return match;
}

function matchCase(option: string, typed: string): string {
  if (typed === typed.toLowerCase()) return option.toLowerCase();
  if (typed === typed.toUpperCase()) return option.toUpperCase();
  return option;
}

/** BuildKit's message suffix: ` (did you mean x?)`, or "" without a suggestion. */
export function didYouMean(suggestion: string | undefined): string {
  return suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`;
}
