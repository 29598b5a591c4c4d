/**
 * Go's value parsers as BuildKit calls them (strconv's ParseBool/ParseUint/ParseInt/Atoi/ParseFloat
 * and time.ParseDuration), with Go's exact acceptance rules and error texts: a value the editor
 * accepts is one the builder accepts.
 */
import { quoteGo } from './lineParsers';

export type IntResult = { readonly value: bigint } | { readonly error: string };

/** strconv.ParseBool. */
export function parseGoBool(text: string): boolean | undefined {
  switch (text) {
    case '1': case 't': case 'T': case 'TRUE': case 'true': case 'True':
      return true;
    case '0': case 'f': case 'F': case 'FALSE': case 'false': case 'False':
      return false;
    default:
      return undefined;
  }
}

const DIGITS: Record<number, RegExp> = { 8: /^[0-7]+$/, 10: /^[0-9]+$/ };

/** strconv.ParseUint(text, base, bitSize) for base 8 or 10 (no prefixes, no underscores). */
export function parseGoUint(text: string, base: 8 | 10, bitSize: number): IntResult {
  const fn = 'strconv.ParseUint';
  if (!DIGITS[base].test(text)) return { error: `${fn}: parsing ${quoteGo(text)}: invalid syntax` };
  const value = base === 8 ? BigInt('0o' + text) : BigInt(text);
  if (value >= 1n << BigInt(bitSize)) return { error: `${fn}: parsing ${quoteGo(text)}: value out of range` };
  return { value };
}

/** strconv.ParseInt(text, 10, bitSize); bitSize 0 means 64, as on the builder's platforms. */
export function parseGoInt(text: string, bitSize: number): IntResult {
  const fn = 'strconv.ParseInt';
  const bits = BigInt(bitSize || 64);
  const sign = text[0] === '-' || text[0] === '+' ? text[0] : '';
  const digits = text.slice(sign.length);
  if (!/^[0-9]+$/.test(digits)) return { error: `${fn}: parsing ${quoteGo(text)}: invalid syntax` };
  const value = sign === '-' ? -BigInt(digits) : BigInt(digits);
  const limit = 1n << (bits - 1n);
  if (value >= limit || value < -limit) return { error: `${fn}: parsing ${quoteGo(text)}: value out of range` };
  return { value };
}

/** strconv.Atoi (ParseInt with base 10 and 64 bits); undefined when it fails. */
export function goAtoi(text: string): bigint | undefined {
  const r = parseGoInt(text, 64);
  return 'value' in r ? r.value : undefined;
}

const DECIMAL_FLOAT = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;
const HEX_FLOAT = /^[+-]?0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)[pP][+-]?[0-9]+$/;
const SPECIAL_FLOAT = /^[+-]?(?:inf|infinity|nan)$/i;

/** strconv.ParseFloat(text, 64) for the forms a size can take; undefined when Go rejects it. */
export function parseGoFloat(text: string): number | undefined {
  if (DECIMAL_FLOAT.test(text)) return Number(text);
  if (HEX_FLOAT.test(text)) return hexFloat(text);
  if (SPECIAL_FLOAT.test(text)) return text.toLowerCase().includes('nan') ? NaN : text[0] === '-' ? -Infinity : Infinity;
  return undefined;
}

function hexFloat(text: string): number {
  const m = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?[0-9]+)$/.exec(text)!;
  const mantissa = parseInt((m[2] || '0') + m[3], 16) / 16 ** m[3].length;
  return (m[1] === '-' ? -1 : 1) * mantissa * 2 ** Number(m[4]);
}

const UNITS: ReadonlyMap<string, bigint> = new Map([
  ['ns', 1n],
  ['us', 1_000n],
  ['\u00b5s', 1_000n],
  ['\u03bcs', 1_000n],
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);

const LIMIT = 1n << 63n;

export type DurationResult = { readonly nanoseconds: bigint } | { readonly error: string };

/**
 * time.ParseDuration, which BuildKit applies to HEALTHCHECK's interval flags: the same accepted
 * forms ("1h30m", ".5s", "0"), the same overflow limits and the same error texts.
 */
export function parseGoDuration(text: string): DurationResult {
  const invalid = { error: `time: invalid duration ${timeQuote(text)}` };
  let s = text;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-';
    s = s.slice(1);
  }
  if (s === '0') return { nanoseconds: 0n };
  if (s === '') return invalid;
  let total = 0n;
  while (s !== '') {
    if (!(s[0] === '.' || isDigit(s[0]))) return invalid;
    let i = 0;
    let whole = 0n;
    while (i < s.length && isDigit(s[i])) {
      whole = whole * 10n + BigInt(s.charCodeAt(i) - 48);
      if (whole > LIMIT) return invalid;
      i++;
    }
    const hasWhole = i > 0;
    let fraction = 0n;
    let scale = 1n;
    let hasFraction = false;
    if (s[i] === '.') {
      i++;
      const start = i;
      let overflow = false;
      while (i < s.length && isDigit(s[i])) {
        if (!overflow && fraction * 10n + 9n < LIMIT) {
          fraction = fraction * 10n + BigInt(s.charCodeAt(i) - 48);
          scale *= 10n;
        } else overflow = true;
        i++;
      }
      hasFraction = i > start;
    }
    if (!hasWhole && !hasFraction) return invalid;
    s = s.slice(i);
    let unitEnd = 0;
    while (unitEnd < s.length && s[unitEnd] !== '.' && !isDigit(s[unitEnd])) unitEnd++;
    if (unitEnd === 0) return { error: `time: missing unit in duration ${timeQuote(text)}` };
    const unitName = s.slice(0, unitEnd);
    s = s.slice(unitEnd);
    const unit = UNITS.get(unitName);
    if (unit === undefined) return { error: `time: unknown unit ${timeQuote(unitName)} in duration ${timeQuote(text)}` };
    if (whole > LIMIT / unit) return invalid;
    let value = whole * unit;
    if (fraction > 0n) {
      // Go converts through float64 here; the integer form differs by at most a nanosecond.
      value += BigInt(Math.floor(Number(fraction) * (Number(unit) / Number(scale))));
      if (value > LIMIT) return invalid;
    }
    total += value;
    if (total > LIMIT) return invalid;
  }
  if (negative) return { nanoseconds: -total };
  if (total > LIMIT - 1n) return invalid;
  return { nanoseconds: total };
}

function isDigit(ch: string): boolean {
  return ch >= '0' && ch <= '9';
}

/** time's own quote: printable ASCII as is, everything else as \x escapes of its UTF-8 bytes. */
function timeQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code >= 0x80 || code < 0x20) {
      for (const byte of new TextEncoder().encode(ch)) out += '\\x' + byte.toString(16).padStart(2, '0');
    } else {
      if (ch === '"' || ch === '\\') out += '\\';
      out += ch;
    }
  }
  return out + '"';
}
