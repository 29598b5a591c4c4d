// The names inside a `docker save` archive (Docker 25+ writes both layouts into one tar): the
// OCI image layout (`oci-layout`, `index.json`, `blobs/<alg>/<hex>`) and Docker's legacy
// `manifest.json` (+ `repositories`), whose paths point into the same blobs.
import { posix } from 'node:path';
import { digestAlgorithm, digestHex, type Digest } from '../image/digest';

export const manifestFile = 'manifest.json';
export const indexFile = 'index.json';
export const layoutFile = 'oci-layout';
export const repositoriesFile = 'repositories';
export const metadataFiles: ReadonlySet<string> = new Set([manifestFile, indexFile, layoutFile, repositoriesFile]);

/** Annotation containerd and Docker put on index.json entries: the full image name. */
export const imageNameAnnotation = 'io.containerd.image.name';

export function blobPath(digest: Digest): string {
  return `blobs/${digestAlgorithm(digest)}/${digestHex(digest)}`;
}

/** One item of Docker's manifest.json. */
export interface ManifestItem {
  readonly Config: string;
  readonly RepoTags: readonly string[] | null;
  readonly Layers: readonly string[];
}

/**
 * An archive path made canonical (`./a//b` → `a/b`); undefined for paths that leave the archive
 * (`..`), which therefore can never be looked up.
 */
export function archivePath(name: string): string | undefined {
  if (name.split('/').includes('..')) return undefined;
  const cleaned = posix.normalize(`/${name}`).slice(1).replace(/\/$/, '');
  return cleaned === '' ? undefined : cleaned;
}

/**
 * Where a symbolic link at `path` points inside the archive: relative targets from the link's
 * folder, absolute ones from the archive root; undefined when it climbs out of the archive.
 */
export function linkTarget(path: string, linkname: string): string | undefined {
  const parts = linkname.startsWith('/') ? [] : path.split('/').slice(0, -1);
  for (const part of linkname.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.length === 0 ? undefined : parts.join('/');
}
