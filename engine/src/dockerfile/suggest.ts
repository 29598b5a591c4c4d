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
  return boundedEditDistance(a, b, Infinity, transpositions);
}

/** Rows reused across calls: UndefinedVar compares every unknown name with every variable in scope. */
let rows: Int32Array[] = [new Int32Array(32), new Int32Array(32), new Int32Array(32)];

/**
 * The edit distance, or `limit` as soon as it is certain to be at least that: every cell of a
 * row is a lower bound for the rest of the table.
 */
function boundedEditDistance(a: string, b: string, limit: number, transpositions: boolean): number {
  const s = SURROGATE.test(a) ? Array.from(a) : a;
  const t = SURROGATE.test(b) ? Array.from(b) : b;
  if (rows[0].length <= t.length) rows = rows.map(() => new Int32Array(t.length * 2 + 1));
  let [before, previous, current] = rows;
  for (let j = 0; j <= t.length; j++) previous[j] = j;
  for (let i = 1; i <= s.length; i++) {
    current[0] = i;
    let rowMinimum = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (transpositions && i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current[j] = d;
      if (d < rowMinimum) rowMinimum = d;
    }
    // With transpositions a cell may also come from two rows up, so only the plain distance stops early.
    if (!transpositions && rowMinimum >= limit) return limit;
    const recycled = before;
    before = previous;
    previous = current;
    current = recycled;
  }
  return previous[t.length];
}

/**
 * suggest.Search. Case-insensitive searches answer in the case the user typed (all lower, all
 * upper, or the option's lower-case form otherwise), as BuildKit's matchCase does.
 */
export function suggest(value: string, options: Iterable<string>, caseSensitive: boolean): string | undefined {
  const wanted = caseSensitive ? value : value.toLowerCase();
  const wantedLength = codePointCount(wanted);
  let match: string | undefined;
  let best = 3;
  for (const option of options) {
    const candidate = caseSensitive ? option : option.toLowerCase();
    if (candidate === wanted) return undefined;
    // The distance is at least the difference in length: most options are ruled out without it
    // (UndefinedVar asks for every unknown name against every variable in scope).
    if (Math.abs(codePointCount(candidate) - wantedLength) >= best) continue;
    const distance = boundedEditDistance(wanted, candidate, best, false);
    if (distance < best) {
      best = distance;
      match = caseSensitive ? candidate : matchCase(candidate, value);
    }
  }
  // BuildKit offers nothing when the closest option is the empty string.
  return match === '' ? undefined : match;
}

const SURROGATE = /[\uD800-\uDFFF]/;

function codePointCount(text: string): number {
  if (!SURROGATE.test(text)) return text.length;
  let count = 0;
  for (const _ of text) count++;
  return count;
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
