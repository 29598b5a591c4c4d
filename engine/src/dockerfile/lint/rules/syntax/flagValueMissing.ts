/**
 * FlagValueMissing: "missing a value on flag: --x". A flag that takes a value is written without
 * "=value", or a bool flag is written with "=" and nothing after it. Quick fix for the bool case:
 * drop the "=" (a bare bool flag means true).
 */
import { RuleWithOptions } from '../../lint';
import { flaggedInstructions } from './flagKinds';

export const flagValueMissing: RuleWithOptions = {
  id: 'FlagValueMissing',
  locality: 'instruction',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'A flag that needs a value has none.',
  fixable: true,
  check({ model }, report) {
    for (const { instruction, owner, kinds } of flaggedInstructions(model)) {
      for (const flag of instruction.flags) {
        const kind = kinds.get(flag.name);
        if (!kind) continue;
        if (kind === 'bool' && flag.value === '') {
          report({
            range: flag.word.range,
            message: `missing a value on flag: --${flag.name}`,
            fixes: [{ title: `Write --${flag.name} (true)`, edits: [{ range: flag.word.range, newText: `--${flag.name}` }], preferred: true }],
            instruction: owner,
          });
        } else if (kind !== 'bool' && flag.value === undefined) {
          report({ range: flag.word.range, message: `missing a value on flag: --${flag.name} (write --${flag.name}=<value>)`, instruction: owner });
        }
      }
    }
  },
};
