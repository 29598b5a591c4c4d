/**
 * CircularStageDependency: stages that depend on each other through `COPY --from` or
 * `RUN --mount=from=` (a stage copying from itself included): BuildKit refuses the whole file,
 * whatever the target ("circular dependency detected on stage: a"). Each reference on the cycle is
 * reported, with the cycle spelled out. Overlaps hadolint's DL3023 (COPY --from its own stage),
 * which should name this rule in its equivalentTo so that this error is the one kept.
 */
import { RuleWithOptions } from '../../lint';
import { flagValueSpan } from './flagValueSpan';
import { stageDisplayName, stageReferences } from '../../../stageReferences';

export const circularStageDependency: RuleWithOptions = {
  id: 'CircularStageDependency',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'Stages depend on each other in a cycle.',
  fixable: false,
  check({ model }, report) {
    for (const [ref, cycle] of stageReferences(model).cycles) {
      const names = cycle.map((i) => stageDisplayName(model, i));
      const range = flagValueSpan(model, ref.flag, ref.nameStart, ref.nameEnd) ?? ref.flag.valueRange ?? ref.flag.word.range;
      report({ range, message: `circular dependency detected on stage: ${names[0]} (${names.join(' → ')})`, instruction: ref.instruction });
    }
  },
};
