/**
 * BuildKit's "did you mean" (util/suggest.Search): the closest candidate at Levenshtein distance
 * below 3, the first one on ties, nothing when the value is itself a candidate. Rules that report
 * a misspelt name use it so their messages read like BuildKit's.
 */

/** Levenshtein distance over code points; with `transpositions`, swapping two neighbours costs 1. */
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

export function suggestName(value: string, candidates: Iterable<string>, caseSensitive: boolean): string | undefined {
  const wanted = caseSensitive ? value : value.toLowerCase();
  let match: string | undefined;
  let best = 3;
  for (const candidate of candidates) {
    const option = caseSensitive ? candidate : candidate.toLowerCase();
    if (option === wanted) return undefined;
    const distance = editDistance(wanted, option);
    if (distance < best) {
      match = caseSensitive ? option : matchCase(option, value);
      best = distance;
    }
  }
  return match;
}

function matchCase(value: string, original: string): string {
  if (original === original.toLowerCase()) return value.toLowerCase();
  if (original === original.toUpperCase()) return value.toUpperCase();
  return value;
}
