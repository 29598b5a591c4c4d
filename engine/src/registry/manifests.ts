// Manifests over the distribution API: resolve a tag to a descriptor (HEAD), fetch the bytes
// (GET, at most 4 MiB, as containerd limits them) and check them against the digest asked for
// or announced, and put them back byte for byte.
import { berthError } from '../image/berthError';
import type { Descriptor } from '../image/descriptor';
import { digestOf, isDigest, type Digest } from '../image/digest';
import { isIndexMediaType, isManifestMediaType, mediaTypes } from '../image/mediaTypes';
import { readBody } from './httpTransport';
import { pullScope, pushScope, type RegistryClient } from './registryClient';

export const maxManifestSize = 4 << 20;

/** Everything a pull can use, best first (an index lets us pick the platform). */
export const manifestAccept = [mediaTypes.ociIndex, mediaTypes.dockerManifestList, mediaTypes.ociManifest, mediaTypes.dockerManifest].join(', ');

export interface FetchedManifest {
  readonly descriptor: Descriptor;
  readonly bytes: Buffer;
}

function contentType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** The media type of a manifest: the header if it names one, else the document's own field or shape. */
export function manifestMediaType(header: string | undefined, bytes: Uint8Array, where: string): string {
  const fromHeader = contentType(header);
  if (isIndexMediaType(fromHeader) || isManifestMediaType(fromHeader)) return fromHeader;
  let doc: { mediaType?: unknown; manifests?: unknown; config?: unknown; schemaVersion?: unknown };
  try {
    doc = JSON.parse(Buffer.from(bytes).toString('utf8')) as typeof doc;
  } catch {
    throw berthError('invalid-argument', `${where}: the registry sent a manifest that is not JSON (Content-Type ${JSON.stringify(fromHeader)})`);
  }
  if (doc.schemaVersion === 1 || fromHeader.includes('distribution.manifest.v1')) {
    throw berthError('invalid-argument', `${where}: Docker schema 1 manifests are not supported (push the image again with a current client)`);
  }
  if (typeof doc.mediaType === 'string' && (isIndexMediaType(doc.mediaType) || isManifestMediaType(doc.mediaType))) return doc.mediaType;
  if (Array.isArray(doc.manifests)) return mediaTypes.ociIndex;
  if (typeof doc.config === 'object' && doc.config !== null) return mediaTypes.ociManifest;
  throw berthError('invalid-argument', `${where}: the registry sent something that is neither an image manifest nor an index (Content-Type ${JSON.stringify(fromHeader)})`);
}

function announcedDigest(header: string | string[] | undefined): Digest | undefined {
  const text = typeof header === 'string' ? header.trim() : undefined;
  return text !== undefined && isDigest(text) ? text : undefined;
}

/** HEAD: what a tag points at now, without downloading it; undefined when the registry does not say. */
export async function resolveManifest(client: RegistryClient, repo: string, version: string, action: string, signal?: AbortSignal): Promise<Descriptor | undefined> {
  const res = await client.request({ method: 'HEAD', path: `/v2/${repo}/manifests/${version}`, headers: { accept: manifestAccept }, scopes: [pullScope(repo)], expect: [200], action, signal });
  res.body.resume();
  const digest = announcedDigest(res.headers['docker-content-digest']);
  const size = Number(res.headers['content-length']);
  const mediaType = contentType(res.headers['content-type']);
  if (digest === undefined || !Number.isSafeInteger(size) || !(isIndexMediaType(mediaType) || isManifestMediaType(mediaType))) return undefined;
  return { mediaType, digest, size };
}

/** GET a manifest or index by tag or digest, verified against that digest or the announced one. */
export async function fetchManifest(client: RegistryClient, repo: string, version: string, action: string, signal?: AbortSignal): Promise<FetchedManifest> {
  const res = await client.request({ method: 'GET', path: `/v2/${repo}/manifests/${version}`, headers: { accept: manifestAccept }, scopes: [pullScope(repo)], expect: [200], action, signal });
  const bytes = await readBody(res.body, maxManifestSize, `${action}: manifest`);
  const digest = digestOf(bytes);
  const wanted = isDigest(version) ? version : announcedDigest(res.headers['docker-content-digest']);
  if (wanted !== undefined && wanted !== digest) {
    throw berthError('data-loss', `${action}: the registry sent a manifest that hashes to ${digest}, not ${wanted}; nothing was stored`);
  }
  return { descriptor: { mediaType: manifestMediaType(res.headers['content-type'], bytes, action), digest, size: bytes.length }, bytes };
}

/** PUT the exact bytes under `version` (a tag, or the digest for an index's children). */
export async function putManifest(client: RegistryClient, repo: string, version: string, bytes: Uint8Array, mediaType: string, action: string, signal?: AbortSignal): Promise<Digest> {
  const digest = digestOf(bytes);
  const res = await client.request({
    method: 'PUT', path: `/v2/${repo}/manifests/${version}`, headers: { 'content-type': mediaType },
    body: () => bytes, scopes: [pushScope(repo)], expect: [200, 201, 202], action, signal,
  });
  res.body.resume();
  const stored = announcedDigest(res.headers['docker-content-digest']);
  if (stored !== undefined && stored !== digest) {
    throw berthError('data-loss', `${action}: the registry stored the manifest as ${stored}, but its bytes hash to ${digest}`);
  }
  return digest;
}
