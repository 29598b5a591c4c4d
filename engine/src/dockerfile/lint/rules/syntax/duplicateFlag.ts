/**
 * DuplicateFlag: a bool or string flag given twice ("duplicate flag specified: --from"). Flags
 * that take a list (`--mount`, `--exclude`, `--device`) may repeat. Quick fix: remove the repeat.
 */
import { wordRemoval } from '../../wordRemoval';
import { RuleWithOptions } from '../../lint';
import { flaggedInstructions } from './flagKinds';

export const duplicateFlag: RuleWithOptions = {
  id: 'DuplicateFlag',
  locality: 'instruction',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'A flag that may be given once is given again.',
  fixable: true,
  check({ model }, report) {
    for (const { instruction, owner, kinds } of flaggedInstructions(model)) {
      if (instruction.flags.length < 2) continue;
      const seen = new Set<string>();
      for (const flag of instruction.flags) {
        const kind = kinds.get(flag.name);
        if (!kind || kind === 'strings') continue;
        if (!seen.has(flag.name)) {
          seen.add(flag.name);
          continue;
        }
        report({
          range: flag.word.range,
          message: `duplicate flag specified: --${flag.name}`,
          fixes: [{ title: `Remove this --${flag.name}`, edits: [wordRemoval(model, flag.word)], preferred: true }],
          instruction: owner,
        });
      }
    }
  },
};
