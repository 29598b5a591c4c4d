/**
 * InvalidHealthcheckType: HEALTHCHECK takes NONE or CMD before its command ('Unknown type "X" in
 * HEALTHCHECK (try CMD)'). Quick fixes: the closest of CMD and NONE when the word is a misspelling
 * of one, otherwise inserting CMD before it (the usual slip: `HEALTHCHECK curl -f ...`).
 */
import { quoteGo } from '../../../lineParsers';
import { suggest } from '../../../suggest';
import { RuleWithOptions } from '../../lint';
import { Fix } from '../../rule';
import { checkedInstructionsNamed } from './checkedInstructions';
import { writtenPlainly } from './writtenPlainly';

export const invalidHealthcheckType: RuleWithOptions = {
  id: 'InvalidHealthcheckType',
  locality: 'instruction',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'HEALTHCHECK is followed by something other than CMD or NONE.',
  fixable: true,
  check({ model }, report) {
    for (const { instruction, owner } of checkedInstructionsNamed(model, 'HEALTHCHECK')) {
      if (!instruction.args.length || instruction.parseErrors.length) continue;
      const word = instruction.args[0];
      const type = word.value.toUpperCase();
      if (type === 'CMD' || type === 'NONE') continue;
      const suggestion = suggest(type, ['CMD', 'NONE'], true);
      const fixes: Fix[] = [];
      if (suggestion && writtenPlainly(model, word)) {
        fixes.push({ title: `Change to ${suggestion}`, edits: [{ range: word.range, newText: suggestion }], preferred: true });
      } else if (!suggestion) {
        const at = word.range.start;
        fixes.push({ title: 'Insert CMD before the command', edits: [{ range: { start: at, end: at }, newText: 'CMD ' }], preferred: true });
      }
      report({ range: word.range, message: `Unknown type ${quoteGo(type)} in HEALTHCHECK (try CMD)`, fixes, instruction: owner });
    }
  },
};
