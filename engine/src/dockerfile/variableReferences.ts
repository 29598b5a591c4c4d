/**
 * Finds `$NAME` and `${NAME...}` references in instruction text, with where each name was written.
 * The rules follow the builder's lexer: the escape token hides the next character, single quotes
 * hide everything up to the closing quote, and `${A:-$B}` holds two references. Shell syntax that
 * is not a variable (`$(cmd)`, `$1`, `$@`) is not a reference.
 */
export interface VariableReference {
  readonly name: string;
  /** Offsets of the name inside the scanned text. */
  readonly nameStart: number;
  readonly nameEnd: number;
  /** Offsets of the whole reference, `$` to the closing `}`. */
  readonly start: number;
  readonly end: number;
  /** The modifier after the name in `${NAME:-x}` (":-"), or "" for `$NAME` and `${NAME}`. */
  readonly modifier: string;
}

const NAME_START = /[\p{L}_]/u;
const NAME_PART = /[\p{L}\p{Nd}_]/u;

export function findVariableReferences(text: string, escape: string, out: VariableReference[] = []): VariableReference[] {
  scan(text, 0, text.length, escape, out, false);
  return out;
}

/** Scans [from, to); returns where it stopped (at `to`, or after an unmatched `}` when nested). */
function scan(text: string, from: number, to: number, escape: string, out: VariableReference[], nested: boolean): number {
  let inDouble = false;
  let i = from;
  while (i < to) {
    const ch = text[i];
    if (ch === escape) {
      i += 2;
      continue;
    }
    if (ch === "'" && !inDouble) {
      const close = text.indexOf("'", i + 1);
      i = close < 0 || close >= to ? to : close + 1;
      continue;
    }
    if (ch === '"') {
      inDouble = !inDouble;
      i++;
      continue;
    }
    if (nested && ch === '}') return i;
    if (ch === '$') {
      i = reference(text, i, to, escape, out);
      continue;
    }
    i++;
  }
  return i;
}

function reference(text: string, dollar: number, to: number, escape: string, out: VariableReference[]): number {
  let i = dollar + 1;
  if (text[i] !== '{') {
    if (i >= to || !NAME_START.test(text[i])) return i;
    const nameStart = i;
    while (i < to && NAME_PART.test(text[i])) i++;
    out.push({ name: text.slice(nameStart, i), nameStart, nameEnd: i, start: dollar, end: i, modifier: '' });
    return i;
  }
  i++;
  const nameStart = i;
  if (i < to && NAME_START.test(text[i])) while (i < to && NAME_PART.test(text[i])) i++;
  const nameEnd = i;
  if (nameEnd === nameStart) {
    // `${1}`, `${@}`, `${}`: not a named reference; skip to the closing brace.
    const close = text.indexOf('}', i);
    return close < 0 || close >= to ? to : close + 1;
  }
  let modifier = '';
  if (text[i] === ':') modifier += text[i++];
  if (i < to && '-+?#%/'.includes(text[i])) {
    modifier += text[i++];
    if ((text[i] === '#' || text[i] === '%' || text[i] === '/') && text[i] === modifier[modifier.length - 1]) modifier += text[i++];
  }
  const index = out.length;
  const close = text[i] === '}' ? i : scan(text, i, to, escape, out, true);
  const end = close < to ? close + 1 : to;
  out.splice(index, 0, { name: text.slice(nameStart, nameEnd), nameStart, nameEnd, start: dollar, end, modifier });
  return end;
}
