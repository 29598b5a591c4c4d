// Transforms that take an image and return a new one without touching disk (go-containerregistry's
// mutate): a build's result is its base plus appended layers and an edited config, then written
// by any sink. The new manifest and config are serialized once, so digests are stable.
import { descriptorJson, type Descriptor } from './descriptor';
import { digestOf, type Digest } from './digest';
import type { Image, Layer } from './image';
import { parseImageConfig, type HistoryEntry, type ImageConfig } from './imageConfig';
import { parseManifest, type Manifest } from './manifest';
import { mediaTypes } from './mediaTypes';

export interface Addendum {
  readonly layer: Layer;
  readonly history?: HistoryEntry;
}

/** Builds an Image from a config document and its layers (OCI manifest). */
function assemble(config: Record<string, unknown>, layers: readonly Layer[]): Image {
  const rawConfig = Buffer.from(JSON.stringify(config));
  const rawManifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: mediaTypes.ociManifest,
    config: { mediaType: mediaTypes.ociConfig, digest: digestOf(rawConfig), size: rawConfig.length },
    layers: layers.map((l) => descriptorJson(ociLayerDescriptor(l.descriptor))),
  }));
  return {
    rawManifest: async () => rawManifest,
    manifest: async (): Promise<Manifest> => parseManifest(rawManifest),
    digest: async (): Promise<Digest> => digestOf(rawManifest),
    mediaType: async () => mediaTypes.ociManifest,
    rawConfig: async () => rawConfig,
    config: async (): Promise<ImageConfig> => parseImageConfig(rawConfig),
    layers: async () => [...layers],
  };
}

/** Docker layer media types become their OCI equivalents when the manifest becomes OCI. */
function ociLayerDescriptor(d: Descriptor): Descriptor {
  const map: Record<string, string> = {
    [mediaTypes.dockerLayerGzip]: mediaTypes.ociLayerGzip,
    [mediaTypes.dockerLayer]: mediaTypes.ociLayer,
    [mediaTypes.dockerLayerForeignGzip]: mediaTypes.ociLayerNondistributableGzip,
  };
  return { ...d, mediaType: map[d.mediaType] ?? d.mediaType };
}

export async function appendLayers(base: Image, additions: readonly Addendum[]): Promise<Image> {
  const config = await base.config();
  const layers = [...(await base.layers()), ...additions.map((a) => a.layer)];
  const diffIds = await Promise.all(layers.map((l) => l.diffId()));
  const history = [...(config.history ?? []), ...additions.map((a) => a.history ?? {})];
  return assemble({ ...config.raw, rootfs: { type: 'layers', diff_ids: diffIds }, history }, layers);
}

/** Replaces fields of the config document (e.g. `config`, `created`, `architecture`). */
export async function withConfig(base: Image, changes: Readonly<Record<string, unknown>>): Promise<Image> {
  const config = await base.config();
  return assemble({ ...config.raw, ...changes, rootfs: config.raw.rootfs }, await base.layers());
}
