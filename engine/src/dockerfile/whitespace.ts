/**
 * Character classes with Go's meaning, because BuildKit decides where words and lines split with
 * Go's unicode.IsSpace and a few fixed regular expressions; JavaScript's \s differs (it has U+FEFF
 * and lacks U+0085), and a different split would make the editor disagree with the builder.
 */
export function isSpace(ch: string): boolean {
  switch (ch) {
    case ' ': case '\t': case '\n': case '\v': case '\f': case '\r':
    case '\u0085': case '\u00a0': case '\u1680': case '\u2028': case '\u2029':
    case '\u202f': case '\u205f': case '\u3000':
      return true;
    default:
      return ch >= '\u2000' && ch <= '\u200a';
  }
}

/** BuildKit's `[\t\v\f\r ]` class: the separators of FROM/EXPOSE words and of `KEY value`. */
export function isBlank(ch: string): boolean {
  return ch === ' ' || ch === '\t' || ch === '\v' || ch === '\f' || ch === '\r';
}

/** The first index in [from, to) that is not a space, or `to`. */
export function trimStartIndex(text: string, from = 0, to = text.length): number {
  let i = from;
  while (i < to && isSpace(text[i])) i++;
  return i;
}

export function trimEndIndex(text: string, to = text.length): number {
  let i = to;
  while (i > 0 && isSpace(text[i - 1])) i--;
  return i;
}
