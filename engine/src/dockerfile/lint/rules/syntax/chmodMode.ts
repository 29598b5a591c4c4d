/**
 * The `--chmod` values BuildKit accepts on COPY and ADD (dispatchCopy): an octal mode up to 07777,
 * or a symbolic mode as chmod(1) writes it (`u+x`, `a=rX,go-w`), parsed with dchapes-mode's grammar.
 */
import { parseGoUint } from '../../../goValues';

/** BuildKit's error for a non-empty chmod value, or undefined when it accepts it. */
export function chmodError(chmod: string): string | undefined {
  const nonOctal = `invalid chmod parameter: '${chmod}'. it should be octal string and between 0 and 07777`;
  const octal = parseGoUint(chmod, 8, 32);
  if ('value' in octal) return octal.value > 0o7777n ? nonOctal : undefined;
  if (chmod[0] >= '0' && chmod[0] <= '9') return nonOctal;
  return validSymbolicMode(chmod) ? undefined : `invalid chmod parameter: '${chmod}': invalid syntax (write an octal mode like 0755 or a symbolic one like u+x)`;
}

/** dchapes-mode's ParseWithUmask grammar: clauses of [ugoa]* then one or more op+perms, comma separated. */
function validSymbolicMode(mode: string): boolean {
  let i = 0;
  for (;;) {
    while (i < mode.length && 'augo'.includes(mode[i])) i++;
    if (i >= mode.length) return false;
    for (;;) {
      if (!'+-='.includes(mode[i])) return false;
      i++;
      while (i < mode.length && 'rstwXxugo'.includes(mode[i])) i++;
      if (i >= mode.length) return true;
      if (mode[i] === ',') break;
    }
    i++;
  }
}
