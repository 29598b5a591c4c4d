/**
 * ParseError: any other error BuildKit's parser reports that no more specific syntax rule claims,
 * so that nothing the builder refuses at parse time goes unreported.
 */
import { RuleWithOptions } from '../../lint';
import { checkedInstructions } from './checkedInstructions';
import { fileProblemKind, instructionErrorKind } from './parseErrorKinds';

export const parseError: RuleWithOptions = {
  id: 'ParseError',
  locality: 'instruction',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'The builder cannot parse the Dockerfile.',
  fixable: false,
  check({ model }, report) {
    for (const problem of model.problems) {
      if (fileProblemKind(problem.message) === 'other') report({ range: problem.range, message: problem.message });
    }
    for (const { instruction, owner } of checkedInstructions(model)) {
      for (const message of instruction.parseErrors) {
        if (instructionErrorKind(message) !== 'other') continue;
        report({ range: instruction.rest.value ? instruction.rest.range : instruction.keyword.range, message, instruction: owner });
      }
    }
  },
};
