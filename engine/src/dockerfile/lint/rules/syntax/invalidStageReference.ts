/**
 * InvalidStageReference: `COPY --from` and `RUN --mount=from=` references BuildKit refuses: a
 * variable in the name ("variable expansion is not supported for --from, ..."), a stage index
 * out of range ("invalid stage index 3"), and a stage defined later in the file ("cannot copy from
 * stage "b", it needs to be defined before current stage "a""), which fails whenever the stage
 * holding the reference is built. References that close a cycle are CircularStageDependency's.
 * Overlaps hadolint's DL3022 for later stages; DL3022 (a warning) should name this rule in its
 * equivalentTo, so that this error is the one kept.
 */
import { quoteGo } from '../../../lineParsers';
import { RuleWithOptions } from '../../lint';
import { flagValueSpan } from './flagValueSpan';
import { StageReference, stageDisplayName, stageReferences } from '../../../stageReferences';
import { DockerfileModel } from '../../../model';

export const invalidStageReference: RuleWithOptions = {
  id: 'InvalidStageReference',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'COPY --from or RUN --mount=from= refers to a stage that cannot be used there.',
  fixable: false,
  check({ model }, report) {
    const { references, cycles } = stageReferences(model);
    for (const ref of references) {
      const message = problem(model, ref, cycles.has(ref));
      if (!message) continue;
      const range = flagValueSpan(model, ref.flag, ref.nameStart, ref.nameEnd) ?? ref.flag.valueRange ?? ref.flag.word.range;
      report({ range, message, instruction: ref.instruction });
    }
  },
};

function problem(model: DockerfileModel, ref: StageReference, inCycle: boolean): string | undefined {
  if (ref.target.kind === 'invalid') return ref.target.message;
  if (ref.target.kind !== 'stage' || ref.target.index <= ref.stage || inCycle) return undefined;
  if (ref.kind === 'copy') {
    return `cannot copy from stage ${quoteGo(ref.name)}, it needs to be defined before current stage ${quoteGo(stageDisplayName(model, ref.stage))}`;
  }
  return `cannot mount from stage ${quoteGo(ref.name)} to ${quoteGo(ref.mountTarget)}, stage needs to be defined before current command`;
}
