// One stage, instruction by instruction, with BuildKit's semantics: FROM starts from scratch, an
// image or an earlier stage (and runs the base image's ONBUILD triggers); config-only
// instructions change the config (metadataSteps.ts); WORKDIR, COPY, ADD and RUN are layer steps:
// their inputs give a cache key, a hit reuses the recorded layer, a miss runs the step on a fresh
// writable layer (or, for a prediction, just says it would). The same code plans and builds, so a
// prediction computes exactly the keys the build would.
import { posix } from 'node:path';
import { berthError } from '../image/berthError';
import { formatPlatform, parsePlatformSpecifier, type Platform } from '../image/platform';
import { parseDockerfile, type Instruction } from '../dockerfile/model';
import { argDeclarations, environmentOf, type VariableSet } from '../dockerfile/scope';
import { processWord } from '../dockerfile/shellLexer';
import type { Mount } from '../snapshot/snapshotter';
import { builtLayers, type BuiltLayer, type NewLayer } from './layerWorkspace';
import type { BuildSession, StepOutcome } from './buildSession';
import { resolveOwner } from './chownSpec';
import { makeDirectories, viewOf, type LayerTarget } from './copyInto';
import { planCopy } from './copyStep';
import { applyMetadata, argHistory, type Expander } from './metadataSteps';
import { planRun } from './runStep';
import { defaultPath, StageConfig } from './stageConfig';
import { StageState } from './stageState';
import { explainMiss, stepKey, type StepInputs } from './stepKey';

/** A step that writes a layer, described before it runs. */
export interface LayerStep {
  readonly inputs: StepInputs;
  /** BuildKit's created_by line. */
  readonly history: string;
  /** BuildKit marks steps run on its LLB state with ` # buildkit` (RUN, COPY, ADD; not WORKDIR). */
  readonly buildkitSuffix: boolean;
  /** Why the stages it reads from were rebuilt, for its own miss reason. */
  readonly sourceReason?: string;
  /** COPY --link: the layer is made over nothing, independent of the layers below. */
  readonly independent?: boolean;
  /** Writes the step's files into a fresh layer over the stage's (COPY, ADD, WORKDIR)… */
  execute?(target: LayerTarget, mounts: readonly Mount[], log: (text: string) => void): Promise<void>;
  /** …or makes the layer itself over `layers` (RUN, through the container runtime). */
  produce?(layers: readonly BuiltLayer[], log: (text: string) => void): Promise<NewLayer>;
  /** Releases what planning acquired (downloads, temporary files), run or not. */
  cleanup?(): Promise<void>;
}

/** Where an instruction is and what its variables are. */
export interface StepPlace {
  readonly position: string;
  readonly instruction: Instruction;
  /** Lines to report (a trigger reports its FROM line). */
  readonly lines: Instruction;
  readonly variables: VariableSet;
}

export function expanderOf(variables: VariableSet, escapeToken: string): Expander {
  const env = environmentOf(variables);
  return {
    word: (text) => processWord(text, env, escapeToken).result,
    words: (text) => processWord(text, env, escapeToken).words,
  };
}

/** system.NormalizeWorkdir: relative paths are under the current one; the result is clean and absolute. */
export function normalizeWorkdir(current: string, requested: string): string {
  if (requested === '') throw berthError('invalid-argument', 'cannot normalize nothing');
  return posix.normalize(requested.startsWith('/') ? requested : posix.join('/', current || '/', requested)).replace(/(.)\/+$/, '$1');
}

async function layerStep(session: BuildSession, state: StageState, place: StepPlace, step: LayerStep, log: (text: string) => void): Promise<StepOutcome> {
  try {
    const key = stepKey(step.inputs);
    const fsKey = step.independent ? stepKey({ parent: state.fsKey, instruction: 'link', sources: key }) : key;
    state.config.commit(step.history, true, key, step.buildkitSuffix);
    const hit = session.request.noCache ? undefined : await session.cachedLayer(key);
    if (hit) {
      state.added.push({ descriptor: hit.descriptor, diffId: hit.diffId, stepKey: key });
      state.fsKey = fsKey;
      return { key, cached: true, layer: hit, inputs: step.inputs };
    }
    const previous = session.previousStep(place.position, place.instruction.name);
    const reason = session.request.noCache ? '--no-cache' : explainMiss(previous?.inputs, step.inputs, state.lastMissReason, step.sourceReason);
    state.allCached = false;
    // the first miss is the cause of the ones after it
    state.lastMissReason ??= `line ${place.lines.startLine + 1}: ${reason}`;
    state.fsKey = fsKey;
    if (session.plan) {
      state.layersKnown = false;
      return { key, cached: false, reason, inputs: step.inputs };
    }
    const below = step.independent ? [] : state.layers();
    const layer = await session.limiter.run(() => {
      if (step.produce) return step.produce(below, log);
      return session.workspace.newLayer(below, (target, mounts) => step.execute!(target, mounts, log), {
        ...(session.request.sourceDateEpoch !== undefined ? { sourceDateEpoch: session.request.sourceDateEpoch } : {}),
        ...(session.signal ? { signal: session.signal } : {}),
      });
    });
    await session.recordLayer(key, layer);
    state.added.push({ descriptor: layer.descriptor, diffId: layer.diffId, stepKey: key });
    return { key, cached: false, reason, layer, inputs: step.inputs };
  } finally {
    await step.cleanup?.();
  }
}

function metadataStep(session: BuildSession, state: StageState, place: StepPlace, text: string | undefined): StepOutcome {
  const key = stepKey({ parent: state.fsKey, instruction: text ?? place.instruction.original });
  if (text !== undefined) state.config.commit(text, false, key);
  const cached = state.allCached && !session.request.noCache;
  const reason = session.request.noCache ? '--no-cache' : `an earlier step ran (${state.lastMissReason ?? 'the base changed'})`;
  return { key, cached, ...(cached ? {} : { reason }) };
}

function workdirStep(session: BuildSession, state: StageState, place: StepPlace, expand: Expander): LayerStep | string {
  const wd = normalizeWorkdir(state.config.workingDir, expand.word(place.instruction.args[0]?.value ?? ''));
  state.config.workingDir = wd;
  if (wd === '/') return `WORKDIR ${wd}`;
  const user = state.config.user;
  return {
    inputs: { parent: state.fsKey, instruction: `WORKDIR ${wd}`, settings: { user } },
    history: `WORKDIR ${wd}`,
    buildkitSuffix: false,
    execute: async (target) => {
      const owner = resolveOwner(user, viewOf(target));
      await makeDirectories(target, wd, { now: session.now(), ...(owner ? { owner } : {}) });
    },
  };
}

/** Runs one instruction of the stage (or one ONBUILD trigger of its base image). */
async function dispatch(session: BuildSession, state: StageState, place: StepPlace): Promise<void> {
  const ins = place.instruction;
  await session.step(state, place, async (log) => {
    if (ins.parseErrors.length > 0) throw berthError('invalid-argument', ins.parseErrors[0]!);
    const expand = expanderOf(place.variables, session.model.escapeToken);
    switch (ins.name) {
      case 'RUN':
        return layerStep(session, state, place, await planRun(session, state, place, expand), log);
      case 'COPY':
      case 'ADD':
        return layerStep(session, state, place, await planCopy(session, state, place, expand), log);
      case 'WORKDIR': {
        const step = workdirStep(session, state, place, expand);
        return typeof step === 'string' ? metadataStep(session, state, place, step) : layerStep(session, state, place, step, log);
      }
      case 'ARG': {
        const after = session.variablesAfter(ins) ?? place.variables;
        const values = argDeclarations(ins).map((d) => ({ name: d.name, value: after.get(d.name)?.value }));
        for (const v of values) if (!state.argNames.includes(v.name)) state.argNames.push(v.name);
        return metadataStep(session, state, place, argHistory(values));
      }
      case 'FROM':
        throw berthError('invalid-argument', 'FROM is not allowed here (ONBUILD triggers cannot be FROM)');
      default:
        return metadataStep(session, state, place, applyMetadata(ins, state.config, expand));
    }
  });
}

/** The platform a stage builds for: its FROM --platform (global ARGs expanded) or the build's. */
function stagePlatform(session: BuildSession, index: number): Platform {
  const flag = session.model.stages[index]!.platform;
  if (!flag?.value) return session.platform;
  const text = processWord(flag.value, environmentOf(session.scopes.global), session.model.escapeToken).result;
  const parsed = parsePlatformSpecifier(text, session.platform);
  if ('error' in parsed) throw berthError('invalid-argument', `failed to parse platform ${text}: ${parsed.error.kind}`);
  return parsed.platform;
}

async function fromStep(session: BuildSession, index: number): Promise<StageState> {
  const stage = session.model.stages[index]!;
  const scope = session.scopes.stages[index]!;
  const name = stage.name?.value.toLowerCase();
  let state: StageState | undefined;
  const place: StepPlace = { position: `${index}:from`, instruction: stage.from, lines: stage.from, variables: session.scopes.global };
  // a stage built on another starts once that one is done, so its FROM step reads after the other's steps
  const parent = scope.base.kind === 'stage' && scope.base.stage !== undefined && !scope.base.expansionError ? await session.stage(scope.base.stage) : undefined;
  await session.step(undefined, place, async () => {
    const base = scope.base;
    if (base.expansionError) throw berthError('invalid-argument', base.expansionError);
    if (parent) {
      state = parent.child(index, name);
      return { key: state.fsKey, cached: parent.allCached };
    }
    const platform = stagePlatform(session, index);
    if (base.kind === 'scratch') {
      const key = stepKey({ parent: '', instruction: 'FROM scratch', base: `scratch ${formatPlatform(platform)}` });
      state = new StageState(index, name, StageConfig.scratch(platform), undefined, [], [], key);
      return { key, cached: true };
    }
    if (base.value === '') throw berthError('invalid-argument', 'base name (FROM) cannot be empty: an ARG it uses has no value');
    const resolved = await session.image(base.value, platform);
    if (!resolved.image) {
      const key = stepKey({ parent: '', instruction: 'FROM', base: `unresolved ${base.value} ${formatPlatform(platform)}` });
      state = new StageState(index, name, StageConfig.scratch(platform), undefined, [], [], key);
      state.layersKnown = false;
      state.allCached = false;
      state.lastMissReason = `base image ${base.value} is not in the store`;
      return { key, cached: false, reason: `${base.value} is not in the store: the build will pull it` };
    }
    const image = resolved.image;
    const layers = await builtLayers(image.image);
    const inputs = { parent: '', instruction: 'FROM', base: `${image.digest} ${formatPlatform(platform)}` };
    const key = stepKey(inputs);
    state = new StageState(index, name, StageConfig.fromImage(image.config), image.image, layers, [], key);
    const previous = session.previousStep(place.position, 'FROM');
    if (previous && previous.key !== key) state.lastMissReason = `line ${stage.from.startLine + 1}: base image ${base.value} changed (now ${image.digest.slice(0, 19)}…)`;
    return { key, cached: !resolved.pulled, inputs, ...(resolved.pulled ? { reason: `pulled ${image.reference}` } : {}) };
  });
  const s = state!;
  if (!s.config.env.has('PATH')) s.config.env.set('PATH', defaultPath);
  if (scope.base.kind === 'image') {
    const triggers = s.config.onBuild;
    s.config.onBuild = [];
    for (const [k, trigger] of triggers.entries()) {
      const parsed = parseDockerfile(trigger).instructions;
      if (parsed.length !== 1) throw berthError('invalid-argument', `ONBUILD trigger ${JSON.stringify(trigger)} of the base image should be a single expression`);
      await dispatch(session, s, { position: `${index}:trigger:${k}`, instruction: parsed[0]!, lines: stage.from, variables: scope.before[0] ?? scope.after });
    }
  }
  return s;
}

/** Builds stage `index` (waiting for the stages it uses) and returns its final state. */
export async function buildStage(session: BuildSession, index: number): Promise<StageState> {
  const state = await fromStep(session, index);
  const stage = session.model.stages[index]!;
  const scope = session.scopes.stages[index]!;
  for (const [i, instruction] of stage.instructions.entries()) {
    session.signal?.throwIfAborted();
    await dispatch(session, state, { position: `${index}:${i}`, instruction, lines: instruction, variables: scope.before[i]! });
  }
  return state;
}
