/**
 * Which variables each instruction sees, with Docker's scoping: ARGs before the first FROM are
 * global and only FROM lines see them; inside a stage an ARG takes a build argument if one was
 * given, else its default, else the global value of the same name; ENV values are expanded with
 * the variables set before that ENV line; a stage built FROM another stage starts from that
 * stage's variables (BuildKit carries ARG values over too); PATH is always set. Build arguments and the platform come in as options, so the
 * builder and the editor share one answer.
 */
import { DockerfileModel, Instruction, Stage, Word } from './model';
import { Environment, ExpansionError, processWord } from './shellLexer';
import { keyValuePairs } from './keyValues';
import { formatPlatform, Platform } from '../image/platform';

export type { Platform };

export interface ScopeOptions {
  /** `--build-arg` values; only declared ARGs take them. */
  readonly buildArgs?: ReadonlyMap<string, string>;
  readonly targetPlatform?: Platform;
  readonly buildPlatform?: Platform;
  /** The stage being built (`--target`), for TARGETSTAGE. */
  readonly target?: string;
  /** ENV of an image by reference, when the engine knows the image. */
  readonly imageEnv?: (reference: string) => ReadonlyMap<string, string> | undefined;
}

export type VariableKind = 'global-arg' | 'arg' | 'env' | 'automatic' | 'image';

export interface VariableDefinition {
  readonly name: string;
  readonly kind: VariableKind;
  /** The ARG or ENV instruction that defines it (absent for automatic and image variables). */
  readonly instruction?: Instruction;
  readonly nameWord?: Word;
  /** The value after expansion; undefined for an ARG declared without a value. */
  readonly value: string | undefined;
}

/** The variables in effect at one point, keyed by name. */
export type VariableSet = ReadonlyMap<string, VariableDefinition>;

export interface ResolvedBase {
  /** The base after expanding global ARGs (empty when it could not be expanded). */
  readonly value: string;
  readonly kind: 'scratch' | 'stage' | 'image';
  /** The stage index when `kind` is "stage". */
  readonly stage?: number;
  readonly expansionError?: string;
  /** Global ARGs the FROM line used but that have no value. */
  readonly unmatched: readonly string[];
}

export interface StageScope {
  readonly stage: Stage;
  readonly base: ResolvedBase;
  /** False when the base image's own ENV is not known (an image the engine has not described). */
  readonly baseEnvKnown: boolean;
  /** Variables before each of the stage's instructions (same order as Stage.instructions). */
  readonly before: readonly VariableSet[];
  /** Variables after the stage's last instruction. */
  readonly after: VariableSet;
  /** ENV only, as it would be written into the image config. */
  readonly imageEnv: ReadonlyMap<string, string>;
}

export interface Scopes {
  /** Global ARGs (and automatic platform args) as FROM lines see them. */
  readonly global: VariableSet;
  /** Global variables before each global ARG instruction. */
  readonly globalBefore: ReadonlyMap<Instruction, VariableSet>;
  readonly stages: readonly StageScope[];
  /** The variables visible to `instruction`'s arguments (globals for FROM and global ARGs). */
  before(instruction: Instruction): VariableSet;
  /** Expands `text` with `variables` using the file's escape token. */
  expand(text: string, variables: VariableSet): { value: string; unmatched: string[]; error?: string };
}

const DEFAULT_PLATFORM: Platform = { os: 'linux', architecture: 'amd64' };
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export function environmentOf(variables: VariableSet): Environment {
  return {
    get: (name) => {
      const v = variables.get(name);
      return v ? v.value : undefined;
    },
  };
}

/** BuildKit's default ARGs (dockerfile2llb defaultArgs); build arguments override them. */
function automaticArgs(target: Platform, build: Platform, stage: string, overrides: ReadonlyMap<string, string>): Map<string, VariableDefinition> {
  const entries: [string, string][] = [
    ['BUILDPLATFORM', formatPlatform(build)],
    ['BUILDOS', build.os],
    ['BUILDOSVERSION', build.osVersion ?? ''],
    ['BUILDARCH', build.architecture],
    ['BUILDVARIANT', build.variant ?? ''],
    ['TARGETPLATFORM', formatPlatform(target)],
    ['TARGETOS', target.os],
    ['TARGETOSVERSION', target.osVersion ?? ''],
    ['TARGETARCH', target.architecture],
    ['TARGETVARIANT', target.variant ?? ''],
    ['TARGETSTAGE', stage],
  ];
  return new Map(entries.map(([name, value]) => [name, { name, kind: 'automatic', value: overrides.get(name) ?? value }]));
}

const defaultScopes = new WeakMap<DockerfileModel, Scopes>();

/** The scopes of a model with no build arguments (what the editor shows), computed once per model. */
export function scopesOf(model: DockerfileModel): Scopes {
  let scopes = defaultScopes.get(model);
  if (!scopes) defaultScopes.set(model, (scopes = computeScopes(model)));
  return scopes;
}

export function computeScopes(model: DockerfileModel, options: ScopeOptions = {}): Scopes {
  const escape = model.escapeToken;
  const buildArgs = options.buildArgs ?? new Map<string, string>();
  const expand = (text: string, variables: VariableSet) => {
    try {
      const r = processWord(text, environmentOf(variables), escape);
      return { value: r.result, unmatched: [...r.unmatched] };
    } catch (err) {
      if (err instanceof ExpansionError) return { value: '', unmatched: [], error: err.message };
      throw err;
    }
  };

  const global = automaticArgs(
    options.targetPlatform ?? DEFAULT_PLATFORM,
    options.buildPlatform ?? options.targetPlatform ?? DEFAULT_PLATFORM,
    options.target || 'default',
    buildArgs,
  );
  const globalBefore = new Map<Instruction, VariableSet>();
  for (const arg of model.globalArgs) {
    globalBefore.set(arg, new Map(global));
    declareArgs(arg, global, global, 'global-arg', buildArgs, expand);
  }

  const stageScopes: StageScope[] = [];
  const stageIndexByName = new Map<string, number>();
  for (const stage of model.stages) {
    const base = resolveBase(stage, global, stageIndexByName, expand);
    let vars = new Map<string, VariableDefinition>();
    let imageEnv = new Map<string, string>();
    let baseEnvKnown = true;
    const parent = base.kind === 'stage' && base.stage !== undefined ? stageScopes[base.stage] : undefined;
    if (parent) {
      // BuildKit starts a child stage from its parent's state: the parent's ENV and, unlike what
      // Docker's documentation says, the values of the parent's ARGs too (dispatchState.init).
      imageEnv = new Map(parent.imageEnv);
      vars = new Map(parent.after);
      baseEnvKnown = parent.baseEnvKnown;
    } else if (base.kind === 'image') {
      const known = options.imageEnv?.(base.value);
      if (known) imageEnv = new Map(known);
      else baseEnvKnown = false;
    }
    if (!imageEnv.has('PATH')) imageEnv.set('PATH', DEFAULT_PATH);
    for (const [name, value] of imageEnv) if (!vars.has(name)) vars.set(name, { name, kind: 'image', value });

    const before: VariableSet[] = [];
    for (const instruction of stage.instructions) {
      before.push(vars);
      if (instruction.name === 'ARG') {
        vars = new Map(vars);
        declareArgs(instruction, vars, global, 'arg', buildArgs, expand);
      } else if (instruction.name === 'ENV') {
        const next = new Map(vars);
        for (const pair of keyValuePairs(instruction)) {
          const value = expand(pair.value.value, vars).value;
          next.set(pair.key.value, { name: pair.key.value, kind: 'env', instruction, nameWord: pair.key, value });
          imageEnv.set(pair.key.value, value);
        }
        vars = next;
      }
    }
    stageScopes.push({ stage, base, baseEnvKnown, before, after: vars, imageEnv });
    if (stage.name) stageIndexByName.set(stage.name.value.toLowerCase(), stage.index);
  }

  const before = (instruction: Instruction): VariableSet => {
    if (instruction.stageIndex < 0 || instruction.name === 'FROM') return globalBefore.get(instruction) ?? global;
    const scope = stageScopes[instruction.stageIndex];
    const at = scope.stage.instructions.indexOf(instruction);
    return at >= 0 ? scope.before[at] : scope.after;
  };
  return { global, globalBefore, stages: stageScopes, before, expand };
}

/** ARG name[=default] ...: each name sees the ones declared before it on the same line. */
function declareArgs(
  instruction: Instruction,
  into: Map<string, VariableDefinition>,
  global: ReadonlyMap<string, VariableDefinition>,
  kind: VariableKind,
  buildArgs: ReadonlyMap<string, string>,
  expand: Scopes['expand'],
): void {
  for (const decl of argDeclarations(instruction)) {
    let value: string | undefined;
    if (buildArgs.has(decl.name)) value = buildArgs.get(decl.name);
    else if (decl.defaultValue !== undefined) value = expand(decl.defaultValue, into).value;
    else if (kind === 'arg') value = global.get(decl.name)?.value;
    into.set(decl.name, { name: decl.name, kind, instruction, nameWord: decl.nameWord, value });
  }
}

export interface ArgDeclaration {
  readonly name: string;
  readonly nameWord: Word;
  /** The default as written (before expansion), if any. */
  readonly defaultValue: string | undefined;
  readonly defaultWord: Word | undefined;
}

/** The names of an ARG instruction, with their defaults. */
export function argDeclarations(instruction: Instruction): ArgDeclaration[] {
  return instruction.args.map((w) => {
    const eq = w.value.indexOf('=');
    if (eq < 0) return { name: w.value, nameWord: w, defaultValue: undefined, defaultWord: undefined };
    const range = w.range;
    const nameWord: Word = {
      value: w.value.slice(0, eq),
      start: w.start,
      end: w.start + eq,
      range: { start: range.start, end: { line: range.start.line, character: range.start.character + eq } },
    };
    const defaultWord: Word = {
      value: unquote(w.value.slice(eq + 1)),
      start: w.start + eq + 1,
      end: w.end,
      range: { start: { line: range.start.line, character: range.start.character + eq + 1 }, end: range.end },
    };
    return { name: nameWord.value, nameWord, defaultValue: w.value.slice(eq + 1), defaultWord };
  });
}

function unquote(value: string): string {
  return value.length >= 2 && (value[0] === '"' || value[0] === "'") && value[value.length - 1] === value[0] ? value.slice(1, -1) : value;
}

function resolveBase(stage: Stage, global: VariableSet, stages: ReadonlyMap<string, number>, expand: Scopes['expand']): ResolvedBase {
  if (!stage.base) return { value: '', kind: 'image', unmatched: [] };
  const r = expand(stage.base.value, global);
  const unmatched = r.unmatched.filter((name) => !global.get(name)?.value);
  if (r.error) return { value: '', kind: 'image', expansionError: r.error, unmatched };
  // BuildKit compares the base with "scratch" and with (lower-cased) stage names exactly, so
  // `FROM SCRATCH` and `FROM Build` name images.
  if (r.value === 'scratch') return { value: r.value, kind: 'scratch', unmatched };
  const index = stages.get(r.value);
  if (index !== undefined) return { value: r.value, kind: 'stage', stage: index, unmatched };
  return { value: r.value, kind: 'image', unmatched };
}
