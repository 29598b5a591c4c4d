/** DL3023: `COPY --from=<name>` naming the stage it is in: a stage cannot copy from itself. */
import { RuleWithOptions } from '../../lint';
import { expandedFrom } from './copyFrom';

const MESSAGE = '`COPY --from` cannot reference its own `FROM` alias';

export const dl3023: RuleWithOptions = {
  id: 'DL3023',
  locality: 'stage',
  category: 'hadolint',
  defaultSeverity: 'error',
  description: MESSAGE,
  url: 'https://github.com/hadolint/hadolint/wiki/DL3023',
  fixable: false,
  check(context, report) {
    for (const stage of context.model.stages) {
      const alias = stage.name?.value.toLowerCase();
      if (!alias) continue;
      for (const instruction of stage.instructions) {
        if (instruction.name !== 'COPY') continue;
        for (const flag of instruction.flags) {
          if (flag.name !== 'from' || flag.value === undefined) continue;
          if (expandedFrom(context, instruction, flag.value)?.toLowerCase() !== alias) continue;
          report({ range: flag.valueRange ?? flag.word.range, message: MESSAGE, instruction });
        }
      }
    }
  },
};
