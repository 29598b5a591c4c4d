/**
 * Go's strconv parsers as BuildKit calls them, with Go's exact acceptance rules and error texts:
 * a value the editor accepts is one the builder accepts.
 */
import { quoteGo } from '../../../lineParsers';

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
