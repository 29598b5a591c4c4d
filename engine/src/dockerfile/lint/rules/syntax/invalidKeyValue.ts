/**
 * InvalidKeyValue: the `key=value` syntax of ENV, LABEL and ARG as BuildKit's parser reads it:
 * the legacy `ENV KEY value` form needs a value ("ENV must have two arguments"), the `k=v` form
 * needs "=" in every word ("Syntax error - can't find = in ..."), and no name may be empty
 * ("ENV names can not be blank"). Quick fix for a lone `ENV KEY`: give it an empty value.
 */
import { keyValuePairs } from '../../../keyValues';
import { parseWords } from '../../../lineParsers';
import { restText } from '../../../model';
import { argDeclarations } from '../../../scope';
import { RuleWithOptions } from '../../lint';
import { checkedInstructionsNamed } from './checkedInstructions';
import { instructionErrorKind } from './parseErrorKinds';

export const invalidKeyValue: RuleWithOptions = {
  id: 'InvalidKeyValue',
  locality: 'instruction',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'An ENV, LABEL or ARG is not written as key=value (or has an empty key).',
  fixable: true,
  check({ model }, report) {
    for (const { instruction, owner } of ['ENV', 'LABEL', 'ARG'].flatMap((n) => checkedInstructionsNamed(model, n))) {
      const { name } = instruction;
      for (const message of instruction.parseErrors) {
        if (instructionErrorKind(message) !== 'keyValue') continue;
        if (message.endsWith('must have two arguments')) {
          const word = instruction.rest;
          report({
            range: word.range,
            message: `${message} (write ${word.value}=<value>)`,
            fixes: [{ title: `Set ${word.value} to an empty value`, edits: [{ range: word.range, newText: `${word.value}=""` }] }],
            instruction: owner,
          });
        } else {
          const words = parseWords(restText(instruction), model.escapeToken);
          const culprit = words.find((w) => !w.value.includes('='));
          const range = culprit ? model.lines.rangeOf(culprit.start, culprit.end) : instruction.rest.range;
          report({ range, message, instruction: owner });
        }
      }
      if (name === 'ARG') {
        for (const decl of argDeclarations(instruction)) {
          if (decl.name === '' && decl.defaultWord) report({ range: { start: decl.nameWord.range.start, end: decl.defaultWord.range.end }, message: 'ARG names can not be blank', instruction: owner });
        }
      } else {
        for (const pair of keyValuePairs(instruction)) {
          if (pair.key.value !== '') continue;
          report({ range: { start: pair.key.range.start, end: pair.value.range.end }, message: `${name} names can not be blank`, instruction: owner });
        }
      }
    }
  },
};
