/** DL4004: several ENTRYPOINTs in one stage; only the last one counts. Overlaps BuildKit's MultipleInstructionsDisallowed. */
import { RuleWithOptions } from '../../lint';
import { repeatedInStage } from './singleInstruction';

const MESSAGE =
  'Multiple `ENTRYPOINT` instructions found. If you list more than one `ENTRYPOINT` then only the last `ENTRYPOINT` will take effect';

export const dl4004: RuleWithOptions = {
  id: 'DL4004',
  // Stage: repeatedInStage resets at every FROM.
  locality: 'stage',
  category: 'hadolint',
  defaultSeverity: 'error',
  description: 'Multiple `ENTRYPOINT` instructions found',
  url: 'https://github.com/hadolint/hadolint/wiki/DL4004',
  fixable: false,
  equivalentTo: ['MultipleInstructionsDisallowed'],
  check(context, report) {
    for (const instruction of repeatedInStage(context.model, 'ENTRYPOINT')) report({ range: instruction.keyword.range, message: MESSAGE, instruction });
  },
};
