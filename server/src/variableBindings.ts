/**
 * Binds every `$VAR` of a Dockerfile to the ARG or ENV declaration it reads, for the symbol index
 * (symbolReferences.ts). The builder's scopes say which definition is in effect before each
 * instruction; this module adds what they leave implicit: declarations earlier on the same ARG
 * line, the global ARG behind a stage ARG without a default, ENV inherited through `FROM stage`,
 * and the container's view for CMD, ENTRYPOINT and HEALTHCHECK (ENV only, since ARGs are gone by
 * the time the container runs).
 */
import { DockerfileModel, Instruction, VariableUse } from '../../engine/src/dockerfile/model';
import { argDeclarations, Scopes, VariableSet } from '../../engine/src/dockerfile/scope';
import { keyValuePairs } from '../../engine/src/dockerfile/keyValues';
import { stageAncestry } from '../../engine/src/dockerfile/stageAncestry';
import type { DockerSymbol, Occurrence, SymbolCollector, VariableOrigin } from './symbolReferences';

/** Names the builder sets itself: renaming their declaration would lose the value it provides. */
const PLATFORM_ARGS = new Set(['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT']);

/** Instructions whose variables are read when the container runs, where only ENV is set. */
const RUNTIME = new Set(['CMD', 'ENTRYPOINT', 'HEALTHCHECK']);

export function builderVariableRefusal(name: string): string | undefined {
  if (PLATFORM_ARGS.has(name)) return `${name} is a platform ARG the builder sets; renaming it would lose its value.`;
  if (name === 'SOURCE_DATE_EPOCH' || name.startsWith('BUILDKIT_')) return `${name} is read by the builder under this name; renaming it would change the build.`;
  return undefined;
}

interface Unbound {
  readonly key: string;
  readonly origin: VariableOrigin;
  readonly name: string;
  readonly refusal: string;
}

interface EnvDeclaration {
  /** Index in the stage's instructions. */
  readonly at: number;
  readonly occurrence: Occurrence;
}

export function bindVariables(model: DockerfileModel, scopes: Scopes, collector: SymbolCollector): void {
  const byNameStart = new Map<number, Occurrence>();
  const envByStage = model.stages.map(() => new Map<string, EnvDeclaration[]>());
  const unresolved = new Map<string, DockerSymbol>();

  const declareArgs = (instruction: Instruction) => {
    for (const decl of argDeclarations(instruction)) {
      const global = instruction.stageIndex >= 0 && decl.defaultValue === undefined ? scopes.global.get(decl.name) : undefined;
      const globalOccurrence = global?.kind === 'global-arg' && global.nameWord ? byNameStart.get(global.nameWord.start) : undefined;
      const symbol = globalOccurrence?.symbol ?? collector.symbol('variable', decl.name, builderVariableRefusal(decl.name));
      symbol.origin = 'arg';
      const occurrence = collector.add(symbol, decl.nameWord.start, decl.nameWord.end, true, 'edit', globalOccurrence ? [globalOccurrence] : []);
      byNameStart.set(decl.nameWord.start, occurrence);
    }
  };
  for (const arg of model.globalArgs) declareArgs(arg);
  for (const stage of model.stages) {
    stage.instructions.forEach((instruction, at) => {
      if (instruction.name === 'ARG') declareArgs(instruction);
      if (instruction.name !== 'ENV') return;
      for (const pair of keyValuePairs(instruction)) {
        const name = pair.key.value;
        const symbol = collector.symbol('variable', name);
        symbol.origin = 'env';
        const occurrence = collector.add(symbol, pair.key.start, pair.key.end, true, 'edit');
        byNameStart.set(pair.key.start, occurrence);
        const list = envByStage[stage.index].get(name) ?? [];
        list.push({ at, occurrence });
        envByStage[stage.index].set(name, list);
      }
    });
  }

  /** The ENV declaration a stage inherits from its parent stages, or the stage whose base image sets it. */
  const inherited = (stageIndex: number, name: string): Occurrence | number => {
    if (stageIndex < 0) return stageIndex;
    const { ancestors } = stageAncestry(scopes, stageIndex);
    for (const ancestor of ancestors) {
      const list = envByStage[ancestor].get(name);
      if (list?.length) return list[list.length - 1].occurrence;
    }
    return ancestors.length ? ancestors[ancestors.length - 1] : stageIndex;
  };
  /** ENV alone, as the container sees it after instruction `at` of the stage. */
  const envOnly = (stageIndex: number, at: number, name: string): Occurrence | number => {
    const list = envByStage[stageIndex].get(name) ?? [];
    for (let i = list.length - 1; i >= 0; i--) if (list[i].at < at) return list[i].occurrence;
    return inherited(stageIndex, name);
  };

  /** What a use binds to when it is not declared here: a shared symbol per scope and name. */
  const unbound = (origin: VariableOrigin, key: string, name: string, refusal: string): Unbound => ({ origin, key, name, refusal });

  const resolve = (instruction: Instruction, name: string, vars: VariableSet, stageIndex: number, at: number): Occurrence | Unbound => {
    const definition = vars.get(name);
    const kind = definition?.kind;
    let target: Occurrence | number | undefined;
    if (stageIndex >= 0 && instruction.name !== 'FROM' && RUNTIME.has(instruction.name) && kind !== 'env') target = envOnly(stageIndex, at, name);
    else if (definition?.nameWord) target = byNameStart.get(definition.nameWord.start);
    else if (kind === 'image') target = inherited(stageIndex, name);
    if (typeof target === 'object') return target;
    if (typeof target === 'number') {
      return unbound('image', `image:${target}:${name}`, name, `${name} is not set by ENV in this Dockerfile; here its value comes from the base image, if it sets one.`);
    }
    if (kind === 'automatic') return unbound('builder', `auto:${name}`, name, builderVariableRefusal(name) ?? `${name} is set by the builder.`);
    const global = stageIndex < 0 || instruction.name === 'FROM';
    const where = global ? 'as a global ARG' : 'in this stage at this point';
    return unbound('undeclared', `undefined:${global ? 'global' : stageIndex}:${name}`, name, `${name} is not declared ${where}; there is nothing to rename.`);
  };

  const bind = (instruction: Instruction, vars: VariableSet, stageIndex: number, at: number) => {
    for (const use of instruction.variables) {
      const start = model.lines.offsetAt(use.nameRange.start);
      const end = model.lines.offsetAt(use.nameRange.end);
      const target =
        instruction.name === 'ONBUILD'
          ? unbound('onbuild', `onbuild:${instruction.index}:${use.name}`, use.name, 'Variables in ONBUILD triggers are expanded by the builds that use this image, not by this Dockerfile.')
          : (sameLineDeclaration(instruction, use, start, byNameStart) ?? resolve(instruction, use.name, vars, stageIndex, at));
      if ('key' in target) {
        let symbol = unresolved.get(target.key);
        if (!symbol) {
          symbol = collector.symbol('variable', target.name, target.refusal);
          symbol.origin = target.origin;
          unresolved.set(target.key, symbol);
        }
        collector.add(symbol, start, end, false, 'edit');
        continue;
      }
      const definitions = target.definitions[0] === target ? [target] : [target, ...target.definitions];
      collector.add(target.symbol, start, end, false, 'edit', definitions);
    }
  };

  for (const arg of model.globalArgs) bind(arg, scopes.globalBefore.get(arg) ?? scopes.global, -1, 0);
  for (const stage of model.stages) {
    bind(stage.from, scopes.global, stage.index, -1);
    const scope = scopes.stages[stage.index];
    stage.instructions.forEach((instruction, at) => bind(instruction, scope.before[at], stage.index, at));
  }
}

/** ARG A=1 B=$A: a default reads the names declared before it on the same line. */
function sameLineDeclaration(instruction: Instruction, use: VariableUse, offset: number, byNameStart: ReadonlyMap<number, Occurrence>): Occurrence | undefined {
  if (instruction.name !== 'ARG' || use.inHeredoc) return undefined;
  let found: Occurrence | undefined;
  for (const decl of argDeclarations(instruction)) {
    if (decl.nameWord.start >= offset) break;
    // A use inside a declaration's own default (ARG A=$A) reads the earlier value, not itself.
    const ownDefault = decl.defaultWord !== undefined && offset >= decl.defaultWord.start && offset <= decl.defaultWord.end;
    if (decl.name === use.name && !ownDefault) found = byNameStart.get(decl.nameWord.start);
  }
  return found;
}
