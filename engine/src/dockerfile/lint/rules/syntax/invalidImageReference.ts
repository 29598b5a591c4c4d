/**
 * InvalidImageReference: an image name BuildKit cannot parse (distribution/reference), in a FROM
 * line or in a `COPY --from` / `RUN --mount=from=` that names no stage (BuildKit then pulls it as
 * an image): "failed to parse stage name ...: invalid reference format". BuildKit checks every
 * such name, in stages the build needs or not. FROM refers to a stage only by its exact lower-case
 * name, so `FROM Build` is an (invalid) image name. A FROM whose variables are all undeclared is
 * certainly empty ("base name (...) should not be blank"); names built from ARGs are left to
 * InvalidDefaultArgInFrom. Quick fixes: the stage's lower-case name, or the name in lower case.
 */
import { referenceError } from '../../../../image/reference';
import { DockerfileModel, Stage } from '../../../model';
import { quoteGo } from '../../../lineParsers';
import { Range } from '../../../text';
import { RuleWithOptions } from '../../lint';
import { Fix } from '../../rule';
import { certainValue } from './certainValue';
import { flagValueSpan } from './flagValueSpan';
import { stageReferences } from '../../../stageReferences';
import { writtenPlainly } from './writtenPlainly';

export const invalidImageReference: RuleWithOptions = {
  id: 'InvalidImageReference',
  // Stage: only references to images, which depend on the stage names of FROM lines, never on other stages' references.
  locality: 'stage',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'An image name cannot be parsed as an image reference.',
  fixable: true,
  check(context, report) {
    const { model } = context;
    for (const stage of model.stages) {
      const base = stage.base;
      if (!base) continue;
      const value = certainValue(context, stage.from, base.value)?.value;
      if (value === undefined) continue;
      if (value === '') {
        report({ range: base.range, message: `base name (${base.value}) should not be blank`, instruction: stage.from });
        continue;
      }
      if (value === 'scratch' || earlierStageNamed(model, stage, value)) continue;
      const error = referenceError(value);
      if (!error) continue;
      const fixes: Fix[] = [];
      if (value === base.value && writtenPlainly(model, base)) {
        const stageName = earlierStageNamed(model, stage, value.toLowerCase()) ? value.toLowerCase() : undefined;
        const replacement = stageName ?? lowercasedReference(value);
        const what = stageName ? `stage ${stageName}` : replacement;
        if (replacement) fixes.push({ title: `Change to ${what}`, edits: [{ range: base.range, newText: replacement }], preferred: true });
      }
      report({ range: base.range, message: `failed to parse stage name ${quoteGo(value)}: ${error}`, fixes, instruction: stage.from });
    }
    for (const ref of stageReferences(model).references) {
      if (ref.target.kind !== 'image') continue;
      const error = referenceError(ref.name);
      if (!error) continue;
      const exact = flagValueSpan(model, ref.flag, ref.nameStart, ref.nameEnd);
      const range: Range = exact ?? ref.flag.valueRange ?? ref.flag.word.range;
      const replacement = lowercasedReference(ref.name);
      const fixes: Fix[] = exact && replacement ? [{ title: `Change to ${replacement}`, edits: [{ range: exact, newText: replacement }], preferred: true }] : [];
      report({ range, message: `failed to parse stage name ${quoteGo(ref.name)}: ${error}`, fixes, instruction: ref.instruction });
    }
  },
};

/** BuildKit looks a FROM name up among the stages defined before it, by their lower-cased names. */
function earlierStageNamed(model: DockerfileModel, stage: Stage, value: string): boolean {
  for (let i = 0; i < stage.index; i++) if (model.stages[i].name?.value.toLowerCase() === value) return true;
  return false;
}

/**
 * The same reference with its repository path lower-cased, when that is all that is wrong with
 * it (a registry host keeps its case: it is case-insensitive and may be written either way).
 */
function lowercasedReference(text: string): string | undefined {
  const slash = text.indexOf('/');
  const first = slash < 0 ? '' : text.slice(0, slash);
  const hostLike = first === 'localhost' || /[.:]/.test(first);
  const hostPart = hostLike ? first + '/' : '';
  const rest = text.slice(hostPart.length);
  const colon = rest.search(/[:@]/);
  const path = colon < 0 ? rest : rest.slice(0, colon);
  const fixed = hostPart + path.toLowerCase() + (colon < 0 ? '' : rest.slice(colon));
  return fixed !== text && referenceError(fixed) === undefined ? fixed : undefined;
}
