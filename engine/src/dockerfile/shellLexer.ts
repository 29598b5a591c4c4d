/**
 * Docker's word processing and variable expansion, with BuildKit's exact semantics: quotes,
 * the escape token (backslash or backtick), `$VAR`, `${VAR}`, `${VAR:-x}`, `${VAR-x}`, `${VAR:+x}`,
 * `${VAR+x}`, `${VAR:?msg}`, `${VAR?msg}`, `${VAR#pat}`, `${VAR##pat}`, `${VAR%pat}`, `${VAR%%pat}`,
 * `${VAR/pat/repl}` and `${VAR//pat/repl}`. This is not a shell: nothing is executed, and command
 * substitution stays literal text, exactly as in a Docker build.
 */
import { isSpace } from './whitespace';

export interface Environment {
  get(name: string): string | undefined;
}

export interface LexOptions {
  /** Keep quote characters in the result (used to tell quoted heredoc delimiters apart). */
  readonly rawQuotes?: boolean;
  /** Keep escape tokens in the result. */
  readonly rawEscapes?: boolean;
  /** Treat quotes as ordinary characters. */
  readonly skipProcessQuotes?: boolean;
  /** Leave references to unset variables as written instead of expanding them to "". */
  readonly skipUnsetEnv?: boolean;
}

export interface LexResult {
  /** The processed text with spaces kept (what ENV, WORKDIR... receive). */
  readonly result: string;
  /** The processed text split into words after expansion (what COPY, EXPOSE... receive). */
  readonly words: string[];
  /** Variables that were referenced and set. */
  readonly matched: ReadonlySet<string>;
  /** Variables that were referenced and not set. */
  readonly unmatched: ReadonlySet<string>;
}

export class ExpansionError extends Error {
  constructor(message: string, readonly source: string) {
    super(`failed to process "${source}": ${message}`);
    this.name = 'ExpansionError';
  }
}

const EOF = '';

export const emptyEnvironment: Environment = { get: () => undefined };

export function mapEnvironment(values: ReadonlyMap<string, string>): Environment {
  return { get: (name) => values.get(name) };
}

import { PatternError, shellPatternToRegExp, trimPrefix, trimSuffix } from './shellPattern';

const NO_NAMES: ReadonlySet<string> = new Set();

/** Expands `text` and returns the result, the words, and which variables were used. */
export function processWord(text: string, env: Environment, escapeToken = '\\', options: LexOptions = {}): LexResult {
  // Most words have nothing to expand, quote or escape: their result is the text itself.
  if (isPlain(text, escapeToken)) return { result: text, words: splitPlain(text), matched: NO_NAMES, unmatched: NO_NAMES };
  const lexer = new WordLexer(text, env, escapeToken, options);
  try {
    return lexer.run();
  } catch (err) {
    if (err instanceof LexFailure || err instanceof PatternError) throw new ExpansionError(err.message, text);
    throw err;
  }
}

class LexFailure extends Error {}

function isPlain(text: string, escapeToken: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '$' || c === "'" || c === '"' || c === '<' || c === escapeToken) return false;
  }
  return true;
}

function splitPlain(text: string): string[] {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const space = i === text.length || isSpace(text[i]);
    if (space) {
      if (start >= 0) words.push(text.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  return words;
}

class Words {
  buf = '';
  words: string[] = [];
  inWord = false;

  addChar(ch: string) {
    if (isSpace(ch)) {
      if (this.inWord && this.buf.length) {
        this.words.push(this.buf);
        this.buf = '';
        this.inWord = false;
      }
    } else this.addRawChar(ch);
  }

  addRawChar(ch: string) {
    this.buf += ch;
    this.inWord = true;
  }

  addString(text: string) {
    for (let i = 0; i < text.length; i++) this.addChar(text[i]);
  }

  addRawString(text: string) {
    this.buf += text;
    this.inWord = true;
  }

  finish(): string[] {
    if (this.buf.length) {
      this.words.push(this.buf);
      this.buf = '';
      this.inWord = false;
    }
    return this.words;
  }
}

/**
 * Reads UTF-16 code units: every character the lexer treats specially is a single unit, and the
 * two halves of a surrogate pair pass through as ordinary characters, one after the other.
 */
class WordLexer {
  private pos = 0;
  private rawEscapes: boolean;
  readonly matched = new Set<string>();
  readonly unmatched = new Set<string>();

  constructor(
    private readonly text: string,
    private readonly env: Environment,
    private readonly escapeToken: string,
    private readonly options: LexOptions,
  ) {
    this.rawEscapes = options.rawEscapes ?? false;
  }

  run(): LexResult {
    const { result, words } = this.processStopOn(EOF, this.rawEscapes);
    return { result, words, matched: this.matched, unmatched: this.unmatched };
  }

  private peek(): string {
    return this.pos < this.text.length ? this.text[this.pos] : EOF;
  }

  private next(): string {
    return this.pos < this.text.length ? this.text[this.pos++] : EOF;
  }

  private processStopOn(stop: string, rawEscapes: boolean): { result: string; words: string[] } {
    let result = '';
    const words = new Words();
    const saved = this.rawEscapes;
    this.rawEscapes = rawEscapes;
    try {
      while (this.peek() !== EOF) {
        const ch = this.peek();
        if (stop !== EOF && ch === stop) {
          this.next();
          return { result, words: words.finish() };
        }
        const special = this.special(ch);
        if (special) {
          const text = special();
          result += text;
          if (ch === '$') words.addString(text);
          else words.addRawString(text);
          continue;
        }
        let c = this.next();
        if (c === this.escapeToken) {
          if (this.rawEscapes) {
            words.addRawChar(c);
            result += c;
          }
          c = this.next();
          if (c === EOF) break;
          words.addRawChar(c);
        } else words.addChar(c);
        result += c;
      }
      if (stop !== EOF) throw new LexFailure(`unexpected end of statement while looking for matching ${stop}`);
      return { result, words: words.finish() };
    } finally {
      this.rawEscapes = saved;
    }
  }

  private special(ch: string): (() => string) | undefined {
    if (ch === '$') return () => this.processDollar();
    if (ch === '<') return () => this.processPossibleHeredoc();
    if (!this.options.skipProcessQuotes) {
      if (ch === "'") return () => this.processSingleQuote();
      if (ch === '"') return () => this.processDoubleQuote();
    }
    return undefined;
  }

  private processSingleQuote(): string {
    let result = '';
    const open = this.next();
    if (this.options.rawQuotes) result += open;
    for (;;) {
      const ch = this.next();
      if (ch === EOF) throw new LexFailure('unexpected end of statement while looking for matching single-quote');
      if (ch === "'") {
        if (this.options.rawQuotes) result += ch;
        return result;
      }
      result += ch;
    }
  }

  private processDoubleQuote(): string {
    let result = '';
    const open = this.next();
    if (this.options.rawQuotes) result += open;
    for (;;) {
      const peek = this.peek();
      if (peek === EOF) throw new LexFailure('unexpected end of statement while looking for matching double-quote');
      if (peek === '"') {
        const close = this.next();
        if (this.options.rawQuotes) result += close;
        return result;
      }
      if (peek === '$') {
        result += this.processDollar();
        continue;
      }
      let ch = this.next();
      if (ch === this.escapeToken) {
        if (this.rawEscapes) result += ch;
        const after = this.peek();
        if (after === EOF) continue;
        // Only ", $ and the escape token itself can be escaped inside double quotes.
        if (after === '"' || after === '$' || after === this.escapeToken) ch = this.next();
      }
      result += ch;
    }
  }

  private processDollar(): string {
    this.next();
    if (this.peek() !== '{') {
      const name = this.processName();
      if (!name) return '$';
      const value = this.getEnv(name);
      if (value === undefined && this.options.skipUnsetEnv) return '$' + name;
      return value ?? '';
    }
    this.next();
    const first = this.peek();
    if (first === EOF) throw new LexFailure("syntax error: missing '}'");
    if (first === '{' || first === '}' || first === ':') throw new LexFailure('syntax error: bad substitution');
    const name = this.processName();
    let ch = this.next();
    let modifier = ch;
    // BuildKit reports "unsupported modifier (\ufffd)" here; saying what is missing helps more.
    if (ch === EOF) throw new LexFailure("syntax error: missing '}'");
    if (ch === '}') {
      const value = this.getEnv(name);
      if (value === undefined && this.options.skipUnsetEnv) return '${' + name + '}';
      return value ?? '';
    }
    if (ch === ':') {
      // Whatever follows ":" goes through the modifier path; unknown ones fail after the word is read.
      ch = this.next();
      modifier += ch;
      return this.modified(name, ch, modifier, true);
    }
    if (ch !== EOF && '+-?#%'.includes(ch)) return this.modified(name, ch, modifier, false);
    switch (ch) {
      case '/': {
        const replaceAll = this.peek() === '/';
        if (replaceAll) this.next();
        let pattern: string;
        let replacement: string;
        try {
          pattern = this.processStopOn('/', true).result;
        } catch (err) {
          if (err instanceof LexFailure && this.peek() === EOF) throw new LexFailure("syntax error: missing '/' in ${}");
          throw err;
        }
        try {
          replacement = this.processStopOn('}', true).result;
        } catch (err) {
          if (err instanceof LexFailure && this.peek() === EOF) throw new LexFailure("syntax error: missing '}'");
          throw err;
        }
        const value = this.getEnv(name);
        if (value === undefined && this.options.skipUnsetEnv) return '${' + name + '/' + pattern + '/' + replacement + '}';
        const re = shellPatternToRegExp(pattern, true, false, replaceAll);
        const subject = value ?? '';
        if (replaceAll) return subject.replace(re, () => replacement);
        const m = re.exec(subject);
        return m ? subject.slice(0, m.index) + replacement + subject.slice(m.index + m[0].length) : subject;
      }
      default:
        throw new LexFailure(`unsupported modifier (${modifier}) in substitution`);
    }
  }

  /** `${name<modifier>word}` for the -, +, ?, #, % families (and anything after ":"). */
  private modified(name: string, ch: string, modifier: string, nullIsUnset: boolean): string {
    const patternMode = ch === '#' || ch === '%';
    if (nullIsUnset && patternMode) throw new LexFailure(`unsupported modifier (${modifier}) in substitution`);
    let word: string;
    try {
      word = this.processStopOn('}', patternMode).result;
    } catch (err) {
      if (err instanceof LexFailure && this.peek() === EOF) throw new LexFailure("syntax error: missing '}'");
      throw err;
    }
    const value = this.getEnv(name);
    if (value === undefined && this.options.skipUnsetEnv) return '${' + name + modifier + word + '}';
    const unsetOrNull = value === undefined || (nullIsUnset && value === '');
    switch (ch) {
      case '-':
        return unsetOrNull ? word : value!;
      case '+':
        return unsetOrNull ? '' : word;
      case '?':
        if (value === undefined) throw new LexFailure(`${name}: ${word || 'is not allowed to be unset'}`);
        if (nullIsUnset && value === '') throw new LexFailure(`${name}: ${word || 'is not allowed to be empty'}`);
        return value;
      case '%':
      case '#': {
        const greedy = word.startsWith(ch);
        const pattern = greedy ? word.slice(1) : word;
        return ch === '%' ? trimSuffix(pattern, value ?? '', greedy) : trimPrefix(pattern, value ?? '', greedy);
      }
      default:
        throw new LexFailure(`unsupported modifier (${modifier}) in substitution`);
    }
  }

  /** The next code point as a string (a surrogate pair joined), without consuming it. */
  private peekCodePoint(): string {
    const ch = this.peek();
    const code = ch.charCodeAt(0);
    return code >= 0xd800 && code <= 0xdbff && this.pos + 1 < this.text.length ? ch + this.text[this.pos + 1] : ch;
  }

  private processName(): string {
    let name = '';
    while (this.peek() !== EOF) {
      const ch = this.peekCodePoint();
      if (!name && isDigit(ch)) {
        while (this.peek() !== EOF && isDigit(this.peekCodePoint())) name += this.next();
        return name;
      }
      if (!name && isSpecialParameter(ch)) return this.next();
      if (!isLetter(ch) && !isDigit(ch) && ch !== '_') break;
      name += ch;
      this.pos += ch.length;
    }
    return name;
  }

  private processPossibleHeredoc(): string {
    this.next();
    if (this.peek() !== '<') return '<';
    this.next();
    let space = '';
    while (this.peek() === ' ' || this.peek() === '\t' || this.peek() === '\r') space += this.next();
    return '<<' + space;
  }

  private getEnv(name: string): string | undefined {
    const value = this.env.get(name);
    if (value !== undefined) this.matched.add(name);
    else this.unmatched.add(name);
    return value;
  }
}

function isSpecialParameter(ch: string): boolean {
  return '@*#?-$!0'.includes(ch);
}

const DIGIT = /^\p{Nd}$/u;
const LETTER = /^\p{L}$/u;

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9' ? true : ch.charCodeAt(0) < 0x80 ? false : DIGIT.test(ch);
}

function isLetter(ch: string): boolean {
  const c = ch.charCodeAt(0);
  if (c < 0x80) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return LETTER.test(ch);
}
