// `docker rmi` and `docker image prune` over the image store, with Docker's rules: removing by
// name untags that name (and deletes the image when it was the last); removing by ID untags every
// name, unless they span several repositories and `force` is not given (409, as Docker). The
// content itself goes with the next garbage collection, which the caller runs.
import { berthError } from '../image/berthError';
import type { Descriptor } from '../image/descriptor';
import type { Digest } from '../image/digest';
import type { Reference } from '../image/reference';
import type { ImageStore } from '../store/imageStore';
import { shortId, type LocalImage, type LocalImages } from './localImages';

/** The image store plus wholesale replacement, which entries without a name need. */
export interface EditableImageStore extends ImageStore {
  replaceAll(manifests: readonly Descriptor[]): Promise<void>;
}

export interface DeleteItem {
  readonly Untagged?: string;
  readonly Deleted?: string;
}

/** Drops the unnamed index entries that point at `digests`. */
export async function dropUnnamedEntries(store: EditableImageStore, digests: ReadonlySet<Digest>): Promise<void> {
  const records = await store.list();
  const kept = records.filter((r) => r.name !== undefined || !digests.has(r.target.digest));
  if (kept.length !== records.length) await store.replaceAll(kept.map((r) => r.target));
}

/** Records `target` without a name (an untagged load or import), unless it is there already. */
export async function keepUnnamedEntry(store: EditableImageStore, target: Descriptor): Promise<void> {
  const records = await store.list();
  if (records.some((r) => r.target.digest === target.digest)) return;
  await store.replaceAll([...records.map((r) => r.target), { mediaType: target.mediaType, digest: target.digest, size: target.size }]);
}

async function untag(store: EditableImageStore, image: LocalImage, names: readonly Reference[], out: DeleteItem[]): Promise<void> {
  for (const name of names) {
    await store.delete(name.toString());
    out.push({ Untagged: name.familiar() });
  }
  const left = image.names.filter((n) => !names.includes(n));
  if (left.length === 0) {
    if (image.unnamedEntry) await dropUnnamedEntries(store, new Set([image.id]));
    out.push({ Deleted: image.id });
  }
}

export async function removeImage(images: LocalImages, store: EditableImageStore, text: string, force: boolean): Promise<DeleteItem[]> {
  const { image, ref } = await images.resolve(text);
  const out: DeleteItem[] = [];
  if (ref !== undefined) {
    const exact = image.names.filter((n) => n.toString() === ref.toString());
    // `repo@sha256:…` found by digest untags that repository's names for the image
    const names = exact.length > 0 ? exact : image.names.filter((n) => n.familiarName() === ref.familiarName());
    await untag(store, image, names, out);
    return out;
  }
  const repositories = new Set(image.names.map((n) => n.familiarName()));
  if (repositories.size > 1 && !force) {
    throw berthError('failed-precondition', `conflict: unable to delete ${shortId(image.id)} (must be forced) - image is referenced in multiple repositories`);
  }
  await untag(store, image, image.names, out);
  return out;
}

export interface PruneFilter {
  /** true: only images without a name; false: every image no container uses. */
  readonly danglingOnly: boolean;
  /** Seconds since the epoch: only images created before. */
  readonly until?: number;
  /** `key` or `key=value`: must match; `!`-prefixed: must not. */
  readonly labels: readonly string[];
}

function labelsMatch(image: LocalImage, specs: readonly string[]): boolean {
  const labels = image.config.config?.Labels ?? {};
  return specs.every((spec) => {
    const negate = spec.startsWith('!');
    const [key, value] = (negate ? spec.slice(1) : spec).split(/=(.*)/s) as [string, string | undefined];
    const has = key in labels && (value === undefined || labels[key] === value);
    return negate ? !has : has;
  });
}

export async function pruneImages(images: LocalImages, store: EditableImageStore, filter: PruneFilter): Promise<DeleteItem[]> {
  const out: DeleteItem[] = [];
  for (const image of await images.list()) {
    if (filter.danglingOnly && image.names.length > 0) continue;
    if (filter.until !== undefined && image.created >= filter.until) continue;
    if (!labelsMatch(image, filter.labels)) continue;
    await untag(store, image, image.names, out);
  }
  return out;
}
