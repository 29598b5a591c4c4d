// POST /commit (`docker commit`): the container's changes become one more layer on its image. The
// container is paused meanwhile (unless told not to), as Docker does. Its upper directory (or, with
// the copy snapshotter, its differences from the image) is turned into a layer by the layer
// module's createLayer, leaving out the runtime's own files (changes.ts) as it walks, gzip-compressed
// into the content store; the image gets the layer, a history entry and the config commitConfig.ts builds.
// An empty diff adds no layer, only a history entry marked empty_layer (Docker's containerd store).
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ContainerConfigJson } from '../archive/configChanges';
import { berthError, isAlreadyExists } from '../image/berthError';
import type { Descriptor } from '../image/descriptor';
import type { Digest } from '../image/digest';
import type { Image, Layer } from '../image/image';
import { parseManifest } from '../image/manifest';
import { mediaTypes } from '../image/mediaTypes';
import { appendLayers, withConfig } from '../image/mutate';
import { openDecompressed } from '../layer/compression';
import { createLayer } from '../layer/createLayer';
import type { WalkedEntry } from '../layer/walkTree';
import { whiteoutPrefix } from '../layer/whiteout';
import type { Runtime } from '../runtime/runtime';
import type { Snapshotter } from '../snapshot/snapshotter';
import { readBlob } from '../store/blobs';
import type { ContentStore } from '../store/contentStore';
import type { Leases, Lease } from '../store/leases';
import { imageFromStore, writeImage } from '../store/storeImage';
import { containerChanges } from './changes';
import { commitConfig, containerConfigJson } from './commitConfig';
import { withDiffSource, type DiffSource } from './diffSource';

export interface CommitDeps {
  readonly runtime: Pick<Runtime, 'inspect' | 'pause' | 'unpause'>;
  readonly snapshotter: Snapshotter;
  readonly content: ContentStore;
  readonly leases: Leases;
}

export interface CommitOptions {
  /** The request body's Config; absent: the container's. */
  readonly config?: ContainerConfigJson;
  /** Dockerfile instructions (`--change`). */
  readonly changes?: readonly string[];
  readonly author?: string;
  readonly comment?: string;
  /** Pause a running container while its changes are read (Docker's default: true). */
  readonly pause?: boolean;
  /** Names the image once it is whole (while the commit still protects it from GC). */
  readonly name: (target: Descriptor) => Promise<void>;
  readonly signal?: AbortSignal;
}

/** The path a layer entry stands for (a whiteout stands for what it hides). */
function entryTarget(name: string): string {
  const clean = name.replace(/\/$/, '');
  const slash = clean.lastIndexOf('/');
  const base = clean.slice(slash + 1);
  const dir = slash < 0 ? '' : clean.slice(0, slash + 1);
  return `/${dir}${base.startsWith(whiteoutPrefix) ? base.slice(whiteoutPrefix.length) : base}`;
}

interface WrittenLayer {
  readonly layer: Layer;
  readonly diffId: Digest;
}

/** Writes the diff without `omitted` paths as a gzip blob; undefined when nothing is left of it. */
async function writeLayer(deps: CommitDeps, source: DiffSource, omitted: ReadonlySet<string>, lease: Lease, signal?: AbortSignal): Promise<WrittenLayer | undefined> {
  let kept = 0;
  const keep = (entry: WalkedEntry) => {
    if (omitted.has(entryTarget(entry.header.name))) return false;
    kept++;
    return true;
  };
  const common = { keep, ...(signal ? { signal } : {}) };
  const created = source.kind === 'upper'
    ? createLayer(source.upper, { overlayUpper: true, ...common })
    : createLayer(source.root, { ...(source.base ? { base: source.base } : {}), ...common });
  const writer = await deps.content.openWriter(`commit-${process.hrtime.bigint()}`);
  let info: { digest: Digest; size: number };
  let diffId: Digest;
  try {
    await pipeline(created.stream, new Writable({ write(chunk: Buffer, _e, done) { writer.write(chunk).then(() => done(), done); } }));
    diffId = (await created.done).diffId;
    if (kept === 0) {
      await writer.abort();
      return undefined;
    }
    info = await writer.commit();
  } catch (err) {
    await writer.abort().catch(() => undefined);
    if (!isAlreadyExists(err)) throw err;
    info = writer.status();
    diffId = (await created.done).diffId;
  }
  lease.addContent(info.digest);
  const descriptor: Descriptor = { mediaType: mediaTypes.ociLayerGzip, digest: info.digest, size: info.size };
  const layer: Layer = {
    descriptor,
    diffId: async () => diffId,
    compressed: (s) => deps.content.openBlob(info.digest, s),
    uncompressed: async (s) => (await openDecompressed(await deps.content.openBlob(info.digest, s))).stream,
  };
  return { layer, diffId };
}

async function baseImage(content: ContentStore, digest: Digest, container: string): Promise<Image> {
  const raw = await readBlob(content, digest).catch((err: unknown) => {
    throw berthError('failed-precondition', `commit ${container}: the image it was created from (${digest}) is no longer in the store`, err);
  });
  const manifest = parseManifest(raw, `manifest ${digest}`);
  return imageFromStore(content, { mediaType: manifest.mediaType, digest, size: raw.byteLength });
}

export async function commitContainer(deps: CommitDeps, ref: string, options: CommitOptions): Promise<Descriptor> {
  const record = deps.runtime.inspect(ref);
  if (record.state.status === 'removing') throw berthError('failed-precondition', `You cannot commit container ${record.id} which is being removed`);
  if (record.state.status === 'dead') throw berthError('failed-precondition', `You cannot commit container ${record.id} which is Dead`);
  const pause = (options.pause ?? true) && record.state.status === 'running';
  if (pause) await deps.runtime.pause(record.id);
  const lease = deps.leases.acquire();
  try {
    const base = await baseImage(deps.content, record.image.manifestDigest, record.name);
    const written = await withDiffSource(deps.snapshotter, record, async (source) => {
      const { omitted } = await containerChanges(source);
      return writeLayer(deps, source, omitted, lease, options.signal);
    });
    const baseConfig = await base.config();
    const config = commitConfig(containerConfigJson(record.config, baseConfig.config), options.config, options.changes ?? []);
    const created = new Date().toISOString();
    const author = options.author || (typeof baseConfig.raw.author === 'string' ? baseConfig.raw.author : '');
    const history = {
      created, created_by: record.config.cmd.join(' '),
      ...(author ? { author } : {}), ...(options.comment ? { comment: options.comment } : {}),
      ...(written ? {} : { empty_layer: true }),
    };
    const withLayer = written ? await appendLayers(base, [{ layer: written.layer, history }]) : await withConfig(base, { history: [...(baseConfig.history ?? []), history] });
    const image = await withConfig(withLayer, { created, config, ...(author ? { author } : {}) });
    lease.addContent(await image.digest());
    lease.addContent((await image.manifest()).config.digest);
    const target = await writeImage(deps.content, undefined, image, undefined, options.signal);
    await options.name(target);
    return target;
  } finally {
    lease.release();
    if (pause) await deps.runtime.unpause(record.id).catch(() => undefined);
  }
}
