// One build (or one prediction) from start to end: the Dockerfile model and its checks, the scopes
// with the build's arguments and the base images' environments, the stages the target needs
// (started together, so independent stages build in parallel; layer steps share a bounded pool),
// step numbering and records, and the shared services the steps use. A failing step stops the
// others (they clean up through the abort signal) and is reported with its file and lines.
import { performance } from 'node:perf_hooks';
import { BerthError, berthError, isAbortError, isNotFound } from '../image/berthError';
import type { Digest } from '../image/digest';
import { formatPlatform, hostPlatform, type Platform } from '../image/platform';
import { parseDockerfile, type DockerfileModel, type Instruction } from '../dockerfile/model';
import { argDeclarations, computeScopes, type Scopes, type VariableSet } from '../dockerfile/scope';
import { ExpansionError, mapEnvironment, processWord } from '../dockerfile/shellLexer';
import { keyValuePairs } from '../dockerfile/keyValues';
import { computeStageGraph, stagesNeeded } from '../dockerfile/stageGraph';
import { stageDisplayName } from '../dockerfile/stageReferences';
import type { Limiter } from '../registry/limiter';
import type { ContentStore } from '../store/contentStore';
import type { BaseImage, BaseImageSource } from './baseImages';
import type { BuildCache } from './buildCache';
import type { BuildFailure, BuildRecord, StepRecord } from './buildRecords';
import { BuildError, type BuildEvent, type BuildOptions, type BuildRequest, type StepProgress } from './buildRequest';
import type { CacheMounts } from './cacheMounts';
import type { ContentHashCache } from './contentHashCache';
import type { SourceTree } from './copySources';
import { checkDockerfile } from './dockerfileChecks';
import type { LayerWorkspace, NewLayer } from './layerWorkspace';
import { MergedView } from './mergedView';
import { StepExitError } from './runStep';
import { buildStage, type StepPlace } from './stageBuild';
import type { StageState } from './stageState';
import type { StepInputs } from './stepKey';
import type { RunStepExecutor } from './stepRunner';

export interface StepOutcome {
  readonly key: string;
  readonly cached: boolean;
  readonly reason?: string;
  readonly layer?: { readonly descriptor: { readonly digest: Digest; readonly size: number }; readonly diffId: Digest; readonly uncompressedSize?: number };
  readonly inputs?: StepInputs;
}

/** What a session uses; the Builder passes its own parts. */
export interface SessionServices {
  readonly content: ContentStore;
  readonly cache: BuildCache;
  readonly baseImages: BaseImageSource;
  readonly workspace: LayerWorkspace;
  readonly hashes: ContentHashCache;
  readonly cacheMounts: CacheMounts;
  readonly limiter: Limiter;
  readonly scratchDir: string;
  readonly runSteps?: RunStepExecutor;
  readonly previous?: BuildRecord;
}

const lastLineCount = 20;
const maxLogBytes = 1 << 20;

export class BuildSession {
  readonly model: DockerfileModel;
  scopes: Scopes;
  readonly platform: Platform;
  readonly records: StepRecord[] = [];
  failure: BuildFailure | undefined;
  /** Step key → when the step first ran (history times). */
  readonly created = new Map<string, string>();
  private readonly stages = new Map<number, Promise<StageState>>();
  private readonly images = new Map<string, Promise<{ image?: BaseImage; pulled: boolean }>>();
  private readonly numbers = new Map<string, number>();
  private total = 0;
  private readonly previousSteps = new Map<string, StepRecord>();
  private readonly abort = new AbortController();
  readonly signal: AbortSignal;
  private tree: SourceTree | undefined;
  private readonly verified = new Set<string>();

  constructor(
    readonly request: BuildRequest,
    readonly services: SessionServices,
    private readonly options: BuildOptions,
    /** Predict only: compute keys and look them up, run nothing. */
    readonly plan: boolean,
  ) {
    this.model = parseDockerfile(request.dockerfile.text);
    this.platform = request.platform ?? hostPlatform();
    this.scopes = this.computeScopes();
    this.signal = options.signal ? AbortSignal.any([options.signal, this.abort.signal]) : this.abort.signal;
    for (const step of services.previous?.steps ?? []) this.previousSteps.set(step.position, step);
  }

  get workspace(): LayerWorkspace { return this.services.workspace; }
  get hashes(): ContentHashCache { return this.services.hashes; }
  get cacheMounts(): CacheMounts { return this.services.cacheMounts; }
  get limiter(): Limiter { return this.services.limiter; }
  get scratchDir(): string { return this.services.scratchDir; }
  get runSteps(): RunStepExecutor | undefined { return this.services.runSteps; }

  private computeScopes(imageEnv?: (reference: string) => ReadonlyMap<string, string> | undefined): Scopes {
    return computeScopes(this.model, {
      buildArgs: new Map(Object.entries(this.request.buildArgs ?? {})),
      targetPlatform: this.platform,
      ...(this.request.target ? { target: this.request.target } : {}),
      ...(imageEnv ? { imageEnv } : {}),
    });
  }

  /** Checks, resolves base images, builds the target's stages; returns the target stage's state. */
  async run(): Promise<StageState> {
    checkDockerfile(this.model, this.request, (message, line) => this.emit({ type: 'warning', message, file: this.request.dockerfile.path, ...(line !== undefined ? { line } : {}) }));
    this.warnUnusedBuildArgs();
    const target = this.targetStage();
    const needed = stagesNeeded(computeStageGraph(this.model, this.scopes), target);
    const bases = needed.map((i) => this.scopes.stages[i]!.base).filter((b) => b.kind === 'image' && b.value !== '');
    const resolved = await Promise.all(bases.map(async (b) => [b.value, (await this.image(b.value, this.platform).catch(() => undefined))?.image] as const));
    const envs = new Map<string, Map<string, string>>();
    for (const [ref, image] of resolved) {
      if (!image) continue;
      const env = new Map<string, string>();
      const config = image.config.raw.config as { Env?: unknown; OnBuild?: unknown } | undefined;
      for (const e of (config?.Env as string[] | undefined) ?? []) {
        const eq = e.indexOf('=');
        env.set(eq < 0 ? e : e.slice(0, eq), eq < 0 ? '' : e.slice(eq + 1));
      }
      // ONBUILD triggers run right after FROM: their ENV is part of what the stage starts with
      for (const trigger of Array.isArray(config?.OnBuild) ? (config.OnBuild as string[]) : []) {
        const instruction = parseDockerfile(trigger).instructions[0];
        if (instruction?.name !== 'ENV') continue;
        for (const pair of keyValuePairs(instruction)) env.set(pair.key.value, processWord(pair.value.value, mapEnvironment(new Map(env)), '\\').result);
      }
      envs.set(ref, env);
    }
    this.scopes = this.computeScopes((ref) => envs.get(ref));
    for (const i of needed) {
      const config = resolved.find(([ref]) => ref === this.scopes.stages[i]!.base.value)?.[1]?.config.raw.config as { OnBuild?: unknown } | undefined;
      const triggers = config?.OnBuild;
      this.number(`${i}:from`);
      if (this.scopes.stages[i]!.base.kind === 'image' && Array.isArray(triggers)) triggers.forEach((_, k) => this.number(`${i}:trigger:${k}`));
      this.model.stages[i]!.instructions.forEach((_, k) => this.number(`${i}:${k}`));
    }
    const all = needed.map((i) => this.stage(i));
    const results = await Promise.allSettled(all);
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as unknown);
    // the step that failed first is the one to report; the others were stopped because of it
    if (failures.length) throw failures.find((e) => e instanceof BuildError && e.failure === this.failure) ?? failures[0];
    return (results[needed.indexOf(target)] as PromiseFulfilledResult<StageState>).value;
  }

  /** Docker's "build-args were not consumed" warning, for arguments no ARG declares. */
  private warnUnusedBuildArgs(): void {
    const declared = new Set(['HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY'].flatMap((p) => [p, p.toLowerCase()]));
    for (const name of this.scopes.global.keys()) declared.add(name);
    for (const ins of this.model.instructions) if (ins.name === 'ARG') for (const d of argDeclarations(ins)) declared.add(d.name);
    const unused = Object.keys(this.request.buildArgs ?? {}).filter((k) => !declared.has(k)).sort();
    if (unused.length) this.emit({ type: 'warning', message: `One or more build-args [${unused.join(' ')}] were not consumed` });
  }

  private targetStage(): number {
    const stages = this.model.stages;
    if (stages.length === 0) throw berthError('invalid-argument', 'the Dockerfile has no build stage (no FROM instruction)');
    if (!this.request.target) return stages.length - 1;
    const wanted = this.request.target.toLowerCase();
    let found = -1;
    for (const s of stages) if (s.name?.value.toLowerCase() === wanted) found = s.index;
    if (found < 0) throw berthError('invalid-argument', `target stage "${this.request.target}" could not be found`);
    return found;
  }

  private number(position: string): number {
    let n = this.numbers.get(position);
    if (n === undefined) {
      n = ++this.total;
      this.numbers.set(position, n);
    }
    return n;
  }

  stageName(index: number): string {
    return stageDisplayName(this.model, index);
  }

  /** Stage `index`'s final state, building it on first request. */
  stage(index: number): Promise<StageState> {
    let p = this.stages.get(index);
    if (!p) {
      p = buildStage(this, index).catch((err: unknown) => {
        this.abort.abort(err);
        throw err;
      });
      p.catch(() => undefined);
      this.stages.set(index, p);
    }
    return p;
  }

  /** A base or --from image: from the store, pulled when absent (or with --pull); predictions never pull. */
  image(reference: string, platform: Platform): Promise<{ image?: BaseImage; pulled: boolean }> {
    const key = `${reference} ${formatPlatform(platform)}`;
    let p = this.images.get(key);
    if (!p) {
      p = (async () => {
        const source = this.services.baseImages;
        if (this.plan || !this.request.pull) {
          const local = await source.findLocal(reference, platform);
          if (local || this.plan) return { ...(local ? { image: local } : {}), pulled: false };
        }
        const image = await source.resolve(reference, {
          platform, pull: true, signal: this.signal,
          onProgress: (progress) => this.emit({ type: 'pull', reference, progress }),
        });
        return { image, pulled: true };
      })();
      p.catch(() => undefined);
      this.images.set(key, p);
    }
    return p;
  }

  contextTree(): SourceTree {
    const context = this.request.context;
    this.tree ??= { view: new MergedView([context.dir], false), owner: 'root', description: 'build context', ...(context.ignore ? { ignore: context.ignore } : {}) };
    return this.tree;
  }

  previousStep(position: string, name: string): StepRecord | undefined {
    const step = this.previousSteps.get(position);
    return step?.instruction === name ? step : undefined;
  }

  variablesAfter(instruction: Instruction): VariableSet | undefined {
    const scope = this.scopes.stages[instruction.stageIndex];
    if (!scope) return undefined;
    const at = scope.stage.instructions.indexOf(instruction);
    return at < 0 ? undefined : scope.before[at + 1] ?? scope.after;
  }

  /** Seconds since the epoch for new files' times (SOURCE_DATE_EPOCH when given). */
  now(): number {
    return this.request.sourceDateEpoch ?? Math.floor(Date.now() / 1000);
  }

  /** The layer a cache record names, when its blob is still in the store. */
  async cachedLayer(key: string): Promise<StepOutcome['layer'] & { descriptor: { mediaType: string; digest: Digest; size: number } } | undefined> {
    const record = await this.services.cache.get(key);
    if (!record?.layer) return undefined;
    const { layer } = record;
    if (!this.verified.has(layer.digest)) {
      try {
        await this.services.content.info(layer.digest);
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
      this.verified.add(layer.digest);
    }
    this.created.set(key, record.created);
    return { descriptor: { mediaType: layer.mediaType, digest: layer.digest, size: layer.size }, diffId: layer.diffId, ...(layer.uncompressedSize !== undefined ? { uncompressedSize: layer.uncompressedSize } : {}) };
  }

  async recordLayer(key: string, layer: NewLayer): Promise<void> {
    const created = new Date(this.request.sourceDateEpoch !== undefined ? this.request.sourceDateEpoch * 1000 : Date.now()).toISOString();
    await this.services.cache.put({ key, created, layer: { ...layer.descriptor, diffId: layer.diffId, uncompressedSize: layer.uncompressedSize } });
    this.created.set(key, created);
  }

  emit(event: BuildEvent): void {
    if (!this.plan) this.options.onEvent?.(event);
  }

  private progressOf(state: StageState | undefined, place: StepPlace): StepProgress {
    const stage = place.position.slice(0, place.position.indexOf(':'));
    const index = Number(stage);
    return {
      index: this.number(place.position), total: this.total, stage: index,
      ...(this.model.stages[index]?.name ? { stageName: this.model.stages[index]!.name!.value } : state?.name ? { stageName: state.name } : {}),
      text: place.lines === place.instruction ? place.instruction.original.trim() : `${place.instruction.original.trim()} (ONBUILD trigger)`,
      file: this.request.dockerfile.path, startLine: place.lines.startLine, endLine: place.lines.endLine,
    };
  }

  /** Runs one step: progress events, timing, log, its record; a failure is located at the step. */
  async step(state: StageState | undefined, place: StepPlace, body: (log: (text: string) => void) => Promise<StepOutcome>): Promise<void> {
    const progress = this.progressOf(state, place);
    this.emit({ type: 'step-start', step: progress });
    const started = performance.now();
    let log = '';
    const append = (text: string) => {
      if (log.length < maxLogBytes) log += text;
      this.emit({ type: 'step-output', step: progress, stream: 'stdout', text });
    };
    let outcome: StepOutcome;
    try {
      outcome = await body(append);
    } catch (err) {
      if (err instanceof BuildError || isAbortError(err) || this.signal.aborted) throw err;
      const lines = log.split('\n').filter((l) => l !== '');
      const failure: BuildFailure = {
        message: err instanceof ExpansionError || err instanceof BerthError ? err.message : `internal error: ${(err as Error).message ?? String(err)}`,
        file: progress.file, startLine: progress.startLine, endLine: progress.endLine,
        ...(err instanceof StepExitError ? { exitCode: err.exitCode } : {}),
        ...(lines.length ? { lastLines: lines.slice(-lastLineCount) } : {}),
      };
      this.failure ??= failure;
      throw new BuildError(err instanceof BerthError ? err.kind : 'invalid-argument', failure, undefined, { cause: err });
    }
    const layerSize = outcome.layer?.uncompressedSize ?? 0;
    const record: StepRecord = {
      position: place.position, stage: progress.stage, ...(progress.stageName ? { stageName: progress.stageName } : {}),
      instruction: place.instruction.name, text: progress.text, file: progress.file, startLine: progress.startLine, endLine: progress.endLine,
      key: outcome.key, cached: outcome.cached, ...(outcome.reason ? { reason: outcome.reason } : {}),
      ...(outcome.layer ? { layer: { digest: outcome.layer.descriptor.digest, diffId: outcome.layer.diffId, size: outcome.layer.descriptor.size } } : {}),
      layerSize, durationMs: Math.round((performance.now() - started) * 10) / 10, log, ...(outcome.inputs ? { inputs: outcome.inputs } : {}),
    };
    this.records.push(record);
    this.emit({ type: 'step-done', step: progress, record });
  }
}
