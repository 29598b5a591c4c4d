// Image manifests and indexes (image-spec manifest.md, image-index.md; Docker schema 2 and manifest
// lists share the shape). Parsed from raw bytes, every descriptor checked; the raw bytes stay the
// source of truth for digests.
import { berthError } from './berthError';
import { readDescriptor, type Descriptor } from './descriptor';
import { isIndexMediaType, isManifestMediaType, mediaTypes } from './mediaTypes';
import { parseJsonObject, readArray, readNumber, readOptionalString, readStringMap, type JsonObject } from './jsonFields';

export interface Manifest {
  readonly schemaVersion: 2;
  readonly mediaType: string;
  readonly config: Descriptor;
  readonly layers: readonly Descriptor[];
  readonly subject?: Descriptor;
  readonly annotations?: Readonly<Record<string, string>>;
}

export interface IndexManifest {
  readonly schemaVersion: 2;
  readonly mediaType: string;
  readonly manifests: readonly Descriptor[];
  readonly annotations?: Readonly<Record<string, string>>;
}

function schemaVersion(obj: JsonObject, where: string): 2 {
  if (readNumber(obj, 'schemaVersion', where) !== 2) {
    throw berthError('invalid-argument', `${where}: schemaVersion must be 2 (schema 1 manifests are not supported)`);
  }
  return 2;
}

/** `mediaType` from the document itself, else the one its descriptor announced. */
function documentMediaType(obj: JsonObject, where: string, announced: string | undefined, fallback: string): string {
  return readOptionalString(obj, 'mediaType', where) ?? announced ?? fallback;
}

export function parseManifest(bytes: Uint8Array, where = 'manifest', announced?: string): Manifest {
  const obj = parseJsonObject(bytes, where);
  const mediaType = documentMediaType(obj, where, announced, mediaTypes.ociManifest);
  if (!isManifestMediaType(mediaType)) throw berthError('invalid-argument', `${where}: media type ${mediaType} is not an image manifest`);
  const annotations = readStringMap(obj, 'annotations', where);
  return {
    schemaVersion: schemaVersion(obj, where),
    mediaType,
    config: readDescriptor(obj.config, `${where}: config`),
    layers: readArray(obj, 'layers', where).map((l, i) => readDescriptor(l, `${where}: layers[${i}]`)),
    ...(obj.subject === undefined ? {} : { subject: readDescriptor(obj.subject, `${where}: subject`) }),
    ...(annotations === undefined ? {} : { annotations }),
  };
}

export function parseIndexManifest(bytes: Uint8Array, where = 'index', announced?: string): IndexManifest {
  const obj = parseJsonObject(bytes, where);
  const mediaType = documentMediaType(obj, where, announced, mediaTypes.ociIndex);
  if (!isIndexMediaType(mediaType)) throw berthError('invalid-argument', `${where}: media type ${mediaType} is not an image index`);
  const annotations = readStringMap(obj, 'annotations', where);
  return {
    schemaVersion: schemaVersion(obj, where),
    mediaType,
    manifests: readArray(obj, 'manifests', where).map((m, i) => readDescriptor(m, `${where}: manifests[${i}]`)),
    ...(annotations === undefined ? {} : { annotations }),
  };
}

/** The descriptors a manifest or index points at, for GC marking and verification. */
export function childDescriptors(mediaType: string, bytes: Uint8Array, where: string): Descriptor[] {
  if (isIndexMediaType(mediaType)) return [...parseIndexManifest(bytes, where, mediaType).manifests];
  if (isManifestMediaType(mediaType)) {
    const m = parseManifest(bytes, where, mediaType);
    return [m.config, ...m.layers];
  }
  return [];
}
