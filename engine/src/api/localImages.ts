// The engine's images as Docker presents them: one entry per target (manifest or index) with all
// the names pointing at it, the manifest chosen for this host's platform, its config and size.
// `resolve` finds an image the way Docker's image lookup does: by reference (`alpine`,
// `alpine@sha256:…`), by full ID, or by an unambiguous ID prefix. The image ID is the target's
// digest, as in Docker's containerd image store, so it is stable across pull, save and load.
import { berthError, isDataLoss, isInvalidArgument, isNotFound } from '../image/berthError';
import type { Descriptor } from '../image/descriptor';
import { digestHex, type Digest } from '../image/digest';
import type { Image } from '../image/image';
import { parseImageConfig, type ImageConfig } from '../image/imageConfig';
import { isIndexMediaType } from '../image/mediaTypes';
import type { Platform } from '../image/platform';
import { parseReference, referenceError, type Reference } from '../image/reference';
import { readBlob } from '../store/blobs';
import type { Provider } from '../store/contentStore';
import type { ImageRecord, ImageStore } from '../store/imageStore';
import { imageFromStore } from '../store/storeImage';
import { platformManifest } from '../archive/platformManifest';

export interface LocalImage {
  /** The target's digest: what `docker images` shows as IMAGE ID. */
  readonly id: Digest;
  readonly target: Descriptor;
  /** Every name pointing at the target, parsed; sorted by their full form. */
  readonly names: readonly Reference[];
  /** True when the store also holds the target without a name (a dangling entry). */
  readonly unnamedEntry: boolean;
  /** The manifest for this host's platform (the target itself unless it is an index). */
  readonly manifest: Descriptor;
  readonly image: Image;
  readonly config: ImageConfig;
  readonly configDigest: Digest;
  /** Bytes of content: index, manifest, config and layer blobs. */
  readonly size: number;
  /** Seconds since the epoch, from the config's `created` (0 when absent). */
  readonly created: number;
}

export interface Resolved {
  readonly image: LocalImage;
  /** The reference the lookup matched, when it was found by name rather than by ID. */
  readonly ref?: Reference;
}

const fullId = /^sha256:[a-f0-9]{64}$/;
const idPrefix = /^(?:sha256:)?([a-f0-9]{1,64})$/;

function parseName(name: string): Reference | undefined {
  return referenceError(name) === undefined ? parseReference(name) : undefined;
}

/** What a manifest's content says; immutable for a digest, so kept between requests. */
interface ManifestFacts {
  readonly image: Image;
  readonly config: ImageConfig;
  readonly configDigest: Digest;
  /** Bytes of the manifest, its config and its layers. */
  readonly size: number;
}

const maxCached = 2000;

export class LocalImages {
  private readonly facts = new Map<Digest, ManifestFacts>();

  constructor(private readonly content: Provider, private readonly images: ImageStore, private readonly platform: Platform) {}

  /** Every image whose content can be read; damaged ones are left to `berth system check`. */
  async list(): Promise<LocalImage[]> {
    const groups = new Map<string, ImageRecord[]>();
    for (const record of await this.images.list()) {
      const group = groups.get(record.target.digest) ?? [];
      group.push(record);
      groups.set(record.target.digest, group);
    }
    const out: LocalImage[] = [];
    for (const records of groups.values()) {
      try {
        out.push(await this.load(records));
      } catch (err) {
        // missing blobs (not-found), damaged ones (data-loss), unparseable documents (invalid-argument)
        if (!isNotFound(err) && !isDataLoss(err) && !isInvalidArgument(err)) throw err;
      }
    }
    return out;
  }

  async resolve(text: string): Promise<Resolved> {
    if (text.trim() === '') throw berthError('invalid-argument', 'image name cannot be blank');
    const all = await this.list();
    if (fullId.test(text)) {
      const found = all.find((i) => i.id === text);
      if (found) return { image: found };
    }
    let ref: Reference | undefined;
    if (referenceError(text) === undefined) {
      ref = parseReference(text);
      const byName = ref.digest !== undefined
        ? all.find((i) => i.id === ref!.digest) ?? all.find((i) => i.names.some((n) => n.toString() === ref!.toString()))
        : all.find((i) => i.names.some((n) => n.toString() === ref!.toString()));
      if (byName) return { image: byName, ref };
    }
    const prefix = idPrefix.exec(text)?.[1];
    if (prefix !== undefined) {
      const matches = all.filter((i) => digestHex(i.id).startsWith(prefix));
      if (matches.length === 1) return { image: matches[0]! };
      if (matches.length > 1) throw berthError('invalid-argument', `ambiguous image ID prefix ${text}: it matches ${matches.length} images; give more characters`);
    }
    throw berthError('not-found', `No such image: ${ref ? ref.familiar() : text}`);
  }

  private async load(records: readonly ImageRecord[]): Promise<LocalImage> {
    const target = records[0]!.target;
    let manifest = target;
    let size = 0;
    if (isIndexMediaType(target.mediaType)) {
      manifest = await platformManifest(this.content, target, this.platform);
      size += target.size;
    }
    const { image, config, configDigest, size: manifestSize } = await this.manifestFacts(manifest);
    size += manifestSize;
    const names = records.flatMap((r) => (r.name === undefined ? [] : [parseName(r.name)].filter((n): n is Reference => n !== undefined)));
    names.sort((a, b) => a.toString().localeCompare(b.toString()));
    const created = config.created === undefined ? 0 : Math.floor(Date.parse(config.created) / 1000);
    return {
      id: target.digest, target, names, unnamedEntry: records.some((r) => r.name === undefined),
      manifest, image, config, configDigest, size, created: Number.isFinite(created) ? created : 0,
    };
  }

  private async manifestFacts(manifest: Descriptor): Promise<ManifestFacts> {
    await this.content.info(manifest.digest); // not-found once GC or repair removed it
    const cached = this.facts.get(manifest.digest);
    if (cached) return cached;
    const image = imageFromStore(this.content, manifest);
    const m = await image.manifest();
    const config = parseImageConfig(await readBlob(this.content, m.config.digest), `config ${m.config.digest}`);
    const facts = { image, config, configDigest: m.config.digest, size: manifest.size + m.config.size + m.layers.reduce((n, l) => n + l.size, 0) };
    if (this.facts.size >= maxCached) this.facts.delete(this.facts.keys().next().value!);
    this.facts.set(manifest.digest, facts);
    return facts;
  }
}

/** The first 12 hex digits, as Docker shortens IDs. */
export function shortId(digest: Digest): string {
  return digestHex(digest).slice(0, 12);
}
