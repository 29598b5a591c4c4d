// The image model every source and sink speaks (go-containerregistry's v1.Image/Layer/ImageIndex).
// A source (content store, registry, tarball, a directory turned into a layer) returns these; a sink
// (store writer, registry push, tarball writer) takes them. Helpers over these interfaces live
// beside them (validateImage.ts), not as members.
import type { Readable } from 'node:stream';
import type { Descriptor } from './descriptor';
import type { Digest } from './digest';
import type { ImageConfig } from './imageConfig';
import type { IndexManifest, Manifest } from './manifest';

/** Opens a fresh stream each call; the caller must consume or destroy it. */
export type Opener = (signal?: AbortSignal) => Promise<Readable>;

export interface Layer {
  /** The blob as stored or sent: media type, digest and size of the (usually compressed) bytes. */
  readonly descriptor: Descriptor;
  /** Digest of the uncompressed tar, as listed in the config's rootfs.diff_ids. */
  diffId(): Promise<Digest>;
  /** The bytes `descriptor` describes. */
  compressed(signal?: AbortSignal): Promise<Readable>;
  /** The tar stream, decompressed. */
  uncompressed(signal?: AbortSignal): Promise<Readable>;
}

export interface Image {
  manifest(): Promise<Manifest>;
  rawManifest(): Promise<Uint8Array>;
  /** Digest of rawManifest(). */
  digest(): Promise<Digest>;
  /** Media type of the manifest (OCI or Docker schema 2). */
  mediaType(): Promise<string>;
  config(): Promise<ImageConfig>;
  rawConfig(): Promise<Uint8Array>;
  /** The layers in manifest order, each paired with its diffId from the config. */
  layers(): Promise<Layer[]>;
}

export interface ImageIndex {
  indexManifest(): Promise<IndexManifest>;
  rawManifest(): Promise<Uint8Array>;
  digest(): Promise<Digest>;
  image(digest: Digest): Promise<Image>;
  index(digest: Digest): Promise<ImageIndex>;
}
