/**
 * BuildKit's per-instruction argument parsers, re-done with source positions: given one logical
 * line (continuations joined, comments dropped), split off the keyword and `--flags`, then split
 * the rest the way the builder does for that instruction. The word values are exactly BuildKit's
 * (quotes and escapes kept where BuildKit keeps them), so the printer can reproduce BuildKit's
 * own parse dump and the builder sees what the editor shows.
 */
import { MappedText } from './mappedText';
import { parseJsonArray } from './jsonArray';
import { isBlank, isSpace, trimEndIndex, trimStartIndex } from './whitespace';

/** A piece of an instruction with the source offsets [start, end) it was read from. */
export interface RawWord {
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

/** One instruction as BuildKit's parser sees it (its `Node`), before typing. */
export interface LineNode {
  readonly keyword: RawWord;
  readonly flags: RawWord[];
  /** BuildKit's argument chain; for ENV and LABEL, triples of key, value and "=" or "". */
  readonly args: RawWord[];
  /** ONBUILD's trigger instruction. */
  readonly trigger?: LineNode;
  /** True when the arguments were the exec (JSON array) form. */
  readonly json: boolean;
  /** The argument text after the flags, trimmed. */
  readonly rest: MappedText;
  /** Why BuildKit's parser rejects this line, if it does. */
  readonly error?: string;
}

function word(text: MappedText, start: number, end: number, value = text.text.slice(start, end)): RawWord {
  const [s, e] = text.sourceSpan(start, end);
  return { value, start: s, end: e };
}

/** An empty value standing at a source offset (the "" and "=" separators of ENV/LABEL). */
function marker(value: string, at: number): RawWord {
  return { value, start: at, end: at };
}

export function parseLine(line: MappedText, escape: string): LineNode {
  const text = line.text;
  const begin = trimStartIndex(text);
  const finish = trimEndIndex(text);
  let keywordEnd = begin;
  while (keywordEnd < finish && !isBlank(text[keywordEnd])) keywordEnd++;
  const keyword = word(line, begin, keywordEnd);
  let argsStart = keywordEnd;
  while (argsStart < finish && isBlank(text[argsStart])) argsStart++;

  const flags: RawWord[] = [];
  let restStart = argsStart;
  if (keywordEnd < finish) restStart = extractFlags(line, argsStart, finish, escape, flags);
  const rest = line.slice(trimStartIndex(text, restStart), Math.max(trimStartIndex(text, restStart), trimEndIndex(text, finish)));
  const node = dispatch(keyword.value.toLowerCase(), rest, escape);
  // One object shape for every instruction keeps property access monomorphic in hot loops.
  return { keyword, flags, args: node.args, trigger: node.trigger, json: node.json, rest, error: node.error };
}

type Parsed = { args: RawWord[]; json: boolean; trigger?: LineNode; error?: string };

function dispatch(command: string, rest: MappedText, escape: string): Parsed {
  switch (command) {
    case 'add': case 'copy': case 'volume':
      return parseMaybeJsonToList(rest);
    case 'arg':
      return { args: parseWords(rest, escape), json: false };
    case 'cmd': case 'entrypoint': case 'run': case 'shell':
      return parseMaybeJson(rest);
    case 'env':
      return parseNameValue(rest, 'ENV', escape);
    case 'label':
      return parseNameValue(rest, 'LABEL', escape);
    case 'expose': case 'from':
      return { args: splitBlank(rest), json: false };
    case 'healthcheck':
      return parseHealthcheck(rest);
    case 'maintainer': case 'stopsignal': case 'user': case 'workdir':
      return { args: rest.length ? [word(rest, 0, rest.length)] : [], json: false };
    case 'onbuild':
      return rest.length ? { args: [], json: false, trigger: parseLine(rest, escape) } : { args: [], json: false };
    default:
      // BuildKit keeps one empty argument for instructions it does not know.
      return { args: [marker('', rest.sourceOffset(0))], json: false };
  }
}

/**
 * Reads leading `--name[=value]` words. Quotes group and are dropped, the escape token escapes the
 * next character, and a bare `--` ends the flags. Returns where the remaining arguments start.
 */
function extractFlags(line: MappedText, from: number, to: number, escape: string, flags: RawWord[]): number {
  const text = line.text;
  let pos = from;
  for (;;) {
    while (pos < to && isSpace(text[pos])) pos++;
    if (pos >= to) return to;
    if (text[pos] !== '-' || pos + 1 >= to || text[pos + 1] !== '-') return pos;
    const start = pos;
    let value = '';
    let quote = '';
    let blankOk = false;
    for (; pos < to; pos++) {
      const ch = text[pos];
      if (quote) {
        if (ch === quote) quote = '';
        else if (ch === escape) {
          if (pos + 1 < to) value += text[++pos];
          else quote = '';
        } else value += ch;
        continue;
      }
      if (isSpace(ch)) break;
      if (ch === "'" || ch === '"') {
        quote = ch;
        blankOk = true;
      } else if (ch === escape) {
        if (pos + 1 < to) value += text[++pos];
      } else value += ch;
    }
    if (value === '--') return pos;
    if (blankOk || value.length) flags.push(word(line, start, pos, value));
  }
}

/**
 * Splits into words the way BuildKit's parseWords does for ENV, LABEL and ARG: whitespace
 * separates, quotes group (and are kept), the escape token keeps itself and the next character.
 */
export function parseWords(rest: MappedText, escape: string): RawWord[] {
  const text = rest.text;
  const words: RawWord[] = [];
  let value = '';
  let start = -1;
  let quote = '';
  let blankOk = false;
  const flush = (end: number) => {
    if (blankOk || value.length) words.push(word(rest, start, end, value));
    value = '';
    start = -1;
    blankOk = false;
  };
  for (let pos = 0; pos < text.length; pos++) {
    const ch = text[pos];
    if (start < 0) {
      if (isSpace(ch)) continue;
      start = pos;
    }
    if (quote) {
      if (ch === quote) quote = '';
      if (ch === escape && quote !== "'") {
        if (pos + 1 === text.length) {
          quote = '';
          continue;
        }
        value += ch;
        pos++;
        value += text[pos];
        continue;
      }
      value += ch;
      continue;
    }
    if (isSpace(ch)) {
      flush(pos);
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      blankOk = true;
    }
    if (ch === escape) {
      if (pos + 1 === text.length) continue;
      value += ch;
      pos++;
      value += text[pos];
      continue;
    }
    value += ch;
  }
  if (start >= 0) flush(text.length);
  return words;
}

/** Splits on BuildKit's `[\t\v\f\r ]+`, as FROM and EXPOSE do. */
function splitBlank(rest: MappedText, limit = Infinity): RawWord[] {
  const text = rest.text;
  const out: RawWord[] = [];
  if (!text.length) return out;
  let start = 0;
  for (let pos = 0; pos < text.length && out.length < limit - 1; pos++) {
    if (!isBlank(text[pos])) continue;
    out.push(word(rest, start, pos));
    while (pos + 1 < text.length && isBlank(text[pos + 1])) pos++;
    start = pos + 1;
  }
  out.push(word(rest, start, text.length));
  return out;
}

function parseMaybeJson(rest: MappedText): Parsed {
  if (!rest.length) return { args: [], json: false };
  const json = parseJsonArray(rest.text);
  if (json.kind === 'strings') return { args: json.items.map((s) => word(rest, s.start, s.end, s.value)), json: true };
  if (json.kind === 'notStrings') return { args: [], json: false, error: 'when using JSON array syntax, arrays must be comprised of strings only' };
  return { args: [word(rest, 0, rest.length)], json: false };
}

function parseMaybeJsonToList(rest: MappedText): Parsed {
  const json = parseJsonArray(rest.text);
  if (json.kind === 'strings') return { args: json.items.map((s) => word(rest, s.start, s.end, s.value)), json: true };
  if (json.kind === 'notStrings') return { args: [], json: false, error: 'when using JSON array syntax, arrays must be comprised of strings only' };
  return { args: splitBlank(rest), json: false };
}

function parseHealthcheck(rest: MappedText): Parsed {
  const text = rest.text;
  let sep = 0;
  while (sep < text.length && !isSpace(text[sep])) sep++;
  if (sep === 0) return { args: [], json: false };
  let next = sep;
  while (next < text.length && isSpace(text[next])) next++;
  const command = parseMaybeJson(rest.slice(next));
  return { ...command, args: [word(rest, 0, sep), ...command.args] };
}

/**
 * ENV and LABEL: the legacy `KEY value` form (whitespace before any "=") or `k=v k2=v2`. The
 * result is BuildKit's triples: key, value, and "" for the legacy form or "=" for the other.
 */
function parseNameValue(rest: MappedText, command: string, escape: string): Parsed {
  const words = parseWords(rest, escape);
  if (!words.length) return { args: [], json: false };
  if (!words[0].value.includes('=')) {
    const parts = splitBlank(rest, 2);
    if (parts.length < 2) return { args: [], json: false, error: `${command} must have two arguments` };
    return { args: [parts[0], parts[1], marker('', parts[1].end)], json: false };
  }
  const args: RawWord[] = [];
  for (const w of words) {
    const eq = w.value.indexOf('=');
    if (eq < 0) {
      return { args: [], json: false, error: `Syntax error - can't find = in ${quoteGo(w.value)}. Must be of the form: name=value` };
    }
    // Word characters map one to one onto the source up to the "=", so offsets can be split there.
    args.push({ value: w.value.slice(0, eq), start: w.start, end: w.start + eq });
    args.push({ value: w.value.slice(eq + 1), start: w.start + eq + 1, end: w.end });
    args.push(marker('=', w.start + eq));
  }
  return { args, json: false };
}

/** Go's strconv.Quote, which BuildKit uses in messages and in its parse dump. */
export function quoteGo(value: string): string {
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += '\\' + ch;
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else if (code < 0x80 || code === 0x7f) {
      const short: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v' };
      out += short[ch] ?? '\\x' + code.toString(16).padStart(2, '0');
    } else if (code >= 0xd800 && code <= 0xdfff) out += '\\ufffd';
    else if (/^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch)) out += ch;
    else if (code < 0x10000) out += '\\u' + code.toString(16).padStart(4, '0');
    else out += '\\U' + code.toString(16).padStart(8, '0');
  }
  return out + '"';
}
