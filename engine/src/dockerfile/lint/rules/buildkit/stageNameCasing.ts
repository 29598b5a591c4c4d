/**
 * StageNameCasing: a stage named with upper-case letters (`FROM alpine AS Builder`). BuildKit
 * matches stage names without regard to case, so the fix lower-cases the name and every place
 * that refers to it by name (`FROM Builder`, `COPY --from=Builder`, `RUN --mount=from=Builder`)
 * without changing what is built.
 */
import { DockerfileModel, Stage } from '../../../model';
import { LintContext, TextEdit } from '../../rule';
import { BuildkitRule, ruleUrl } from './buildkitRule';

const MOUNT_FROM = /(?<=[=,])from=([^,]*)/gi;

export const stageNameCasing: BuildkitRule = {
  id: 'StageNameCasing',
  category: 'buildkit',
  defaultSeverity: 'warning',
  description: 'Stage names should be lowercase',
  url: ruleUrl('stage-name-casing'),
  fixable: true,
  check(context, report) {
    for (const stage of context.model.stages) {
      const args = stage.from.args;
      if (args.length !== 3 || args[1].value.toLowerCase() !== 'as') continue;
      const name = args[2];
      const lower = name.value.toLowerCase();
      if (name.value === lower) continue;
      const edits: TextEdit[] = [{ range: name.range, newText: lower }, ...referenceEdits(context, stage, lower)];
      report({
        range: name.range,
        message: `Stage name '${name.value}' should be lowercase`,
        instruction: stage.from,
        fixes: [{ title: `Rename stage to '${lower}'`, edits, preferred: true }],
      });
    }
  },
};

/** Edits that lower-case the places where the stage is named literally. */
function referenceEdits(context: LintContext, stage: Stage, lower: string): TextEdit[] {
  const { model, scopes, stageGraph } = context;
  const edits: TextEdit[] = [];
  const rename = (start: number, end: number) => {
    if (model.text.slice(start, end).toLowerCase() === lower) edits.push({ range: model.lines.rangeOf(start, end), newText: lower });
  };
  for (const other of model.stages) {
    const base = scopes.stages[other.index]?.base;
    // BuildKit matches FROM bases against lower-cased stage names exactly, so a later `FROM Build`
    // is an (invalid) image name today; the user meant the stage, and the fix makes it one.
    const meantStage = other.index > stage.index && base?.value.toLowerCase() === lower;
    if (other.base && ((base?.kind === 'stage' && base.stage === stage.index) || meantStage)) rename(other.base.start, other.base.end);
    for (const ref of stageGraph.references[other.index] ?? []) {
      if (ref.stage !== stage.index || !ref.flag) continue;
      if (ref.flag.name === 'from') {
        const range = ref.flag.valueRange;
        if (range) rename(model.lines.offsetAt(range.start), model.lines.offsetAt(range.end));
      } else if (ref.flag.name === 'mount') mountFromEdits(model, ref.flag.word.start, ref.flag.word.end, rename);
    }
  }
  return edits;
}

function mountFromEdits(model: DockerfileModel, start: number, end: number, rename: (start: number, end: number) => void): void {
  const text = model.text.slice(start, end);
  for (const m of text.matchAll(MOUNT_FROM)) {
    const valueStart = start + (m.index ?? 0) + 'from='.length;
    rename(valueStart, valueStart + m[1].length);
  }
}
