// How BuildKit's history lines print values (Go's fmt): `%v` of a string slice is `[a b]`, `%q`
// is `["a" "b"]`, a duration prints as time.Duration.String() (`1m30s`, `500ms`, `0s`). The image
// config's created_by strings use these, so Berth's history reads exactly like Docker's.
import { quoteGo } from '../dockerfile/lineParsers';

export function goList(items: readonly string[]): string {
  return `[${items.join(' ')}]`;
}

export function goQuotedList(items: readonly string[]): string {
  return `[${items.map(quoteGo).join(' ')}]`;
}

/** Go's strconv.FormatFloat(v, 'f', -1, 64) for the fractional part of a duration. */
function fraction(value: bigint, unit: bigint): string {
  const whole = value / unit;
  let rest = value % unit;
  if (rest === 0n) return whole.toString();
  let digits = '';
  let scale = unit;
  while (rest > 0n) {
    scale /= 10n;
    digits += (rest / scale).toString();
    rest %= scale;
  }
  return `${whole}.${digits}`;
}

/** time.Duration(ns).String(). */
export function goDuration(ns: bigint): string {
  if (ns === 0n) return '0s';
  const negative = ns < 0n;
  const abs = negative ? -ns : ns;
  let out: string;
  if (abs < 1000n) out = `${abs}ns`;
  else if (abs < 1_000_000n) out = `${fraction(abs, 1000n)}µs`;
  else if (abs < 1_000_000_000n) out = `${fraction(abs, 1_000_000n)}ms`;
  else {
    const hours = abs / 3_600_000_000_000n;
    const minutes = (abs / 60_000_000_000n) % 60n;
    const seconds = fraction(abs % 60_000_000_000n, 1_000_000_000n);
    out = hours > 0n ? `${hours}h${minutes}m${seconds}s` : minutes > 0n ? `${minutes}m${seconds}s` : `${seconds}s`;
  }
  return negative ? `-${out}` : out;
}
