/**
 * Writing values so that BuildKit's word lexer reads them back as intended: a literal inside
 * double quotes, or a legacy `KEY value` value rewritten as one word for `KEY=value`. Inside
 * double quotes the escape token escapes only `"`, `$` and itself; single quotes are literal.
 */

/** `value`, taken literally, in double quotes. */
export function doubleQuoted(value: string, escape: string): string {
  let out = '"';
  for (const ch of value) out += ch === '"' || ch === '$' || ch === escape ? escape + ch : ch;
  return out + '"';
}

/** True when `raw` splits into a single word (no blank outside quotes and escapes). */
export function isOneWord(raw: string, escape: string): boolean {
  let quote = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === escape && quote !== "'") i++;
    else if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === ' ' || ch === '\t') return false;
  }
  return true;
}

/**
 * `raw` (a value as written, unquoted context) as one double-quoted word with the same meaning:
 * escapes and single-quoted text become literals, double-quoted text and variable references
 * are kept as they are.
 */
export function asDoubleQuotedWord(raw: string, escape: string): string {
  let out = '"';
  const literal = (ch: string) => (out += ch === '"' || ch === '$' || ch === escape ? escape + ch : ch);
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === escape) {
      if (i + 1 < raw.length) literal(raw[++i]);
    } else if (ch === "'") {
      const close = raw.indexOf("'", i + 1);
      const end = close < 0 ? raw.length : close;
      for (const c of raw.slice(i + 1, end)) literal(c);
      i = end;
    } else if (ch === '"') {
      const end = closingDoubleQuote(raw, i + 1, escape);
      out += raw.slice(i + 1, end);
      i = end;
    } else if (ch === '$' && raw[i + 1] === '{') {
      const end = closingBrace(raw, i + 2, escape);
      out += raw.slice(i, end + 1);
      i = end;
    } else out += ch;
  }
  return out + '"';
}

function closingDoubleQuote(raw: string, from: number, escape: string): number {
  for (let i = from; i < raw.length; i++) {
    if (raw[i] === escape) i++;
    else if (raw[i] === '"') return i;
  }
  return raw.length;
}

function closingBrace(raw: string, from: number, escape: string): number {
  let depth = 1;
  for (let i = from; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === escape) i++;
    else if (ch === '$' && raw[i + 1] === '{') {
      depth++;
      i++;
    } else if (ch === '}' && --depth === 0) return i;
  }
  return raw.length - 1;
}
