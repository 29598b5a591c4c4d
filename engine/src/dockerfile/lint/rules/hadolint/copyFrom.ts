/** The stage or image a `COPY --from=` names, as DL3022 and DL3023 compare it. */
import { Instruction } from '../../../model';
import { LintContext } from '../../rule';
import { dropQuotes } from './quotes';

/** The --from value, quotes dropped and variables expanded; undefined when a variable has no value. */
export function expandedFrom(context: LintContext, instruction: Instruction, value: string): string | undefined {
  const unquoted = dropQuotes(value);
  if (!unquoted.includes('$')) return unquoted;
  const expanded = context.scopes.expand(unquoted, context.scopes.before(instruction));
  return expanded.error || expanded.unmatched.length ? undefined : expanded.value;
}
