// OCI and Docker media types (image-spec media-types.md, Docker's manifest v2 schema 2), and the
// questions the engine asks about them.

export const mediaTypes = {
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  ociLayerNondistributable: 'application/vnd.oci.image.layer.nondistributable.v1.tar',
  ociLayerNondistributableGzip: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  ociEmpty: 'application/vnd.oci.empty.v1+json',
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  dockerLayerForeignGzip: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
} as const;

export type Compression = 'none' | 'gzip' | 'zstd';

const layerCompression: Record<string, Compression> = {
  [mediaTypes.ociLayer]: 'none',
  [mediaTypes.ociLayerGzip]: 'gzip',
  [mediaTypes.ociLayerZstd]: 'zstd',
  [mediaTypes.ociLayerNondistributable]: 'none',
  [mediaTypes.ociLayerNondistributableGzip]: 'gzip',
  [mediaTypes.dockerLayer]: 'none',
  [mediaTypes.dockerLayerGzip]: 'gzip',
  [mediaTypes.dockerLayerForeignGzip]: 'gzip',
};

export function isLayerMediaType(mediaType: string): boolean {
  return mediaType in layerCompression;
}

/** The compression a layer media type declares; undefined for anything that is not a layer. */
export function layerMediaTypeCompression(mediaType: string): Compression | undefined {
  return layerCompression[mediaType];
}

export function isIndexMediaType(mediaType: string): boolean {
  return mediaType === mediaTypes.ociIndex || mediaType === mediaTypes.dockerManifestList;
}

export function isManifestMediaType(mediaType: string): boolean {
  return mediaType === mediaTypes.ociManifest || mediaType === mediaTypes.dockerManifest;
}

export function ociLayerMediaType(compression: Compression): string {
  if (compression === 'gzip') return mediaTypes.ociLayerGzip;
  if (compression === 'zstd') return mediaTypes.ociLayerZstd;
  return mediaTypes.ociLayer;
}
