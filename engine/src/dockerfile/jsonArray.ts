/**
 * Recognises the exec (JSON) form of an instruction exactly as BuildKit does: the whole argument
 * text must be one valid JSON value (Go's encoding/json rules), that value must be an array, and
 * every element must be a string. Valid JSON that is not an array of strings is an error in
 * BuildKit ("arrays must be comprised of strings only"); anything else that fails is simply the
 * shell form. Element offsets are kept so the editor can point at each string.
 */
export interface JsonString {
  readonly value: string;
  /** Offsets in the parsed text: the opening quote and just past the closing quote. */
  readonly start: number;
  readonly end: number;
}

export type JsonArrayResult =
  | { readonly kind: 'strings'; readonly items: JsonString[] }
  | { readonly kind: 'notStrings' }
  | { readonly kind: 'notJson' };

/** The exec form the quick fixes write for `items`: `["a", "b"]`. */
export function formatJsonArray(items: readonly string[]): string {
  return `[${items.map((item) => JSON.stringify(item)).join(', ')}]`;
}

/** Go's decoder refuses nesting deeper than this; deeper input is then not JSON at all. */
const MAX_DEPTH = 10000;

class JsonSyntaxError extends Error {}

export function parseJsonArray(text: string): JsonArrayResult {
  let i = 0;
  const ws = () => {
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i++;
      else break;
    }
  };
  const fail = (): never => {
    throw new JsonSyntaxError();
  };

  const string = (): JsonString => {
    const start = i++;
    let value = '';
    for (;;) {
      if (i >= text.length) fail();
      const c = text.charCodeAt(i);
      if (c === 0x22) break;
      if (c < 0x20) fail();
      if (c !== 0x5c) {
        const runEnd = nextSpecial(text, i);
        value += text.slice(i, runEnd);
        i = runEnd;
        continue;
      }
      const e = text[i + 1];
      i += 2;
      switch (e) {
        case '"': value += '"'; break;
        case '\\': value += '\\'; break;
        case '/': value += '/'; break;
        case 'b': value += '\b'; break;
        case 'f': value += '\f'; break;
        case 'n': value += '\n'; break;
        case 'r': value += '\r'; break;
        case 't': value += '\t'; break;
        case 'u': {
          const hex = text.slice(i, i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail();
          value += String.fromCharCode(parseInt(hex, 16));
          i += 4;
          break;
        }
        default:
          fail();
      }
    }
    i++;
    return { value, start, end: i };
  };

  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };

  const number = () => {
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 512));
    if (!m || !m[0] || m[0] === '-') fail();
    i += m![0].length;
  };

  const key = () => {
    ws();
    if (text[i] !== '"') fail();
    string();
    ws();
    if (text[i++] !== ':') fail();
  };

  /**
   * Validates one JSON value and returns it when it is a string. Containers are walked with an
   * explicit stack so hostile nesting cannot overflow the call stack.
   */
  const value = (depth: number): JsonString | null => {
    const closers: string[] = [];
    let result: JsonString | null = null;
    for (;;) {
      ws();
      const c = text[i];
      let done = false;
      if (c === '[' || c === '{') {
        if (depth + closers.length >= MAX_DEPTH) fail();
        i++;
        closers.push(c === '[' ? ']' : '}');
        ws();
        if (text[i] === closers[closers.length - 1]) {
          i++;
          closers.pop();
          done = true;
        } else if (c === '{') key();
      } else {
        if (c === '"') result = string();
        else if (c === 't') literal('true');
        else if (c === 'f') literal('false');
        else if (c === 'n') literal('null');
        else number();
        done = true;
      }
      while (done) {
        if (!closers.length) return result;
        result = null;
        ws();
        if (text[i] === ',') {
          i++;
          if (closers[closers.length - 1] === '}') key();
          done = false;
        } else if (text[i] === closers[closers.length - 1]) {
          i++;
          closers.pop();
        } else fail();
      }
    }
  };

  try {
    ws();
    if (text[i] !== '[') return { kind: 'notJson' };
    i++;
    ws();
    const items: JsonString[] = [];
    let allStrings = true;
    if (text[i] === ']') i++;
    else {
      for (;;) {
        ws();
        const item = value(1);
        if (item) items.push(item);
        else allStrings = false;
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          break;
        }
        fail();
      }
    }
    ws();
    if (i !== text.length) return { kind: 'notJson' };
    return allStrings ? { kind: 'strings', items } : { kind: 'notStrings' };
  } catch (err) {
    if (err instanceof JsonSyntaxError) return { kind: 'notJson' };
    throw err;
  }
}

function nextSpecial(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22 || c === 0x5c || c < 0x20) break;
    i++;
  }
  return i;
}
