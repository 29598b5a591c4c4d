/**
 * InvalidSignal: STOPSIGNAL must name a signal BuildKit knows (moby/sys/signal): a Linux signal
 * name with or without SIG, in any case (SIGTERM, term, RTMIN+3), or a non-zero number: "invalid
 * signal: X". Checked after expansion, when the value is certain. Quick fix: the closest name.
 */
import { suggest } from '../../../suggest';
import { goAtoi } from '../../../goValues';
import { RuleWithOptions } from '../../lint';
import { certainValue } from './certainValue';
import { checkedInstructionsNamed } from './checkedInstructions';
import { writtenPlainly } from './writtenPlainly';

const NAMES = [
  'ABRT', 'ALRM', 'BUS', 'CHLD', 'CLD', 'CONT', 'FPE', 'HUP', 'ILL', 'INT', 'IO', 'IOT', 'KILL', 'PIPE', 'POLL', 'PROF', 'PWR', 'QUIT',
  'SEGV', 'STKFLT', 'STOP', 'SYS', 'TERM', 'TRAP', 'TSTP', 'TTIN', 'TTOU', 'URG', 'USR1', 'USR2', 'VTALRM', 'WINCH', 'XCPU', 'XFSZ', 'RTMIN',
  ...Array.from({ length: 15 }, (_, i) => `RTMIN+${i + 1}`),
  ...Array.from({ length: 14 }, (_, i) => `RTMAX-${14 - i}`),
  'RTMAX',
];
const KNOWN = new Set(NAMES);

export const invalidSignal: RuleWithOptions = {
  id: 'InvalidSignal',
  locality: 'stage',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'STOPSIGNAL is not a signal the builder knows.',
  fixable: true,
  check(context, report) {
    for (const { instruction, owner, isTrigger } of checkedInstructionsNamed(context.model, 'STOPSIGNAL')) {
      if (instruction.args.length !== 1) continue;
      const arg = instruction.args[0];
      const signal = certainValue(context, instruction, arg.value, isTrigger)?.value;
      if (signal === undefined || isValidSignal(signal)) continue;
      const upper = signal.toUpperCase();
      const prefix = upper.startsWith('SIG') ? signal.slice(0, 3) : '';
      const match = suggest(upper.slice(prefix.length), NAMES, true);
      const fixed = signal === signal.toLowerCase() ? (prefix + match).toLowerCase() : prefix + match;
      const fixes = match && signal === arg.value && writtenPlainly(context.model, arg) ? [{ title: `Change to ${fixed}`, edits: [{ range: arg.range, newText: fixed }], preferred: true }] : [];
      report({ range: arg.range, message: `invalid signal: ${signal}`, fixes, instruction: owner });
    }
  },
};

/** moby/sys/signal.ParseSignal on Linux. */
function isValidSignal(text: string): boolean {
  const n = goAtoi(text);
  if (n !== undefined) return n !== 0n;
  const upper = text.toUpperCase();
  return KNOWN.has(upper.startsWith('SIG') ? upper.slice(3) : upper);
}
