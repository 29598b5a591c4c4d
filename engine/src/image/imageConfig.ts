// Image configuration (image-spec config.md). Only the fields the engine reads are typed; the rest
// of the document is kept as parsed so nothing is lost when an image is rewritten.
import { berthError } from './berthError';
import { parseDigest, type Digest } from './digest';
import { asObject, parseJsonObject, readArray, readOptionalString, readString, type JsonObject } from './jsonFields';

export interface ContainerConfig {
  readonly User?: string;
  readonly Env?: readonly string[];
  readonly Entrypoint?: readonly string[];
  readonly Cmd?: readonly string[];
  readonly WorkingDir?: string;
  readonly Labels?: Readonly<Record<string, string>>;
  readonly ExposedPorts?: Readonly<Record<string, object>>;
  readonly Volumes?: Readonly<Record<string, object>>;
  readonly StopSignal?: string;
}

export interface HistoryEntry {
  readonly created?: string;
  readonly created_by?: string;
  readonly comment?: string;
  readonly empty_layer?: boolean;
}

export interface ImageConfig {
  readonly architecture: string;
  readonly os: string;
  readonly variant?: string;
  readonly created?: string;
  readonly config?: ContainerConfig;
  readonly rootfs: { readonly type: 'layers'; readonly diff_ids: readonly Digest[] };
  readonly history?: readonly HistoryEntry[];
  /** Every field of the document as parsed, including the ones not typed above. */
  readonly raw: JsonObject;
}

export function parseImageConfig(bytes: Uint8Array, where = 'image config'): ImageConfig {
  const obj = parseJsonObject(bytes, where);
  const rootfs = asObject(obj.rootfs, `${where}: rootfs`);
  if (readString(rootfs, 'type', `${where}: rootfs`) !== 'layers') {
    throw berthError('invalid-argument', `${where}: rootfs.type must be "layers"`);
  }
  const diffIds = readArray(rootfs, 'diff_ids', `${where}: rootfs`).map((d, i) => {
    if (typeof d !== 'string') throw berthError('invalid-argument', `${where}: rootfs.diff_ids[${i}] must be a string`);
    return parseDigest(d);
  });
  const variant = readOptionalString(obj, 'variant', where);
  const created = readOptionalString(obj, 'created', where);
  return {
    architecture: readString(obj, 'architecture', where),
    os: readString(obj, 'os', where),
    ...(variant === undefined ? {} : { variant }),
    ...(created === undefined ? {} : { created }),
    ...(obj.config === undefined || obj.config === null ? {} : { config: asObject(obj.config, `${where}: config`) as ContainerConfig }),
    rootfs: { type: 'layers', diff_ids: diffIds },
    ...(Array.isArray(obj.history) ? { history: obj.history as HistoryEntry[] } : {}),
    raw: obj,
  };
}
