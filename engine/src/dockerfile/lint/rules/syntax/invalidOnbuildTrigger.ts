/**
 * InvalidOnbuildTrigger: ONBUILD cannot register FROM, MAINTAINER or another ONBUILD ("FROM isn't
 * allowed as an ONBUILD trigger", "Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed").
 * Quick fix for a doubled ONBUILD: drop the inner one.
 */
import { wordRemoval } from '../../wordRemoval';
import { RuleWithOptions } from '../../lint';
import { Fix } from '../../rule';

export const invalidOnbuildTrigger: RuleWithOptions = {
  id: 'InvalidOnbuildTrigger',
  locality: 'instruction',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'ONBUILD registers an instruction it may not (FROM, MAINTAINER, ONBUILD).',
  fixable: true,
  check({ model }, report) {
    for (const instruction of model.instructions) {
      const trigger = instruction.trigger;
      if (instruction.name !== 'ONBUILD' || !trigger) continue;
      const name = trigger.keyword.value.trim().toUpperCase();
      let message: string;
      let fixes: Fix[] = [];
      if (name === 'ONBUILD') {
        message = 'Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed';
        fixes = [{ title: 'Remove the second ONBUILD', edits: [wordRemoval(model, trigger.keyword)], preferred: true }];
      } else if (name === 'MAINTAINER' || name === 'FROM') {
        message = `${name} isn't allowed as an ONBUILD trigger`;
      } else continue;
      report({ range: trigger.keyword.range, message, fixes, instruction });
    }
  },
};
