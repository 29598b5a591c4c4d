/**
 * DL3022: `COPY --from=<name>` should name a stage defined above it (or a stage index that
 * exists by then); values with a `:` are image references and are not checked. A value with a
 * variable is checked after expansion, and skipped when the variable has no value.
 */
import { RuleWithOptions } from '../../lint';
import { expandedFrom } from './copyFrom';

const MESSAGE = '`COPY --from` should reference a previously defined `FROM` alias';
const LEADING_DIGITS = /^[0-9]+/;

export const dl3022: RuleWithOptions = {
  id: 'DL3022',
  // Stage: the names and count of earlier stages come from FROM lines.
  locality: 'stage',
  category: 'hadolint',
  defaultSeverity: 'warning',
  description: MESSAGE,
  url: 'https://github.com/hadolint/hadolint/wiki/DL3022',
  fixable: false,
  check(context, report) {
    const names = new Set<string>();
    let count = 0;
    for (const instruction of context.model.instructions) {
      if (instruction.name === 'FROM') {
        const stage = context.model.stages[instruction.stageIndex];
        if (stage?.name) names.add(stage.name.value.toLowerCase());
        count++;
        continue;
      }
      if (instruction.name !== 'COPY') continue;
      for (const flag of instruction.flags) {
        if (flag.name !== 'from' || flag.value === undefined) continue;
        const value = expandedFrom(context, instruction, flag.value);
        if (value === undefined || value.includes(':') || names.has(value.toLowerCase())) continue;
        const digits = LEADING_DIGITS.exec(value);
        if (digits && Number(digits[0]) < count) continue;
        report({ range: flag.valueRange ?? flag.word.range, message: MESSAGE, instruction });
      }
    }
  },
};
