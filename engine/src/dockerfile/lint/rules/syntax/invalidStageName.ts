/**
 * InvalidStageName: a stage name, lower-cased, must match `^[a-z][a-z0-9-_.]*$` ("invalid name for
 * build stage: ..., name can't start with a number or contain symbols"). Upper case alone is
 * accepted (StageNameCasing warns about it). Quick fix: a valid name derived from it, applied to
 * the stage and to every `FROM`, `COPY --from` and `RUN --mount=from=` that refers to it.
 */
import { DockerfileModel, Stage } from '../../../model';
import { quoteGo } from '../../../lineParsers';
import { RuleWithOptions } from '../../lint';
import { TextEdit } from '../../rule';
import { flagValueSpan } from './flagValueSpan';
import { stageReferences } from '../../../stageReferences';
import { writtenPlainly } from './writtenPlainly';

const VALID = /^[a-z][a-z0-9-_.]*$/;

export const invalidStageName: RuleWithOptions = {
  id: 'InvalidStageName',
  category: 'syntax',
  defaultSeverity: 'error',
  description: 'A stage name starts with something other than a letter or contains symbols.',
  fixable: true,
  check({ model }, report) {
    for (const stage of model.stages) {
      const name = stage.name;
      if (!name || VALID.test(name.value.toLowerCase())) continue;
      const fixed = validName(model, name.value);
      const fixes = writtenPlainly(model, name) ? [{ title: `Rename the stage to ${fixed}`, edits: renameEdits(model, stage, fixed), preferred: true }] : [];
      report({
        range: name.range,
        message: `invalid name for build stage: ${quoteGo(name.value)}, name can't start with a number or contain symbols`,
        fixes,
        instruction: stage.from,
      });
    }
  },
};

function validName(model: DockerfileModel, name: string): string {
  let base = name.toLowerCase().replace(/[^a-z0-9-_.]+/g, '-');
  if (!/^[a-z]/.test(base)) base = 'stage-' + base.replace(/^[-_.]+/, '');
  base = base.replace(/-+$/, '') || 'stage';
  const taken = new Set(model.stages.map((s) => s.name?.value.toLowerCase()));
  let candidate = base;
  for (let n = 2; taken.has(candidate); n++) candidate = `${base}-${n}`;
  return candidate;
}

function renameEdits(model: DockerfileModel, stage: Stage, fixed: string): TextEdit[] {
  const lower = stage.name!.value.toLowerCase();
  const edits: TextEdit[] = [{ range: stage.name!.range, newText: fixed }];
  for (const later of model.stages.slice(stage.index + 1)) {
    if (later.base && later.base.value.toLowerCase() === lower && writtenPlainly(model, later.base)) edits.push({ range: later.base.range, newText: fixed });
  }
  for (const ref of stageReferences(model).references) {
    if (ref.target.kind !== 'stage' || ref.target.index !== stage.index) continue;
    const range = flagValueSpan(model, ref.flag, ref.nameStart, ref.nameEnd);
    if (range) edits.push({ range, newText: fixed });
  }
  return edits;
}
