/**
 * Hover on stage references and stage names: `FROM build`, `COPY --from=build` (or `--from=1`),
 * `RUN --mount=...,from=build` show the FROM line of the stage they name; `AS build` lists who
 * uses the stage; a FROM base written with variables shows what it resolves to.
 */
import { DockerfileModel, Flag, Instruction, Stage } from '../../../engine/src/dockerfile/model';
import { stageGraphOf, StageGraph } from '../../../engine/src/dockerfile/stageGraph';
import { Position, Range, rangeContains } from '../../../engine/src/dockerfile/text';
import { scopesOf } from '../assist/variablesAt';
import { HoverText } from './variableHover';

function graphOf(model: DockerfileModel): StageGraph {
  return stageGraphOf(model, scopesOf(model));
}

export function stageMarkdown(model: DockerfileModel, stage: Stage): string {
  const name = stage.name ? `\`${stage.name.value}\`` : `${stage.index} (unnamed)`;
  const line = model.lines.lineText(stage.from.startLine).trim();
  return `**Stage ${name}**: stage ${stage.index}, line ${stage.from.startLine + 1}\n\n\`\`\`dockerfile\n${line}\n\`\`\``;
}

/** The stage a `--from` value names, among those before `current` (what BuildKit accepts). */
function stageNamed(model: DockerfileModel, value: string, current: number): Stage | undefined {
  if (/^[0-9]+$/.test(value)) return Number(value) < current ? model.stages[Number(value)] : undefined;
  const lower = value.toLowerCase();
  return model.stages.find((s) => s.index < current && s.name?.value.toLowerCase() === lower);
}

function referenceHover(model: DockerfileModel, value: string, current: number, range: Range): HoverText {
  const stage = stageNamed(model, value, current);
  if (stage) return { markdown: stageMarkdown(model, stage), range };
  const later = model.stages.find((s) => s.index >= current && s.name?.value.toLowerCase() === value.toLowerCase());
  const note = later ? ` A stage of that name is defined on line ${later.from.startLine + 1}, but a stage can only use stages defined above it.` : '';
  return { markdown: `\`${value}\` is not a stage of this file: it names an image (or a named build context).${note}`, range };
}

export function stageHover(model: DockerfileModel, instruction: Instruction, position: Position): HoverText | undefined {
  const target = instruction.trigger ?? instruction;
  if (target.name === 'FROM' && instruction.stageIndex >= 0) return fromHover(model, model.stages[instruction.stageIndex], position);
  for (const flag of target.flags) {
    if (!flag.valueRange || flag.value === undefined || !rangeContains(flag.valueRange, position)) continue;
    if (target.name === 'COPY' && flag.name === 'from') return referenceHover(model, flag.value, instruction.stageIndex, flag.valueRange);
    if (target.name === 'RUN' && flag.name === 'mount') return mountFromHover(model, flag, instruction.stageIndex, position);
  }
  return undefined;
}

function mountFromHover(model: DockerfileModel, flag: Flag, current: number, position: Position): HoverText | undefined {
  const valueStart = model.lines.offsetAt(flag.valueRange!.start);
  const at = model.lines.offsetAt(position) - valueStart;
  let fieldStart = 0;
  for (const field of flag.value!.split(',')) {
    const fieldEnd = fieldStart + field.length;
    if (at >= fieldStart && at <= fieldEnd && /^\s*from=/i.test(field)) {
      const eq = field.indexOf('=');
      const range = model.lines.rangeOf(valueStart + fieldStart + eq + 1, valueStart + fieldEnd);
      return referenceHover(model, field.slice(eq + 1), current, range);
    }
    fieldStart = fieldEnd + 1;
  }
  return undefined;
}

function fromHover(model: DockerfileModel, stage: Stage, position: Position): HoverText | undefined {
  const scope = scopesOf(model).stages[stage.index];
  if (stage.base && rangeContains(stage.base.range, position)) {
    const base = scope.base;
    if (base.kind === 'stage' && base.stage !== undefined) return { markdown: stageMarkdown(model, model.stages[base.stage]), range: stage.base.range };
    if (base.kind === 'scratch') return { markdown: '**scratch**: an empty filesystem; the stage starts with no files at all.', range: stage.base.range };
    if (stage.base.value.includes('$')) {
      const resolved = base.expansionError ? `cannot be expanded: ${base.expansionError}` : base.value ? `resolves to \`${base.value}\`` : 'resolves to an empty string';
      const unmatched = base.unmatched.length ? `\n\nWithout a value: ${base.unmatched.map((n) => `\`${n}\``).join(', ')} (set them with \`--build-arg\` or give the global ARG a default).` : '';
      return { markdown: `\`${stage.base.value}\` ${resolved} with the global ARGs' defaults.${unmatched}`, range: stage.base.range };
    }
    return undefined;
  }
  if (stage.name && rangeContains(stage.name.range, position)) {
    const users = graphOf(model).references.flatMap((refs) => refs.filter((r) => r.stage === stage.index));
    const list = users.length
      ? users.map((r) => `- line ${r.instruction.startLine + 1}: ${r.flag ? `${r.instruction.name} --${r.flag.name}` : 'FROM'}`).join('\n')
      : '_Not used by any other stage._';
    return { markdown: `**Stage \`${stage.name.value}\`** (stage ${stage.index})\n\nUsed by:\n${list}`, range: stage.name.range };
  }
  return undefined;
}
