/**
 * UnknownFlag: BuildKit's flag parser refuses a `--flag` the instruction does not define
 * ("unknown flag: --x", with a case-sensitive "did you mean"). ARG and STOPSIGNAL never parse
 * their flags and `HEALTHCHECK NONE` skips them, so nothing is reported there. Quick fixes: rename
 * to the closest flag (or to the same name in the right case), or remove the flag.
 */
import { didYouMean, suggest } from '../../../suggest';
import { wordRemoval } from '../../wordRemoval';
import { RuleWithOptions } from '../../lint';
import { Fix } from '../../rule';
import { flaggedInstructions } from './flagKinds';
import { writtenPlainly } from './writtenPlainly';

export const unknownFlag: RuleWithOptions = {
  id: 'UnknownFlag',
  locality: 'instruction',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'The flag is not one the instruction accepts.',
  fixable: true,
  check({ model }, report) {
    for (const { instruction, owner, kinds } of flaggedInstructions(model)) {
      const names = [...kinds.keys()];
      for (const flag of instruction.flags) {
        if (kinds.has(flag.name)) continue;
        const suggestion = suggest(flag.name, names, true);
        const rename = suggestion ?? names.find((n) => n.toLowerCase() === flag.name.toLowerCase());
        const fixes: Fix[] = [];
        if (rename && writtenPlainly(model, flag.word)) fixes.push({ title: `Change to --${rename}`, edits: [{ range: flag.nameRange, newText: rename }], preferred: true });
        fixes.push({ title: `Remove --${flag.name}`, edits: [wordRemoval(model, flag.word)] });
        const where = names.length ? '' : ` (${instruction.name} takes no flags)`;
        report({
          range: { start: flag.word.range.start, end: flag.nameRange.end },
          message: `unknown flag: --${flag.name}${didYouMean(suggestion)}${where}`,
          fixes,
          instruction: owner,
        });
      }
    }
  },
};
