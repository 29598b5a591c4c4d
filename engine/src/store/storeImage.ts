// The content store as an image source and sink (go-containerregistry's layout.Image and
// layout.WriteImage): `imageFromStore` reads an image by its manifest descriptor, `writeImage`
// copies any Image (from a registry, a tarball, a build) into the store and names it.
import type { Readable } from 'node:stream';
import { berthError } from '../image/berthError';
import type { Descriptor } from '../image/descriptor';
import { digestOf, type Digest } from '../image/digest';
import type { Image, ImageIndex, Layer } from '../image/image';
import { parseImageConfig, type ImageConfig } from '../image/imageConfig';
import { parseIndexManifest, parseManifest, type Manifest } from '../image/manifest';
import { isIndexMediaType } from '../image/mediaTypes';
import { openDecompressed } from '../layer/compression';
import { readBlob, writeBlob, writeBlobBytes } from './blobs';
import type { Ingester, Provider } from './contentStore';
import type { ImageStore } from './imageStore';

class StoreLayer implements Layer {
  constructor(private readonly store: Provider, readonly descriptor: Descriptor, private readonly diff: Digest) {}

  async diffId(): Promise<Digest> {
    return this.diff;
  }

  compressed(signal?: AbortSignal): Promise<Readable> {
    return this.store.openBlob(this.descriptor.digest, signal);
  }

  async uncompressed(signal?: AbortSignal): Promise<Readable> {
    return (await openDecompressed(await this.compressed(signal))).stream;
  }
}

class StoreImage implements Image {
  private raw?: Promise<Uint8Array>;
  private rawCfg?: Promise<Uint8Array>;

  constructor(private readonly store: Provider, private readonly descriptor: Descriptor) {}

  rawManifest(): Promise<Uint8Array> {
    this.raw ??= readBlob(this.store, this.descriptor.digest);
    return this.raw;
  }

  async digest(): Promise<Digest> {
    return this.descriptor.digest;
  }

  async mediaType(): Promise<string> {
    return (await this.manifest()).mediaType;
  }

  async manifest(): Promise<Manifest> {
    return parseManifest(await this.rawManifest(), `manifest ${this.descriptor.digest}`, this.descriptor.mediaType);
  }

  async rawConfig(): Promise<Uint8Array> {
    this.rawCfg ??= this.manifest().then((m) => readBlob(this.store, m.config.digest));
    return this.rawCfg;
  }

  async config(): Promise<ImageConfig> {
    return parseImageConfig(await this.rawConfig(), `config of ${this.descriptor.digest}`);
  }

  async layers(): Promise<Layer[]> {
    const [manifest, config] = await Promise.all([this.manifest(), this.config()]);
    if (manifest.layers.length !== config.rootfs.diff_ids.length) {
      throw berthError('invalid-argument', `image ${this.descriptor.digest}: ${manifest.layers.length} layers but ${config.rootfs.diff_ids.length} diff_ids`);
    }
    return manifest.layers.map((d, i) => new StoreLayer(this.store, d, config.rootfs.diff_ids[i]!));
  }
}

class StoreIndex implements ImageIndex {
  constructor(private readonly store: Provider, private readonly descriptor: Descriptor) {}

  rawManifest(): Promise<Uint8Array> {
    return readBlob(this.store, this.descriptor.digest);
  }

  async digest(): Promise<Digest> {
    return this.descriptor.digest;
  }

  async indexManifest() {
    return parseIndexManifest(await this.rawManifest(), `index ${this.descriptor.digest}`, this.descriptor.mediaType);
  }

  private async child(digest: Digest): Promise<Descriptor> {
    const found = (await this.indexManifest()).manifests.find((d) => d.digest === digest);
    if (!found) throw berthError('not-found', `index ${this.descriptor.digest}: no manifest ${digest}`);
    return found;
  }

  async image(digest: Digest): Promise<Image> {
    return new StoreImage(this.store, await this.child(digest));
  }

  async index(digest: Digest): Promise<ImageIndex> {
    return new StoreIndex(this.store, await this.child(digest));
  }
}

export function imageFromStore(store: Provider, descriptor: Descriptor): Image {
  if (isIndexMediaType(descriptor.mediaType)) throw berthError('invalid-argument', `${descriptor.digest} is an index; use indexFromStore`);
  return new StoreImage(store, descriptor);
}

export function indexFromStore(store: Provider, descriptor: Descriptor): ImageIndex {
  if (!isIndexMediaType(descriptor.mediaType)) throw berthError('invalid-argument', `${descriptor.digest} is not an index`);
  return new StoreIndex(store, descriptor);
}

/** Copies `image` into the store (blobs first, manifest last) and, when given, names it. */
export async function writeImage(store: Ingester & Provider, images: ImageStore | undefined, image: Image, name?: string, signal?: AbortSignal): Promise<Descriptor> {
  const manifest = await image.manifest();
  for (const layer of await image.layers()) {
    signal?.throwIfAborted();
    const d = layer.descriptor;
    await writeBlob(store, `layer-${d.digest}`, await layer.compressed(signal), { digest: d.digest, size: d.size });
  }
  const rawConfig = await image.rawConfig();
  if (digestOf(rawConfig) !== manifest.config.digest) throw berthError('data-loss', `image ${await image.digest()}: config bytes do not match ${manifest.config.digest}`);
  await writeBlobBytes(store, `config-${manifest.config.digest}`, rawConfig);
  const raw = await image.rawManifest();
  const info = await writeBlobBytes(store, `manifest-${digestOf(raw)}`, raw);
  const descriptor: Descriptor = { mediaType: manifest.mediaType, digest: info.digest, size: info.size };
  if (name !== undefined && images) await images.set(name, descriptor);
  return descriptor;
}
