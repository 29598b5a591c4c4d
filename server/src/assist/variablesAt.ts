/**
 * The variables that really get substituted at a place in a Dockerfile, for completion after `$`
 * and for hovers on `$NAME`. BuildKit expands most instructions itself with the stage's ARGs and
 * ENVs (FROM lines and global ARGs with the global ARGs and the automatic platform ARGs); but a
 * RUN's shell expands at run time with the ENVs, the stage's ARGs and any proxy variable passed
 * as a build argument, and CMD, ENTRYPOINT and HEALTHCHECK expand in the container, which only
 * has the image's environment. ONBUILD triggers run in a later build that only inherits the ENVs.
 * Scopes are computed once per model.
 */
import { DockerfileModel, Instruction } from '../../../engine/src/dockerfile/model';
import { argDeclarations, scopesOf, Scopes, VariableDefinition, VariableSet } from '../../../engine/src/dockerfile/scope';

/** The editor's scopes of a model, shared with the lint run of the same version. */
export { scopesOf };

/** Who expands the variables of an instruction's arguments. */
export type Expander = 'builder' | 'shell' | 'container' | 'downstream';

export function expanderOf(keyword: string, onbuild: boolean): Expander {
  if (onbuild) return 'downstream';
  switch (keyword.toUpperCase()) {
    case 'RUN':
      return 'shell';
    case 'CMD': case 'ENTRYPOINT': case 'HEALTHCHECK':
      return 'container';
    default:
      return 'builder';
  }
}

/** Docker's predefined proxy ARGs: set in RUN's environment when passed with --build-arg. */
export const PROXY_ARGS: readonly string[] = [
  'HTTP_PROXY', 'http_proxy', 'HTTPS_PROXY', 'https_proxy', 'FTP_PROXY', 'ftp_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY', 'all_proxy',
];

export interface VisibleVariable extends VariableDefinition {
  /** True for proxy ARGs: only set when the build passes them. */
  readonly predefined?: boolean;
}

/**
 * The variables substituted at `offset` in `instruction`'s arguments (or, when the model has no
 * instruction there yet, in a new instruction `keyword` at `line`). On an ARG line, names
 * declared earlier on the same line are visible too.
 */
export function variablesAt(
  model: DockerfileModel,
  instruction: Instruction | undefined,
  keyword: string,
  line: number,
  offset: number,
  onbuild: boolean,
): Map<string, VisibleVariable> {
  const scopes = scopesOf(model);
  const expander = expanderOf(keyword, onbuild);
  const base = new Map<string, VisibleVariable>(baseSet(model, scopes, instruction, keyword, line));
  if (instruction?.name === 'ARG' && !onbuild) {
    for (const decl of argDeclarations(instruction)) {
      if (decl.nameWord.end >= offset || (decl.defaultWord && decl.defaultWord.end >= offset)) break;
      // Without a default, a stage ARG takes the global ARG's value (what scope.ts does too).
      const inherited = instruction.stageIndex >= 0 ? scopes.global.get(decl.name)?.value : undefined;
      const value = decl.defaultValue === undefined ? inherited : scopes.expand(decl.defaultValue, base).value;
      base.set(decl.name, { name: decl.name, kind: instruction.stageIndex < 0 ? 'global-arg' : 'arg', instruction, nameWord: decl.nameWord, value });
    }
  }
  const out = new Map<string, VisibleVariable>();
  for (const [name, def] of base) {
    if ((expander === 'container' || expander === 'downstream') && def.kind !== 'env' && def.kind !== 'image') continue;
    out.set(name, def);
  }
  if (expander === 'shell') {
    for (const name of PROXY_ARGS) if (!out.has(name)) out.set(name, { name, kind: 'arg', value: undefined, predefined: true });
  }
  return out;
}

function baseSet(model: DockerfileModel, scopes: Scopes, instruction: Instruction | undefined, keyword: string, line: number): VariableSet {
  if (instruction) return scopes.before(instruction);
  const upper = keyword.toUpperCase();
  const firstFrom = model.stages[0]?.from.startLine ?? Infinity;
  if (upper === 'FROM' || line < firstFrom) return scopes.global;
  // A line the parse has no instruction for yet: what the next instruction below would see.
  const next = model.instructions.find((i) => i.startLine > line);
  if (next && next.name !== 'FROM' && next.stageIndex >= 0) return scopes.before(next);
  let stage = -1;
  for (const s of model.stages) if (s.from.startLine < line) stage = s.index;
  return stage >= 0 ? scopes.stages[stage].after : scopes.global;
}

/** A one-line description of where a variable comes from: "ARG (line 3)", "automatic platform ARG". */
export function describeOrigin(def: VisibleVariable): string {
  const line = def.instruction ? ` (line ${def.instruction.startLine + 1})` : '';
  switch (def.kind) {
    case 'global-arg':
      return `global ARG${line}`;
    case 'arg':
      return def.predefined ? 'predefined proxy ARG (set only when passed with --build-arg)' : `ARG${line}`;
    case 'env':
      return `ENV${line}`;
    case 'automatic':
      return 'automatic platform ARG (set by the builder)';
    case 'image':
      return 'environment of the base image';
  }
}
