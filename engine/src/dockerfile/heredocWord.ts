/**
 * BuildKit's MustParseHeredoc on one argument: true when the word is a `<<WORD` heredoc
 * (a COPY/ADD source that is inline content rather than a path).
 */
import { parseHeredocWord } from './parser';

export function isHeredocWord(word: string): boolean {
  try {
    return parseHeredocWord(word) !== undefined;
  } catch {
    return false;
  }
}
