/**
 * What a stage inherits from the stages it is built on, as BuildKit's dispatcher hands it down:
 * a stage `FROM other` starts from `other`'s final state, so it sees `other`'s ENV, the values of
 * its ARGs, its SHELL and its WORKDIR, and counts its ARG names as declared. The chain ends at
 * scratch or an image; only then is the environment known (scratch, or an image the engine
 * described to the scope computation). A stage can only be built on an earlier one, so the chain
 * always ends. The lint rules, the shell lookup and the editor's WORKDIR and ENV lookups all walk
 * the chain through this one list.
 */
import { VariableDefinition, Scopes } from './scope';

export interface StageAncestry {
  /** Stages this stage is built on, nearest first. */
  readonly ancestors: readonly number[];
  /** True when the base at the end of the chain is scratch. */
  readonly rootIsScratch: boolean;
  /** True when the environment of the base at the end of the chain is known. */
  readonly envKnown: boolean;
  /** ARGs declared in the ancestors (nearest wins): BuildKit treats them as declared here too. */
  readonly inheritedArgs: ReadonlyMap<string, VariableDefinition>;
}

const cache = new WeakMap<Scopes, StageAncestry[]>();

/** The ancestry of stage `stageIndex` under `scopes`, computed once per Scopes for all stages. */
export function stageAncestry(scopes: Scopes, stageIndex: number): StageAncestry {
  let all = cache.get(scopes);
  if (!all) cache.set(scopes, (all = computeAll(scopes)));
  return all[stageIndex];
}

function computeAll(scopes: Scopes): StageAncestry[] {
  const out: StageAncestry[] = [];
  for (const scope of scopes.stages) {
    const parent = scope.base.kind === 'stage' && scope.base.stage !== undefined ? out[scope.base.stage] : undefined;
    if (!parent || scope.base.stage === undefined) {
      out.push({ ancestors: [], rootIsScratch: scope.base.kind === 'scratch', envKnown: scope.baseEnvKnown, inheritedArgs: new Map() });
      continue;
    }
    const inheritedArgs = new Map(parent.inheritedArgs);
    for (const [name, definition] of scopes.stages[scope.base.stage].after) if (definition.kind === 'arg') inheritedArgs.set(name, definition);
    out.push({
      ancestors: [scope.base.stage, ...parent.ancestors],
      rootIsScratch: parent.rootIsScratch,
      envKnown: parent.envKnown,
      inheritedArgs,
    });
  }
  return out;
}
