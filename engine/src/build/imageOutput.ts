// The image a build produces: the target stage's base image (or an empty one for scratch) with the
// layers the build added appended and its config replaced (mutate.ts), written into the store with
// writeImage and named with every tag. History times come from the build cache (when each step
// first ran) and BuildKit's rule fills config-only entries, so a fully cached build writes the
// same config and manifest again: the same image ID, and nothing new in the store.
import { berthError } from '../image/berthError';
import type { Descriptor } from '../image/descriptor';
import { digestOf } from '../image/digest';
import type { Image } from '../image/image';
import { parseImageConfig } from '../image/imageConfig';
import { parseManifest } from '../image/manifest';
import { mediaTypes } from '../image/mediaTypes';
import { appendLayers, withConfig } from '../image/mutate';
import type { Platform } from '../image/platform';
import { parseReference } from '../image/reference';
import type { ContentStore } from '../store/contentStore';
import type { ImageStore } from '../store/imageStore';
import { writeImage } from '../store/storeImage';
import { storedLayer } from './layerWorkspace';
import type { StageHistory } from './stageConfig';
import type { StageState } from './stageState';

/** BuildKit's emptyImage as an Image: no layers, the platform, nothing else. */
export function scratchImage(platform: Platform): Image {
  const rawConfig = Buffer.from(JSON.stringify({
    architecture: platform.architecture, os: platform.os, ...(platform.variant ? { variant: platform.variant } : {}),
    rootfs: { type: 'layers', diff_ids: [] },
  }));
  const rawManifest = Buffer.from(JSON.stringify({
    schemaVersion: 2, mediaType: mediaTypes.ociManifest,
    config: { mediaType: mediaTypes.ociConfig, digest: digestOf(rawConfig), size: rawConfig.length }, layers: [],
  }));
  return {
    rawManifest: async () => rawManifest,
    manifest: async () => parseManifest(rawManifest),
    digest: async () => digestOf(rawManifest),
    mediaType: async () => mediaTypes.ociManifest,
    rawConfig: async () => rawConfig,
    config: async () => parseImageConfig(rawConfig),
    layers: async () => [],
  };
}

/**
 * History times as BuildKit's exporter fills them (normalizeLayersAndHistory): entries of steps
 * that made layers keep their cache record's time; config-only entries take the time of the
 * layer before them, or of the first new layer when none came before.
 */
export function historyTimes(history: readonly StageHistory[], created: ReadonlyMap<string, string>, epoch?: number): Record<string, unknown>[] {
  const times = history.map((h) => (h.stepKey !== undefined ? (h.empty_layer ? undefined : created.get(h.stepKey)) : h.created));
  let fill: string | undefined;
  let sawMissing = false;
  for (const t of times) {
    if (t !== undefined) {
      fill = t;
      if (sawMissing) break;
    } else sawMissing = true;
  }
  sawMissing = false;
  const epochTime = epoch !== undefined ? new Date(epoch * 1000).toISOString() : undefined;
  return history.map((h, i) => {
    let time = times[i];
    if (time !== undefined) {
      if (sawMissing) fill = time;
    } else {
      sawMissing = true;
      time = fill;
    }
    if (epochTime !== undefined && h.stepKey !== undefined && (time === undefined || time > epochTime)) time = epochTime;
    const author = (h as { author?: unknown }).author;
    return {
      ...(time !== undefined ? { created: time } : {}), ...(typeof author === 'string' && author ? { author } : {}),
      ...(h.created_by !== undefined ? { created_by: h.created_by } : {}), ...(h.comment ? { comment: h.comment } : {}), ...(h.empty_layer ? { empty_layer: true } : {}),
    };
  });
}

export interface WrittenImage {
  readonly descriptor: Descriptor;
  readonly tags: readonly string[];
}

export interface ImageSink {
  readonly content: ContentStore;
  readonly images: ImageStore & { replaceAll?(manifests: readonly Descriptor[]): Promise<void> };
}

/** `--tag` values as the store names them (`app` → `docker.io/library/app:latest`). */
export function normalizeTags(tags: readonly string[]): string[] {
  return tags.map((t) => {
    const ref = parseReference(t);
    if (ref.digest !== undefined) throw berthError('invalid-argument', `invalid tag ${JSON.stringify(t)}: a tag cannot name a digest`);
    return ref.toString();
  });
}

/** The stage as it is now, as an image over the content store (what a RUN container starts from). */
export async function stageImage(content: ContentStore, state: StageState): Promise<Image> {
  const base = state.baseImage ?? scratchImage(state.config.platform);
  const appended = await appendLayers(base, state.added.map((l) => ({ layer: storedLayer(content, l) })));
  return withConfig(appended, { config: state.config.containerConfig(), architecture: state.config.platform.architecture, os: state.config.platform.os });
}

export async function writeBuiltImage(sink: ImageSink, state: StageState, created: ReadonlyMap<string, string>, options: { tags: readonly string[]; labels?: Readonly<Record<string, string>>; sourceDateEpoch?: number; signal?: AbortSignal }): Promise<WrittenImage> {
  const config = state.config;
  for (const [k, v] of Object.entries(options.labels ?? {})) config.labels.set(k, v);
  const history = historyTimes(config.history, created, options.sourceDateEpoch);
  const imageCreated = [...history].reverse().find((h) => typeof h.created === 'string')?.created;
  const base = state.baseImage ?? scratchImage(config.platform);
  const appended = await appendLayers(base, state.added.map((l) => ({ layer: storedLayer(sink.content, l) })));
  const image = await withConfig(appended, {
    created: imageCreated,
    author: config.author || undefined,
    architecture: config.platform.architecture,
    os: config.platform.os,
    variant: config.platform.variant,
    config: config.containerConfig(),
    history,
    // what Docker's classic builder wrote and BuildKit does not keep
    container: undefined, container_config: undefined, docker_version: undefined,
  });
  const descriptor = await writeImage(sink.content, undefined, image, undefined, options.signal);
  for (const tag of options.tags) {
    const existing = await sink.images.get(tag).catch(() => undefined);
    if (existing?.target.digest !== descriptor.digest) await sink.images.set(tag, descriptor);
  }
  if (options.tags.length === 0 && sink.images.replaceAll) {
    // an untagged build stays listed (docker's <none>:<none>) until a prune
    const records = await sink.images.list();
    if (!records.some((r) => r.target.digest === descriptor.digest)) await sink.images.replaceAll([...records.map((r) => r.target), descriptor]);
  }
  return { descriptor, tags: options.tags };
}
