/**
 * BuildKit's "did you mean" (util/suggest): the option closest to a mistyped value by Levenshtein
 * distance, if it is closer than 3 edits, the first one on ties, and nothing when the value is
 * itself an option (the error is then about something else) or the closest option is empty. Rules use it both for BuildKit's
 * message suffix and for their quick fix, so the two agree.
 */

/**
 * Levenshtein distance over code points (agext/levenshtein with default costs). With
 * `transpositions`, swapping two neighbours costs 1 (optimal string alignment), which BuildKit
 * never uses but Berth's own near-miss policies do.
 */
export function editDistance(a: string, b: string, transpositions = false): number {
  const s = Array.from(a);
  const t = Array.from(b);
  let before: number[] = [];
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (transpositions && i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current.push(d);
    }
    before = previous;
    previous = current;
  }
  return previous[t.length];
}

/**
 * suggest.Search. Case-insensitive searches answer in the case the user typed (all lower, all
 * upper, or the option's lower-case form otherwise), as BuildKit's matchCase does.
 */
export function suggest(value: string, options: Iterable<string>, caseSensitive: boolean): string | undefined {
  const wanted = caseSensitive ? value : value.toLowerCase();
  let match: string | undefined;
  let best = 3;
  for (const option of options) {
    const candidate = caseSensitive ? option : option.toLowerCase();
    if (candidate === wanted) return undefined;
    const distance = editDistance(wanted, candidate);
    if (distance < best) {
      best = distance;
      match = caseSensitive ? candidate : matchCase(candidate, value);
    }
  }
  // BuildKit offers nothing when the closest option is the empty string.
  return match === '' ? undefined : match;
}

function matchCase(option: string, typed: string): string {
  if (typed === typed.toLowerCase()) return option.toLowerCase();
  if (typed === typed.toUpperCase()) return option.toUpperCase();
  return option;
}

/** BuildKit's message suffix (suggestError): ` (did you mean x?)`, or "" without a suggestion. */
export function didYouMean(suggestion: string | undefined): string {
  return suggestion === undefined ? '' : ` (did you mean ${suggestion}?)`;
}
