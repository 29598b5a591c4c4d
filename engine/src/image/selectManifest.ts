// Picks the manifest for a platform out of an image index (Docker manifest list or OCI index),
// preferring an exact variant match, as containerd's platforms.Only does.
import { berthError } from './berthError';
import type { Descriptor } from './descriptor';
import type { IndexManifest } from './manifest';
import { isIndexMediaType, isManifestMediaType } from './mediaTypes';
import { formatPlatform, platformMatches, type Platform } from './platform';

export function selectManifest(index: IndexManifest, wanted: Platform, where = 'index'): Descriptor {
  const candidates = index.manifests.filter((d) => (isManifestMediaType(d.mediaType) || isIndexMediaType(d.mediaType)) && d.platform !== undefined && platformMatches(d.platform, wanted));
  const exact = candidates.find((d) => d.platform!.variant === wanted.variant);
  const found = exact ?? candidates[0];
  if (!found) {
    const offered = index.manifests.map((d) => (d.platform ? formatPlatform(d.platform) : '(no platform)')).join(', ') || 'nothing';
    throw berthError('not-found', `${where}: no manifest for ${formatPlatform(wanted)} (it offers ${offered})`);
  }
  return found;
}
