/**
 * The environment BuildKit expands an instruction's words with: the stage's state before the
 * instruction (base image ENV, the stage's ENV, the values of its ARGs) plus what the stage
 * inherits from the stages it is built on. BuildKit never reports a variable as undefined when it
 * was declared by an ARG of the stage or of a stage it is built on, even without a value; nor the
 * two SBOM arguments it keeps out of the environment.
 */
import { Instruction } from '../../../model';
import { VariableSet } from '../../../scope';
import { Environment } from '../../../shellLexer';
import { stageAncestry } from '../../../stageAncestry';
import { LintContext } from '../../rule';

/** BuildKit's nonEnvArgs: build arguments that configure the build, never set in the environment. */
const NON_ENV_ARGS = new Set(['BUILDKIT_SBOM_SCAN_CONTEXT', 'BUILDKIT_SBOM_SCAN_STAGE']);

export interface InstructionEnvironment {
  readonly variables: VariableSet;
  readonly env: Environment;
  /** True when BuildKit would not report `name` as undefined here. */
  isDeclared(name: string): boolean;
  /** Names that have a value, in definition order (BuildKit's candidates for "did you mean"). */
  keys(): string[];
  /** True when the base image's environment is known, so an unset name is truly unset. */
  readonly envKnown: boolean;
}

export function instructionEnvironment(context: LintContext, instruction: Instruction): InstructionEnvironment {
  const variables = context.scopes.before(instruction);
  const ancestry = instruction.stageIndex >= 0 ? stageAncestry(context.scopes, instruction.stageIndex) : undefined;
  const inherited = ancestry?.inheritedArgs ?? new Map();
  return {
    variables,
    env: { get: (name) => variables.get(name)?.value ?? inherited.get(name)?.value },
    isDeclared: (name) => variables.has(name) || inherited.has(name) || NON_ENV_ARGS.has(name),
    keys: () => {
      const names = new Set<string>();
      for (const [name, definition] of variables) if (definition.value !== undefined) names.add(name);
      for (const [name, definition] of inherited) if (definition.value !== undefined) names.add(name);
      return [...names];
    },
    envKnown: ancestry?.envKnown ?? true,
  };
}

/** `environment` with extra names set on top (ARGs declared earlier on the same line). */
export function withOverlay(environment: Environment, overlay: ReadonlyMap<string, string | undefined>): Environment {
  return { get: (name) => (overlay.has(name) ? (overlay.get(name) ?? environment.get(name)) : environment.get(name)) };
}
