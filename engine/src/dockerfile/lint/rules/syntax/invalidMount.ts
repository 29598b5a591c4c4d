/**
 * InvalidMount: a `RUN --mount` value BuildKit refuses: CSV it cannot read, an unknown option or
 * type or sharing mode (with BuildKit's "did you mean"), a bad ro/rw/required/size/mode/uid/gid
 * value, options that do not go together (`mode` on a bind mount, `sharing` off a cache mount, a
 * secret without source, target or id, `size` off tmpfs), `from` with a variable, or "/" as
 * target. Values are checked after expansion when they are certain. Quick fix: BuildKit's suggestion.
 */
import { RuleWithOptions } from '../../lint';
import { Fix } from '../../rule';
import { certainValue } from './certainValue';
import { checkedInstructionsNamed } from './checkedInstructions';
import { flagValueSpan } from './flagValueSpan';
import { mountProblem } from './mountSpec';

export const invalidMount: RuleWithOptions = {
  id: 'InvalidMount',
  locality: 'stage',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'A RUN --mount value is not valid.',
  fixable: true,
  check(context, report) {
    const { model } = context;
    for (const { instruction, owner, isTrigger } of checkedInstructionsNamed(model, 'RUN')) {
      const expand = (text: string) => certainValue(context, instruction, text, isTrigger)?.value;
      for (const flag of instruction.flags) {
        if (flag.name !== 'mount' || flag.value === undefined) continue;
        const problem = mountProblem(flag.value, expand);
        if (!problem) continue;
        const range = flagValueSpan(model, flag, problem.start, problem.end) ?? flag.valueRange ?? flag.word.range;
        const r = problem.replacement;
        const target = r && flagValueSpan(model, flag, r.start, r.end);
        const fixes: Fix[] = r && target ? [{ title: `Change to ${r.text}`, edits: [{ range: target, newText: r.text }], preferred: true }] : [];
        report({ range, message: problem.message, fixes, instruction: owner });
      }
    }
  },
};
