/**
 * What a stage inherits from the stages it is built on, as BuildKit's dispatcher hands it down:
 * a stage `FROM other` starts from `other`'s final state, so it sees `other`'s ENV, the values of
 * its ARGs and its SHELL, counts its ARG names as declared and knows whether a WORKDIR was set.
 * The chain ends at scratch or an image; only then is the environment known (scratch, or an
 * image the engine described to the scope computation).
 */
import { VariableDefinition, Scopes } from '../../../scope';
import { LintContext } from '../../rule';

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

export function stageAncestry(context: LintContext, stageIndex: number): StageAncestry {
  let all = cache.get(context.scopes);
  if (!all) cache.set(context.scopes, (all = computeAll(context.scopes)));
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
