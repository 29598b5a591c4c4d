// Where FROM (and COPY --from, RUN --mount from=) images come from: the engine's store, pulled from
// the registry when absent or when the build asks for --pull, as `docker build` does. The builder
// depends on the BaseImageSource interface only; the composition root passes a StoreImageSource
// with the daemon's store, snapshotter and registry options, tests pass one over a test store.
import { berthError, isNotFound } from '../image/berthError';
import type { Descriptor } from '../image/descriptor';
import type { Digest } from '../image/digest';
import type { Image } from '../image/image';
import type { ImageConfig } from '../image/imageConfig';
import { mediaTypes } from '../image/mediaTypes';
import type { Platform } from '../image/platform';
import { parseReference, type Reference } from '../image/reference';
import { platformManifest } from '../archive/platformManifest';
import type { ProgressListener } from '../registry/progress';
import { pullImage } from '../registry/pull';
import type { RegistryOptions } from '../registry/registryClient';
import type { Snapshotter } from '../snapshot/snapshotter';
import { readBlob } from '../store/blobs';
import type { ContentStore } from '../store/contentStore';
import type { ImageStore } from '../store/imageStore';
import type { Leases } from '../store/leases';
import { imageFromStore } from '../store/storeImage';

export interface BaseImage {
  /** The reference as resolved: normalized, with the tag (`docker.io/library/busybox:latest`). */
  readonly reference: string;
  readonly image: Image;
  /** Digest of the platform's manifest: what cache keys record. */
  readonly digest: Digest;
  readonly config: ImageConfig;
}

export interface ResolveOptions {
  readonly platform: Platform;
  /** Pull even when the store has the image (`--pull`). */
  readonly pull: boolean;
  readonly onProgress?: ProgressListener;
  readonly signal?: AbortSignal;
}

export interface BaseImageSource {
  /** The image for `platform`; pulled when not in the store (or always, with `pull`). */
  resolve(reference: string, options: ResolveOptions): Promise<BaseImage>;
  /** Only what the store already has (predictions never pull); undefined when absent. */
  findLocal(reference: string, platform: Platform): Promise<BaseImage | undefined>;
}

export interface StoreImageSourceParts {
  readonly content: ContentStore;
  readonly images: ImageStore;
  readonly snapshotter?: Snapshotter;
  readonly leases?: Leases;
  /** Registry hosts, credentials and transport; without them nothing is pulled. */
  readonly registry?: RegistryOptions;
}

/** A manifest or index named by digest alone: its media type is in the document itself. */
async function descriptorByDigest(content: ContentStore, digest: Digest): Promise<Descriptor | undefined> {
  try {
    const bytes = await readBlob(content, digest);
    const parsed = JSON.parse(Buffer.from(bytes).toString('utf8')) as { mediaType?: unknown; manifests?: unknown };
    const mediaType = typeof parsed.mediaType === 'string' ? parsed.mediaType : Array.isArray(parsed.manifests) ? mediaTypes.ociIndex : mediaTypes.ociManifest;
    return { mediaType, digest, size: bytes.byteLength };
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

export class StoreImageSource implements BaseImageSource {
  constructor(private readonly parts: StoreImageSourceParts) {}

  async findLocal(reference: string, platform: Platform): Promise<BaseImage | undefined> {
    const ref = parseReference(reference);
    let target: Descriptor | undefined;
    try {
      target = (await this.parts.images.get(ref.toString())).target;
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    if (!target && ref.digest !== undefined) target = await descriptorByDigest(this.parts.content, ref.digest);
    if (!target) return undefined;
    const manifest = await platformManifest(this.parts.content, target, platform);
    const image = imageFromStore(this.parts.content, manifest);
    return { reference: ref.toString(), image, digest: manifest.digest, config: await image.config() };
  }

  async resolve(reference: string, options: ResolveOptions): Promise<BaseImage> {
    const ref: Reference = parseReference(reference);
    if (!options.pull) {
      const local = await this.findLocal(reference, options.platform);
      if (local) return local;
    }
    if (!this.parts.registry) {
      throw berthError('not-found', `pull access denied for ${ref.familiarName()}: the image is not in the store and this engine pulls from no registry`);
    }
    await pullImage(ref, {
      ...this.parts.registry,
      store: { content: this.parts.content, images: this.parts.images, ...(this.parts.leases ? { leases: this.parts.leases } : {}) },
      ...(this.parts.snapshotter ? { snapshotter: this.parts.snapshotter } : {}),
      platform: options.platform,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const pulled = await this.findLocal(reference, options.platform);
    if (!pulled) throw berthError('internal', `pull ${ref.familiar()} succeeded but the image is not in the store`);
    return pulled;
  }
}
