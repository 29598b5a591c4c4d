/**
 * InvalidFlagValue: a flag value BuildKit refuses. Bool flags take true or false (any case);
 * `RUN --network` takes default, none or host and `--security` insecure or sandbox (both read
 * as written, without expansion); `--chmod` takes an octal mode up to 07777 or a symbolic mode
 * (after expansion); `HEALTHCHECK --retries` takes a non-negative 32-bit integer; `RUN --device`
 * takes a CDI device name with an optional `required` option. Quick fixes where the intent is
 * clear: yes/no/on/off/1/0 for bools, the closest network or security mode.
 */
import { DockerfileModel, Flag } from '../../../model';
import { quoteGo } from '../../../lineParsers';
import { suggest } from '../../../suggest';
import { parseGoInt } from '../../../goValues';
import { RuleWithOptions } from '../../lint';
import { Fix } from '../../rule';
import { certainValue } from './certainValue';
import { chmodError } from './chmodMode';
import { deviceError } from './deviceSpec';
import { flaggedInstructions } from './flagKinds';
import { flagValueSpan } from './flagValueSpan';

const NETWORKS = ['default', 'none', 'host'];
const SECURITY = ['insecure', 'sandbox'];
const TRUE_WORDS = new Set(['yes', 'y', 'on', '1', 't']);
const FALSE_WORDS = new Set(['no', 'n', 'off', '0', 'f']);

export const invalidFlagValue: RuleWithOptions = {
  id: 'InvalidFlagValue',
  locality: 'stage',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'The value of a flag is not one the builder accepts.',
  fixable: true,
  check(context, report) {
    for (const { instruction, owner, isTrigger, kinds } of flaggedInstructions(context.model)) {
      for (const flag of instruction.flags) {
        const kind = kinds.get(flag.name);
        if (!kind || flag.value === undefined) continue;
        const range = flag.valueRange ?? flag.word.range;
        const problem = (message: string, fixes: Fix[] = []) => report({ range, message, fixes, instruction: owner });
        if (kind === 'bool') {
          if (flag.value !== '' && !['true', 'false'].includes(flag.value.toLowerCase())) {
            problem(`expecting boolean value for flag --${flag.name}, not: ${flag.value}`, boolFixes(flag));
          }
          continue;
        }
        const key = `${instruction.name} --${flag.name}`;
        if (key === 'RUN --network' && !NETWORKS.includes(flag.value)) {
          problem(`invalid network mode ${quoteGo(flag.value)}`, choiceFixes(context.model, flag, NETWORKS));
        } else if (key === 'RUN --security' && !SECURITY.includes(flag.value)) {
          problem(`security ${quoteGo(flag.value)} is not valid`, choiceFixes(context.model, flag, SECURITY));
        } else if (key === 'RUN --device') {
          const message = deviceError(flag.value);
          if (message) problem(message);
        } else if (key === 'HEALTHCHECK --retries' && flag.value !== '') {
          const r = parseGoInt(flag.value, 32);
          if ('error' in r) problem(`${r.error} (--retries takes a whole number)`);
          else if (r.value < 0n) problem(`--retries cannot be negative (${r.value})`);
        } else if ((instruction.name === 'COPY' || instruction.name === 'ADD') && flag.name === 'chmod') {
          const mode = certainValue(context, instruction, flag.value, isTrigger)?.value;
          const message = mode ? chmodError(mode) : undefined;
          if (message) problem(message);
        }
      }
    }
  },
};

function boolFixes(flag: Flag): Fix[] {
  const lower = flag.value!.toLowerCase();
  const text = TRUE_WORDS.has(lower) ? `--${flag.name}` : FALSE_WORDS.has(lower) ? `--${flag.name}=false` : undefined;
  return text ? [{ title: `Write ${text}`, edits: [{ range: flag.word.range, newText: text }], preferred: true }] : [];
}

function choiceFixes(model: DockerfileModel, flag: Flag, choices: readonly string[]): Fix[] {
  const suggestion = suggest(flag.value!, choices, true) ?? choices.find((c) => c === flag.value!.toLowerCase());
  const range = flagValueSpan(model, flag, 0, flag.value!.length);
  if (!suggestion || !range) return [];
  return [{ title: `Change to ${suggestion}`, edits: [{ range, newText: suggestion }], preferred: true }];
}
