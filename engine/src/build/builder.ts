// The builder (ARCHITECTURE's `build/`): turns a Dockerfile and a context into an image, records
// every build, predicts which steps a build would take from the cache, and manages the build
// cache. The composition root builds one with the store, the snapshotter, the image source for
// FROM and the runtime's RunStepExecutor; the API (POST /build, /berth/v1/builds), the CLI and the
// editor's build history are clients of these methods.
//
//   const builder = await Builder.open({ root, content, images, snapshotter, baseImages, runSteps });
//   const context = await contextFromDirectory(dir, dockerfilePath);
//   const { imageId } = await builder.build({ context, dockerfile: { path, text }, tags: ['app'] }, { onEvent });
//   const last = await builder.lastBuild(path);           // steps with lines, keys, hits, sizes, logs
//   const next = await builder.predict({ context, dockerfile: { path, text } });
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { BerthError, isAbortError } from '../image/berthError';
import { createLimiter, type Limiter } from '../registry/limiter';
import type { Snapshotter } from '../snapshot/snapshotter';
import type { Leases } from '../store/leases';
import type { BaseImageSource } from './baseImages';
import { BuildCache, type CacheRecord } from './buildCache';
import type { BuildContext } from './buildContext';
import { BuildRecords, newBuildId, type BuildFailure, type BuildRecord } from './buildRecords';
import { BuildError, type BuildOptions, type BuildRequest, type BuildResult } from './buildRequest';
import { BuildSession } from './buildSession';
import { CacheMounts, type CacheMountInfo } from './cacheMounts';
import { ContentHashCache } from './contentHashCache';
import { normalizeTags, writeBuiltImage, type ImageSink } from './imageOutput';
import { LayerWorkspace } from './layerWorkspace';
import type { RunStepExecutor } from './stepRunner';

export interface BuilderParts extends ImageSink {
  /** Where the builder keeps its cache records, build records, hash signatures, cache mounts and temporary files. */
  readonly root: string;
  readonly snapshotter: Snapshotter;
  readonly leases?: Leases;
  readonly baseImages: BaseImageSource;
  /** The container runtime for RUN; without it RUN steps fail (everything else builds). */
  readonly runSteps?: RunStepExecutor;
  /** Layer steps running at once across builds (default: the number of CPUs). */
  readonly parallelism?: number;
}

export interface PredictedStep {
  readonly position: string;
  readonly instruction: string;
  readonly text: string;
  readonly startLine: number;
  readonly endLine: number;
  readonly key: string;
  /** True when the build would take the step from the cache. */
  readonly cached: boolean;
  readonly reason?: string;
}

export interface Prediction {
  readonly steps: readonly PredictedStep[];
  /** What would stop the build before or at a step (a syntax error, a missing source). */
  readonly error?: BuildFailure;
}

export interface BuildCacheUsage {
  readonly records: number;
  /** Every cache record (what `system df -v` lists). */
  readonly entries: readonly CacheRecord[];
  /** Layers the cache records name (their blobs are shared with images that use them). */
  readonly layers: { readonly count: number; readonly bytes: number };
  readonly cacheMounts: readonly CacheMountInfo[];
}

export interface PruneOptions {
  /** Only what was created before this time. */
  readonly until?: Date;
}

export interface PruneResult {
  readonly records: number;
  /** Keys of the cache records removed. */
  readonly keys: readonly string[];
  readonly cacheMounts: readonly string[];
  /** Bytes of cache mounts removed (layers go with the next garbage collection). */
  readonly reclaimedBytes: number;
}

export class Builder {
  private readonly hashCaches = new Map<string, Promise<ContentHashCache>>();

  private constructor(
    private readonly parts: BuilderParts,
    private readonly cache: BuildCache,
    readonly records: BuildRecords,
    readonly cacheMounts: CacheMounts,
    private readonly limiter: Limiter,
    /** Temporary files of builds (uploaded contexts too): on the builder's filesystem, emptied at open. */
    readonly scratchDir: string,
  ) {}

  /**
   * Digests of the layers the build cache under `root` names: roots for garbage collection, so a
   * GC (the one at daemon start too, before any Builder is open) keeps what cache hits need.
   */
  static async cachedLayers(root: string): Promise<string[]> {
    const dir = join(root, 'cache');
    if (!(await fsp.stat(dir).catch(() => undefined))) return [];
    return layersOf(await BuildCache.open(dir));
  }

  /** The same for a running builder: its cache remembers the records it has read. */
  liveCachedLayers(): Promise<string[]> {
    return layersOf(this.cache);
  }

  static async open(parts: BuilderParts): Promise<Builder> {
    await fsp.mkdir(parts.root, { recursive: true, mode: 0o700 });
    const scratchDir = join(parts.root, 'tmp');
    // temporary files of builds a crash interrupted
    await fsp.rm(scratchDir, { recursive: true, force: true });
    await fsp.mkdir(scratchDir, { mode: 0o700 });
    return new Builder(
      parts,
      await BuildCache.open(join(parts.root, 'cache')),
      await BuildRecords.open(join(parts.root, 'records')),
      new CacheMounts(join(parts.root, 'cache-mounts')),
      createLimiter(parts.parallelism ?? availableParallelism()),
      scratchDir,
    );
  }

  private hashes(context: BuildContext): Promise<ContentHashCache> {
    if (!context.persistent) return ContentHashCache.open();
    let cache = this.hashCaches.get(context.dir);
    if (!cache) {
      const file = join(this.parts.root, 'context-hashes', `${createHash('sha256').update(context.dir).digest('hex').slice(0, 32)}.json`);
      cache = fsp.mkdir(join(this.parts.root, 'context-hashes'), { recursive: true }).then(() => ContentHashCache.open(file));
      cache.catch(() => this.hashCaches.delete(context.dir));
      this.hashCaches.set(context.dir, cache);
    }
    return cache;
  }

  private async session(request: BuildRequest, options: BuildOptions, plan: boolean, workspace: LayerWorkspace): Promise<BuildSession> {
    const previous = await this.records.lastBuild(request.dockerfile.path);
    return new BuildSession(request, {
      content: this.parts.content, cache: this.cache, baseImages: this.parts.baseImages, workspace,
      hashes: await this.hashes(request.context), cacheMounts: this.cacheMounts, limiter: this.limiter, scratchDir: this.scratchDir,
      ...(this.parts.runSteps ? { runSteps: this.parts.runSteps } : {}), ...(previous ? { previous } : {}),
    }, options, plan);
  }

  /** Builds the image; throws a BuildError (with the build's record) when a step fails. */
  async build(request: BuildRequest, options: BuildOptions = {}): Promise<BuildResult> {
    const started = Date.now();
    const id = newBuildId(started);
    const tags = normalizeTags(request.tags ?? []);
    const lease = this.parts.leases?.acquire();
    const session = await this.session(request, options, false, new LayerWorkspace(this.parts.content, this.parts.snapshotter, lease));
    let outcome: { imageId: BuildResult['imageId'] } | { error: unknown };
    try {
      const state = await session.run();
      const written = await writeBuiltImage(this.parts, state, session.created, {
        tags, ...(request.labels ? { labels: request.labels } : {}),
        ...(request.sourceDateEpoch !== undefined ? { sourceDateEpoch: request.sourceDateEpoch } : {}), signal: session.signal,
      });
      outcome = { imageId: written.descriptor.digest };
    } catch (err) {
      outcome = { error: err };
    } finally {
      lease?.release();
    }
    await (await this.hashes(request.context)).save().catch(() => undefined);
    const cancelled = 'error' in outcome && (isAbortError(outcome.error) || (options.signal?.aborted ?? false));
    const failure = 'error' in outcome && !cancelled ? failureOf(outcome.error, session.failure) : undefined;
    const record: BuildRecord = {
      id, dockerfile: request.dockerfile.path, context: request.context.dir, startedAt: new Date(started).toISOString(), durationMs: Date.now() - started,
      status: 'imageId' in outcome ? 'succeeded' : cancelled ? 'cancelled' : 'failed',
      ...(request.target ? { target: request.target } : {}), tags,
      ...('imageId' in outcome ? { imageId: outcome.imageId } : {}), ...(failure ? { error: failure } : {}),
      steps: [...session.records].sort((a, b) => a.startLine - b.startLine || a.position.localeCompare(b.position)),
    };
    await this.records.save(record);
    if ('error' in outcome) {
      // whatever a step died of once the build was aborted, the build was cancelled
      if (cancelled) throw options.signal?.aborted ? options.signal.reason : outcome.error;
      const err = outcome.error;
      throw new BuildError(err instanceof BerthError ? err.kind : 'internal', failure!, record, { cause: err });
    }
    return { imageId: outcome.imageId, tags, record };
  }

  /** Which steps a build of this Dockerfile and context would take from the cache; runs nothing, pulls nothing. */
  async predict(request: BuildRequest): Promise<Prediction> {
    const session = await this.session(request, {}, true, new LayerWorkspace(this.parts.content, this.parts.snapshotter, undefined));
    let error: BuildFailure | undefined;
    try {
      await session.run();
    } catch (err) {
      error = failureOf(err, session.failure);
    }
    await (await this.hashes(request.context)).save().catch(() => undefined);
    const steps = [...session.records].sort((a, b) => a.startLine - b.startLine || a.position.localeCompare(b.position)).map((s) => ({
      position: s.position, instruction: s.instruction, text: s.text, startLine: s.startLine, endLine: s.endLine, key: s.key, cached: s.cached,
      ...(s.reason ? { reason: s.reason } : {}),
    }));
    return { steps, ...(error ? { error } : {}) };
  }

  lastBuild(dockerfile: string): Promise<BuildRecord | undefined> {
    return this.records.lastBuild(dockerfile);
  }

  async diskUsage(): Promise<BuildCacheUsage> {
    const records = await this.cache.list();
    const layers = new Map<string, number>();
    for (const r of records) if (r.layer) layers.set(r.layer.digest, r.layer.size);
    return { records: records.length, entries: records, layers: { count: layers.size, bytes: [...layers.values()].reduce((a, b) => a + b, 0) }, cacheMounts: await this.cacheMounts.list() };
  }

  /** `builder prune`: forgets cache records and removes unused cache mounts; GC then frees the layers no image uses. */
  async prune(options: PruneOptions = {}): Promise<PruneResult> {
    const keys: string[] = [];
    for (const r of await this.cache.list()) {
      if (options.until && Date.parse(r.created) > options.until.getTime()) continue;
      await this.cache.remove(r.key);
      keys.push(r.key);
    }
    for (const stray of await this.cache.strays()) await fsp.rm(stray, { force: true });
    const mounts = await this.cacheMounts.prune(options.until ? { until: options.until } : {});
    return { records: keys.length, keys, cacheMounts: mounts.removed, reclaimedBytes: mounts.reclaimedBytes };
  }
}

function failureOf(err: unknown, first: BuildFailure | undefined): BuildFailure {
  if (err instanceof BuildError) return err.failure;
  if (first) return first;
  if (err instanceof BerthError) return { message: err.message };
  return { message: `internal error: ${err instanceof Error ? err.message : String(err)}` };
}

async function layersOf(cache: BuildCache): Promise<string[]> {
  return (await cache.list()).flatMap((r) => (r.layer ? [r.layer.digest] : []));
}
