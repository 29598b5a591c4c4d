// Endpoints that move images in and out: pull and import (/images/create), push, save
// (/images/get), load and search. Pull, push and search go through the RegistryService; save,
// load and import through the archive module. Progress is Docker's JSON message stream.
import type { ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { berthError } from '../image/berthError';
import type { Descriptor } from '../image/descriptor';
import type { Digest } from '../image/digest';
import { hostPlatform, parsePlatform, type Platform } from '../image/platform';
import { digestError, parseReference, referenceError, withDigest, withTag, type Reference } from '../image/reference';
import type { ContentStore } from '../store/contentStore';
import type { Leases } from '../store/leases';
import type { Snapshotter } from '../snapshot/snapshotter';
import { importImage } from '../archive/importImage';
import { loadImages } from '../archive/loadImages';
import { saveImages, type SavedImage } from '../archive/saveImages';
import { boolParam, filtersParam, intParam, sendJson, type Route } from './apiContext';
import type { EventLog } from './eventLog';
import { HttpError } from './httpError';
import { keepUnnamedEntry, type EditableImageStore } from './imageRemoval';
import { JsonMessageStream, type JsonMessage } from './jsonMessages';
import type { LocalImage, LocalImages } from './localImages';
import { shortId } from './localImages';
import { authFromHeader } from './registryAuth';
import type { RegistryService } from './registryService';

export interface TransferRouteDeps {
  readonly images: LocalImages;
  readonly store: EditableImageStore;
  readonly events: EventLog;
  readonly content: ContentStore;
  readonly snapshotter: Snapshotter;
  readonly leases: Leases;
  readonly registry: RegistryService | undefined;
}

function parseRef(text: string, what: string): Reference {
  const problem = referenceError(text);
  if (problem !== undefined) throw berthError('invalid-argument', `${what}: ${problem}`);
  return parseReference(text);
}

/** `os[/arch[/variant]]`; the host's architecture fills in what is left out. */
function platformParam(text: string | null): Platform {
  if (text === null || text === '') return hostPlatform();
  return text.includes('/') ? parsePlatform(text) : { ...hostPlatform(), os: text };
}

function requireRegistry(deps: TransferRouteDeps, action: string): RegistryService {
  if (!deps.registry) throw new HttpError(501, `${action}: registry support is not available in this engine build yet`);
  return deps.registry;
}

/** `name` plus an optional `tag` parameter that may also be a digest, as Docker reads them. */
function withTagParam(ref: Reference, tag: string | null): Reference {
  if (tag === null || tag === '') return ref;
  return tag.includes(':') && digestError(tag) === undefined ? withDigest(ref, tag as Digest) : withTag(ref, tag);
}

/** The images `docker save` asked for, merged per target; a bare repository name means all its tags. */
async function savedImages(images: LocalImages, texts: readonly string[]): Promise<SavedImage[]> {
  const byTarget = new Map<string, { image: LocalImage; names: Reference[] }>();
  const all = await images.list();
  for (const text of texts) {
    const { image, ref } = await images.resolve(text);
    const bare = ref !== undefined && ref.digest === undefined && !/:[^/]+$/.test(text);
    const picked: { image: LocalImage; names: Reference[] }[] = bare
      ? all.map((i) => ({ image: i, names: i.names.filter((n) => n.familiarName() === ref.familiarName() && n.tag !== undefined) })).filter((p) => p.names.length > 0)
      : [{ image, names: ref === undefined ? [] : image.names.filter((n) => n.toString() === ref.toString()) }];
    for (const p of picked) {
      const entry = byTarget.get(p.image.id) ?? { image: p.image, names: [] };
      for (const n of p.names) if (!entry.names.some((m) => m.toString() === n.toString())) entry.names.push(n);
      byTarget.set(p.image.id, entry);
    }
  }
  return [...byTarget.values()].map(({ image, names }) => ({ target: image.target, manifest: image.manifest, names }));
}

export function transferRoutes(deps: TransferRouteDeps): Route[] {
  const nameImage = (names: readonly Reference[]) => async (target: Descriptor) => {
    if (names.length === 0) await keepUnnamedEntry(deps.store, target);
    for (const n of names) await deps.store.set(n.toString(), target);
  };
  const save = async (res: ServerResponse, texts: readonly string[], signal: AbortSignal) => {
    if (texts.length === 0) throw berthError('invalid-argument', 'save: no image names given');
    const images = await savedImages(deps.images, texts);
    const chunks = saveImages(deps.content, images, signal)[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    // the first chunk needs the whole plan (every manifest and config read): a missing blob is
    // still an HTTP error; later failures can only cut the stream, which the client sees as EOF
    const first = await chunks.next();
    res.writeHead(200, { 'Content-Type': 'application/x-tar' });
    await pipeline(Readable.from((async function* () {
      if (!first.done) yield first.value;
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
    })()), res);
    for (const image of images) deps.events.emit('image', 'save', image.target.digest);
  };
  return [
    {
      method: 'POST', path: '/images/create',
      handler: async ({ req, res, query, signal }) => {
        const fromImage = query.get('fromImage');
        const fromSrc = query.get('fromSrc');
        const stream = new JsonMessageStream(res);
        try {
          if (fromImage) {
            const ref = withTagParam(parseRef(fromImage.replace(/:$/, ''), 'pull'), query.get('tag'));
            const registry = requireRegistry(deps, 'pull');
            const auth = authFromHeader(req.headers['x-registry-auth']);
            let first = true;
            const onProgress = (m: JsonMessage) => {
              if (first) stream.hold(m);
              else stream.write(m);
              first = false;
            };
            await registry.pull(ref, { platform: platformParam(query.get('platform')), ...(auth ? { auth } : {}), onProgress, signal });
            deps.events.emit('image', 'pull', ref.familiar(), { name: ref.familiar() });
          } else if (fromSrc === '-') {
            const repo = query.get('repo');
            const names = repo ? [withTagParam(parseRef(repo, 'import'), query.get('tag'))] : [];
            const target = await importImage(req, {
              content: deps.content, snapshotter: deps.snapshotter, leases: deps.leases,
              platform: platformParam(query.get('platform')), changes: query.getAll('changes'),
              message: query.get('message') || 'Imported from -', name: nameImage(names), signal,
            });
            stream.write({ status: target.digest });
            deps.events.emit('image', 'import', target.digest, names.length ? { name: names[0]!.familiar() } : {});
          } else if (fromSrc) {
            throw berthError('invalid-argument', 'import: fetching the archive from a URL is not supported; send it as the request body (fromSrc=-)');
          } else {
            throw berthError('invalid-argument', 'fromImage (pull) or fromSrc (import) is required');
          }
          stream.end();
        } catch (err) {
          stream.fail(err);
        }
      },
    },
    {
      method: 'POST', path: '/images/:name/push',
      handler: async ({ req, res, params, query, signal }) => {
        const base = parseRef(params.name ?? '', 'push');
        const tag = query.get('tag');
        const auth = authFromHeader(req.headers['x-registry-auth']);
        const all = await deps.images.list();
        const refs = tag === null || tag === ''
          ? all.flatMap((i) => i.names.filter((n) => n.familiarName() === base.familiarName() && n.tag !== undefined))
          : [withTagParam(base, tag)];
        if (refs.length === 0) throw berthError('not-found', `An image does not exist locally with the tag: ${base.familiarName()}`);
        const registry = requireRegistry(deps, 'push');
        const stream = new JsonMessageStream(res);
        try {
          for (const ref of refs) {
            const { image } = await deps.images.resolve(ref.toString()).catch((err: unknown) => {
              throw berthError('not-found', `An image does not exist locally with the tag: ${ref.familiar()}`, err);
            });
            await registry.push(ref, image.target, { ...(auth ? { auth } : {}), onProgress: (m) => stream.write(m), signal });
            deps.events.emit('image', 'push', ref.familiar(), { name: ref.familiar() });
          }
          stream.end();
        } catch (err) {
          stream.fail(err);
        }
      },
    },
    { method: 'GET', path: '/images/:name/get', handler: async ({ res, params, signal }) => save(res, [params.name ?? ''], signal) },
    { method: 'GET', path: '/images/get', handler: async ({ res, query, signal }) => save(res, query.getAll('names'), signal) },
    {
      method: 'POST', path: '/images/load',
      handler: async ({ req, res, query, signal }) => {
        const quiet = boolParam(query, 'quiet', true);
        const stream = new JsonMessageStream(res);
        try {
          const loaded = await loadImages(req, {
            content: deps.content, snapshotter: deps.snapshotter, leases: deps.leases, platform: hostPlatform(),
            name: async (image) => nameImage(image.names)(image.target),
            onLayer: (diffId) => quiet || stream.write({ status: 'Loading layer', id: shortId(diffId), progressDetail: {} }),
            signal,
          });
          for (const image of loaded) {
            for (const n of image.names) stream.write({ stream: `Loaded image: ${n.familiar()}\n` });
            if (image.names.length === 0) stream.write({ stream: `Loaded image ID: ${image.target.digest}\n` });
            deps.events.emit('image', 'load', image.target.digest, image.names.length ? { name: image.names[0]!.familiar() } : {});
          }
          stream.end();
        } catch (err) {
          stream.fail(err);
        }
      },
    },
    {
      method: 'GET', path: '/images/search',
      handler: async ({ req, res, query, signal }) => {
        const term = query.get('term') ?? '';
        if (term.trim() === '') throw berthError('invalid-argument', 'search: term is required');
        const limit = Math.min(intParam(query, 'limit', 25), 100);
        const filters = filtersParam(query, ['is-official', 'is-automated', 'stars']);
        const slash = term.indexOf('/');
        const first = slash < 0 ? '' : term.slice(0, slash);
        const onRegistry = first === 'localhost' || /[.:]/.test(first);
        const registry = requireRegistry(deps, 'search');
        const auth = authFromHeader(req.headers['x-registry-auth']);
        let results = await registry.search(onRegistry ? first : 'docker.io', onRegistry ? term.slice(slash + 1) : term, limit, auth, signal);
        const stars = Number(filters.get('stars')?.[0] ?? 0);
        const official = filters.get('is-official')?.[0];
        results = results.filter((r) => r.star_count >= stars && (official === undefined || String(r.is_official) === official));
        sendJson(res, 200, results.slice(0, limit));
      },
    },
  ];
}
