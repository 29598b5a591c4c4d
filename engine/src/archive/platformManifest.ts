// The manifest a target stands for on one platform: the target itself when it is a manifest; for
// an index, the present child matching the platform, else the first present child (an index may
// lack the manifests of platforms that were never pulled).
import { berthError, isNotFound } from '../image/berthError';
import type { Descriptor } from '../image/descriptor';
import { parseIndexManifest } from '../image/manifest';
import { isIndexMediaType, isManifestMediaType } from '../image/mediaTypes';
import type { Platform } from '../image/platform';
import { selectManifest } from '../image/selectManifest';
import { readBlob } from '../store/blobs';
import type { Provider } from '../store/contentStore';

/** An image for some platform, not an attestation (BuildKit's unknown/unknown provenance manifests). */
export function isImageManifest(d: Descriptor): boolean {
  if (!isManifestMediaType(d.mediaType)) return false;
  if (d.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest') return false;
  return d.platform?.os !== 'unknown';
}

export async function platformManifest(content: Provider, target: Descriptor, platform: Platform): Promise<Descriptor> {
  if (!isIndexMediaType(target.mediaType)) return target;
  const index = parseIndexManifest(await readBlob(content, target.digest), `index ${target.digest}`, target.mediaType);
  const present: Descriptor[] = [];
  for (const d of index.manifests) {
    if (!isImageManifest(d)) continue;
    if (await content.info(d.digest).then(() => true, () => false)) present.push(d);
  }
  if (present.length === 0) throw berthError('not-found', `index ${target.digest}: none of its image manifests is in the store`);
  try {
    return selectManifest({ ...index, manifests: present }, platform, `index ${target.digest}`);
  } catch (err) {
    if (isNotFound(err)) return present[0]!;
    throw err;
  }
}
