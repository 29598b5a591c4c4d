/**
 * InvalidDuration: HEALTHCHECK's --interval, --timeout, --start-period and --start-interval are Go
 * durations ("30s", "1m30s", "500ms"); BuildKit reads them as written (no variable expansion),
 * and a non-zero duration must be at least 1ms. Quick fix for a bare number: read it as seconds.
 */
import { parseGoDuration } from '../../../goValues';
import { RuleWithOptions } from '../../lint';
import { checkedInstructionsNamed } from './checkedInstructions';
import { flagKindsOf } from './flagKinds';
import { flagValueSpan } from './flagValueSpan';

const DURATION_FLAGS = new Set(['interval', 'timeout', 'start-period', 'start-interval']);

export const invalidDuration: RuleWithOptions = {
  id: 'InvalidDuration',
  locality: 'instruction',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'A HEALTHCHECK duration is not a valid Go duration of at least 1ms.',
  fixable: true,
  check({ model }, report) {
    for (const { instruction, owner } of checkedInstructionsNamed(model, 'HEALTHCHECK')) {
      if (!flagKindsOf(instruction)) continue;
      for (const flag of instruction.flags) {
        if (!DURATION_FLAGS.has(flag.name) || !flag.value) continue;
        const range = flag.valueRange ?? flag.word.range;
        const parsed = parseGoDuration(flag.value);
        if ('error' in parsed) {
          const exact = /^[0-9]+(\.[0-9]+)?$/.test(flag.value) ? flagValueSpan(model, flag, 0, flag.value.length) : undefined;
          const fixes = exact ? [{ title: `Use ${flag.value}s (seconds)`, edits: [{ range: exact, newText: `${flag.value}s` }], preferred: true }] : [];
          report({ range, message: `${parsed.error} (--${flag.name} takes a duration like 30s, 1m30s or 500ms)`, fixes, instruction: owner });
        } else if (parsed.nanoseconds !== 0n && parsed.nanoseconds < 1_000_000n) {
          report({ range, message: `Interval "${flag.name}" cannot be less than 1ms`, instruction: owner });
        }
      }
    }
  },
};
