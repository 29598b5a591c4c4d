/**
 * Hover on `$NAME`/`${NAME...}` and on the names ARG and ENV declare: the value the build really
 * substitutes at that line and where it comes from, or why nothing is set there (a global ARG not
 * redeclared in the stage, a declaration further down, an ARG used where only the container's
 * environment counts, a base image whose environment is not known).
 */
import { DockerfileModel, Instruction, VariableUse } from '../../../engine/src/dockerfile/model';
import { keyValuePairs } from '../../../engine/src/dockerfile/keyValues';
import { argDeclarations } from '../../../engine/src/dockerfile/scope';
import { stageAncestry } from '../../../engine/src/dockerfile/stageAncestry';
import { Position, rangeContains, Range } from '../../../engine/src/dockerfile/text';
import { code } from '../assist/docs';
import { expanderOf, PROXY_ARGS, scopesOf, variablesAt, VisibleVariable } from '../assist/variablesAt';

export interface HoverText {
  readonly markdown: string;
  readonly range: Range;
}


export function variableUseHover(model: DockerfileModel, instruction: Instruction, position: Position): HoverText | undefined {
  const use = instruction.variables.find((v) => rangeContains(v.range, position));
  if (!use) return undefined;
  const onbuild = instruction.name === 'ONBUILD';
  const keyword = instruction.trigger?.name ?? instruction.name;
  const offset = model.lines.offsetAt(use.range.start);
  const visible = variablesAt(model, instruction, keyword, use.range.start.line, offset, onbuild);
  const def = visible.get(use.name);
  const title = `**$${use.name}**`;
  const markdown = def ? `${title} = ${valueText(def)}\n\n${origin(model, instruction, def)}${modifierNote(model, use, visible)}` : `${title} is not set at this line.${whyUnset(model, instruction, keyword, use.name, onbuild)}`;
  return { markdown, range: use.range };
}

function valueText(def: VisibleVariable): string {
  if (def.predefined) return '_(not set unless passed)_';
  if (def.kind === 'automatic') return def.value ? `${code(def.value)} _(for a linux/amd64 build; it follows the build's platform)_` : '_(empty for this platform)_';
  if (def.value === undefined) return '_(no value: empty unless passed with `--build-arg`)_';
  return def.value === '' ? '_(empty string)_' : code(def.value);
}

function origin(model: DockerfileModel, at: Instruction, def: VisibleVariable): string {
  const line = def.instruction ? ` on line ${def.instruction.startLine + 1}` : '';
  // A child stage starts from its parent's variables, ARGs included (BuildKit's dispatchState.init).
  const from = def.instruction && def.instruction.stageIndex >= 0 && def.instruction.stageIndex !== at.stageIndex ? model.stages[def.instruction.stageIndex] : undefined;
  const inheritedFrom = from ? `, inherited from stage ${from.name ? `\`${from.name.value}\`` : String(from.index)}` : '';
  switch (def.kind) {
    case 'global-arg':
      return `From the global ARG${line}.`;
    case 'arg': {
      if (def.predefined) return `A predefined proxy ARG: the RUN environment has it only when the build passes \`--build-arg ${def.name}=...\`.`;
      const declaredBare = def.instruction && argDeclarations(def.instruction).some((d) => d.name === def.name && d.defaultValue === undefined);
      const automatic = scopesOf(model).global.get(def.name)?.kind === 'automatic';
      return declaredBare && automatic ? `Declared by the ARG${line}: the automatic platform ARG, which follows the platform of each build.` : `From the ARG${line}${inheritedFrom}.`;
    }
    case 'env':
      return `From the ENV${line}${inheritedFrom}.`;
    case 'automatic':
      return 'An automatic platform ARG, set by the builder.';
    case 'image': {
      const inherited = inheritedEnv(model, at.stageIndex, def.name);
      if (inherited) return `From the ENV on line ${inherited.env.startLine + 1}, inherited from stage ${inherited.stage}.`;
      return def.name === 'PATH' ? 'The default PATH (the base image may set another).' : "From the base image's environment.";
    }
  }
}

/** The ENV of an ancestor stage that set `name`, following FROM <stage> links upwards. */
function inheritedEnv(model: DockerfileModel, stageIndex: number, name: string): { env: Instruction; stage: string } | undefined {
  if (stageIndex < 0) return undefined;
  for (const ancestor of stageAncestry(scopesOf(model), stageIndex).ancestors) {
    const parent = model.stages[ancestor];
    const env = [...parent.instructions].reverse().find((i) => i.name === 'ENV' && declares(i, name));
    if (env) return { env, stage: parent.name ? `\`${parent.name.value}\`` : String(parent.index) };
  }
  return undefined;
}

/** `${NAME:-default}` and friends: what the whole reference expands to. */
function modifierNote(model: DockerfileModel, use: VariableUse, visible: ReadonlyMap<string, VisibleVariable>): string {
  if (!use.modifier) return '';
  const start = model.lines.offsetAt(use.range.start);
  const end = model.lines.offsetAt(use.range.end);
  const result = scopesOf(model).expand(model.text.slice(start, end), visible);
  return result.error ? `\n\n${code(model.text.slice(start, end))} fails: ${result.error}` : `\n\n${code(model.text.slice(start, end))} expands to ${result.value ? code(result.value) : '_(empty)_'}.`;
}

function whyUnset(model: DockerfileModel, instruction: Instruction, keyword: string, name: string, onbuild: boolean): string {
  const scopes = scopesOf(model);
  const expander = expanderOf(keyword, onbuild);
  const stageIndex = instruction.stageIndex;
  const inStage = stageIndex >= 0 && keyword !== 'FROM';
  if (expander === 'container' || expander === 'downstream') {
    const stageVars = inStage ? scopes.before(instruction).get(name) : undefined;
    if (stageVars && stageVars.kind === 'arg') {
      const where = onbuild ? 'ONBUILD triggers run in a later build' : `${keyword} runs in the container`;
      return ` It is an ARG (line ${(stageVars.instruction?.startLine ?? 0) + 1}), and ${where}, which only gets ENV variables: add \`ENV ${name}=$${name}\` to keep it.`;
    }
  }
  if (inStage) {
    const global = scopes.global.get(name);
    if (global?.kind === 'automatic') return ` It is an automatic platform ARG: declare \`ARG ${name}\` in this stage to use it.`;
    if (global) return ` It is a global ARG (line ${(global.instruction?.startLine ?? 0) + 1}): only FROM lines see it unless the stage declares \`ARG ${name}\`.`;
    const later = model.stages[stageIndex].instructions.find((i) => i.startLine > instruction.startLine && declares(i, name));
    if (later) return ` It is declared on line ${later.startLine + 1}, below this line.`;
    if (!scopes.stages[stageIndex].baseEnvKnown) return ` The base image ${code(scopes.stages[stageIndex].base.value)} may set it in its environment; that is not known here.`;
  }
  if (PROXY_ARGS.includes(name)) return ` Proxy ARGs reach only RUN commands, and only when passed with \`--build-arg\`.`;
  return ' It expands to an empty string.';
}

function declares(instruction: Instruction, name: string): boolean {
  if (instruction.name === 'ARG') return argDeclarations(instruction).some((d) => d.name === name);
  if (instruction.name === 'ENV') return keyValuePairs(instruction).some((p) => p.key.value === name);
  return false;
}

/** Hover on the name an ARG or ENV declares: the value it has right after that line. */
export function declarationHover(model: DockerfileModel, instruction: Instruction, position: Position): HoverText | undefined {
  const scopes = scopesOf(model);
  if (instruction.name === 'ARG') {
    const decl = argDeclarations(instruction).find((d) => rangeContains(d.nameWord.range, position));
    if (!decl) return undefined;
    // Past the end of the line, every declaration of the line is in effect.
    const def = variablesAt(model, instruction, 'ARG', instruction.startLine, instruction.end + 1, false).get(decl.name);
    const scope = instruction.stageIndex < 0 ? 'Global ARG: FROM lines can use it; stages must declare it again to see it.' : 'Usable from the next line to the end of the stage.';
    const value = def ? valueText(def) : '_(no value)_';
    const inherited = decl.defaultValue === undefined && instruction.stageIndex >= 0 && scopes.global.has(decl.name) ? ' (the global value)' : '';
    return { markdown: `**ARG ${decl.name}** = ${value}${inherited}\n\n${scope} \`--build-arg ${decl.name}=...\` overrides it.`, range: decl.nameWord.range };
  }
  if (instruction.name === 'ENV' && instruction.stageIndex >= 0) {
    const pair = keyValuePairs(instruction).find((p) => rangeContains(p.key.range, position));
    if (!pair) return undefined;
    const stage = scopes.stages[instruction.stageIndex];
    const at = stage.stage.instructions.indexOf(instruction);
    const after = at + 1 < stage.before.length ? stage.before[at + 1] : stage.after;
    const value = after.get(pair.key.value)?.value;
    return { markdown: `**ENV ${pair.key.value}** = ${value ? code(value) : '_(empty string)_'}\n\nSet for the rest of the stage, for stages built FROM it, and in containers of the image.`, range: pair.key.range };
  }
  return undefined;
}
