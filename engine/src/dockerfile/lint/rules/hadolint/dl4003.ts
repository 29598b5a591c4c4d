/** DL4003: several CMDs in one stage; only the last one counts. Overlaps BuildKit's MultipleInstructionsDisallowed. */
import { RuleWithOptions } from '../../lint';
import { repeatedInStage } from './singleInstruction';

const MESSAGE = 'Multiple `CMD` instructions found. If you list more than one `CMD` then only the last `CMD` will take effect';

export const dl4003: RuleWithOptions = {
  id: 'DL4003',
  // Stage: repeatedInStage resets at every FROM.
  locality: 'stage',
  category: 'hadolint',
  defaultSeverity: 'warning',
  description: 'Multiple `CMD` instructions found',
  url: 'https://github.com/hadolint/hadolint/wiki/DL4003',
  fixable: false,
  equivalentTo: ['MultipleInstructionsDisallowed'],
  check(context, report) {
    for (const instruction of repeatedInStage(context.model, 'CMD')) report({ range: instruction.keyword.range, message: MESSAGE, instruction });
  },
};
