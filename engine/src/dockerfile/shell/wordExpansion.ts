/**
 * Whether the shell changes a word before passing it on: parameter, command and arithmetic
 * expansions, globs, brace expansion and a leading tilde do; quotes and escapes only remove
 * themselves.
 */
import type { WordPart } from 'unbash';

export function expandsWord(text: string, parts: readonly WordPart[] | undefined): boolean {
  if (text.charCodeAt(0) === 126 /* ~ */) return true;
  if (!parts) return false;
  for (const p of parts) {
    switch (p.type) {
      case 'Literal':
      case 'SingleQuoted':
      case 'AnsiCQuoted':
        break;
      case 'DoubleQuoted':
      case 'LocaleString':
        for (const c of p.parts) if (c.type !== 'Literal') return true;
        break;
      default:
        return true;
    }
  }
  return false;
}
