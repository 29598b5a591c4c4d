// Descriptors (image-spec descriptor.md): what points at a blob. Parsed from untrusted JSON with
// every field checked; `toJson` writes the spec's field names back.
import { parseDigest, type Digest } from './digest';
import { asObject, readNumber, readOptionalString, readOptionalStringArray, readString, readStringMap } from './jsonFields';
import { formatPlatformJson, readPlatformField, type Platform } from './platform';

export interface Descriptor {
  readonly mediaType: string;
  readonly digest: Digest;
  readonly size: number;
  readonly urls?: readonly string[];
  readonly annotations?: Readonly<Record<string, string>>;
  readonly platform?: Platform;
  readonly artifactType?: string;
}

export const refNameAnnotation = 'org.opencontainers.image.ref.name';

export function readDescriptor(value: unknown, where: string): Descriptor {
  const obj = asObject(value, where);
  const urls = readOptionalStringArray(obj, 'urls', where);
  const annotations = readStringMap(obj, 'annotations', where);
  const platform = readPlatformField(obj, where);
  const artifactType = readOptionalString(obj, 'artifactType', where);
  return {
    mediaType: readString(obj, 'mediaType', where),
    digest: parseDigest(readString(obj, 'digest', where)),
    size: readNumber(obj, 'size', where),
    ...(urls === undefined ? {} : { urls }),
    ...(annotations === undefined ? {} : { annotations }),
    ...(platform === undefined ? {} : { platform }),
    ...(artifactType === undefined ? {} : { artifactType }),
  };
}

/** A plain JSON object with the spec's field names and order, ready for JSON.stringify. */
export function descriptorJson(d: Descriptor): Record<string, unknown> {
  return {
    mediaType: d.mediaType,
    ...(d.artifactType === undefined ? {} : { artifactType: d.artifactType }),
    digest: d.digest,
    size: d.size,
    ...(d.urls === undefined ? {} : { urls: d.urls }),
    ...(d.annotations === undefined ? {} : { annotations: d.annotations }),
    ...(d.platform === undefined ? {} : { platform: formatPlatformJson(d.platform) }),
  };
}
