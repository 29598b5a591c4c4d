// Image endpoints over the local store: list, inspect, history, tag, remove and prune.
import { berthError } from '../image/berthError';
import { parseReference, referenceError, withTag } from '../image/reference';
import { boolParam, filtersParam, sendEmpty, sendJson, type Route } from './apiContext';
import type { EventLog } from './eventLog';
import { pruneImages, removeImage, type DeleteItem, type EditableImageStore } from './imageRemoval';
import { imageHistory, imageInspect, imageSummary } from './imageViews';
import type { LocalImage, LocalImages } from './localImages';
import { referenceMatches } from './referenceFilter';

export interface ImageRouteDeps {
  readonly images: LocalImages;
  readonly store: EditableImageStore;
  readonly events: EventLog;
  /** Shown as GraphDriver.Name: the snapshotter in use. */
  readonly storageDriver: string;
  /** Removes content no image needs any more; returns the bytes freed. */
  readonly collectGarbage: () => Promise<number>;
}

const goDuration = /^(?:\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
const durationUnits: Record<string, number> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** Docker's `until`/`since`: a Unix timestamp, an RFC 3339 date, or a Go duration before now (seconds). */
export function parseTimestamp(text: string, what: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text);
  if (goDuration.test(text)) {
    let seconds = 0;
    for (const [, n, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) seconds += Number(n) * durationUnits[unit!]!;
    return Date.now() / 1000 - seconds;
  }
  const date = Date.parse(text);
  if (Number.isFinite(date)) return date / 1000;
  throw berthError('invalid-argument', `invalid ${what} value ${JSON.stringify(text)}: expected a Unix timestamp, a date or a duration such as 24h`);
}

async function filterImages(deps: ImageRouteDeps, list: LocalImage[], filters: Map<string, string[]>): Promise<LocalImage[]> {
  const dangling = filters.get('dangling');
  const references = filters.get('reference');
  const labels = filters.get('label');
  const before = filters.get('before')?.[0];
  const since = filters.get('since')?.[0];
  const until = filters.get('until')?.[0];
  const beforeTime = before === undefined ? undefined : (await deps.images.resolve(before)).image.created;
  const sinceTime = since === undefined ? undefined : (await deps.images.resolve(since)).image.created;
  const untilTime = until === undefined ? undefined : parseTimestamp(until, 'until');
  return list.filter((image) => {
    if (dangling?.length) {
      const want = dangling[0] === 'true' || dangling[0] === '1';
      if (want !== (image.names.length === 0)) return false;
    }
    if (references?.length && !image.names.some((n) => referenceMatches(references, n))) return false;
    if (labels?.length) {
      const own = image.config.config?.Labels ?? {};
      if (!labels.every((l) => { const [k, v] = l.split(/=(.*)/s); return k! in own && (v === undefined || own[k!] === v); })) return false;
    }
    if (beforeTime !== undefined && image.created >= beforeTime) return false;
    if (sinceTime !== undefined && image.created <= sinceTime) return false;
    if (untilTime !== undefined && image.created >= untilTime) return false;
    return true;
  });
}

/** Per image, the bytes of layers it shares with another image. */
export function sharedSizes(list: readonly LocalImage[], layersOf: ReadonlyMap<LocalImage, readonly { digest: string; size: number }[]>): Map<LocalImage, number> {
  const users = new Map<string, number>();
  for (const image of list) for (const l of new Set((layersOf.get(image) ?? []).map((x) => x.digest))) users.set(l, (users.get(l) ?? 0) + 1);
  return new Map(list.map((image) => [image, (layersOf.get(image) ?? []).filter((l) => (users.get(l.digest) ?? 0) > 1).reduce((n, l) => n + l.size, 0)]));
}

export async function summaries(list: LocalImage[], withShared: boolean): Promise<Record<string, unknown>[]> {
  if (!withShared) return list.map((i) => imageSummary(i));
  const layersOf = new Map(await Promise.all(list.map(async (i) => [i, (await i.image.manifest()).layers] as const)));
  const shared = sharedSizes(list, layersOf);
  return list.map((i) => imageSummary(i, shared.get(i)));
}

export function imageRoutes(deps: ImageRouteDeps): Route[] {
  return [
    {
      method: 'GET', path: '/images/json',
      handler: async ({ res, query }) => {
        const filters = filtersParam(query, ['dangling', 'reference', 'label', 'before', 'since', 'until']);
        const list = await filterImages(deps, await deps.images.list(), filters);
        list.sort((a, b) => b.created - a.created || a.id.localeCompare(b.id));
        // as Docker: with a reference filter, an image lists only the names that matched
        const references = filters.get('reference');
        const shown = references?.length ? list.map((i) => ({ ...i, names: i.names.filter((n) => referenceMatches(references, n)) })) : list;
        sendJson(res, 200, await summaries(shown, boolParam(query, 'shared-size')));
      },
    },
    {
      method: 'GET', path: '/images/:name/json',
      handler: async ({ res, params }) => {
        const { image } = await deps.images.resolve(params.name ?? '');
        sendJson(res, 200, imageInspect(image, deps.storageDriver));
      },
    },
    {
      method: 'GET', path: '/images/:name/history',
      handler: async ({ res, params }) => {
        const { image } = await deps.images.resolve(params.name ?? '');
        sendJson(res, 200, await imageHistory(image));
      },
    },
    {
      method: 'POST', path: '/images/:name/tag',
      handler: async ({ res, params, query }) => {
        const { image } = await deps.images.resolve(params.name ?? '');
        const repo = query.get('repo') ?? '';
        const tag = query.get('tag') ?? '';
        const problem = referenceError(repo);
        if (problem !== undefined) throw berthError('invalid-argument', problem);
        let ref = parseReference(repo);
        if (ref.digest !== undefined) throw berthError('invalid-argument', 'refusing to create a tag with a digest reference');
        if (tag !== '') ref = withTag(ref, tag);
        await deps.store.set(ref.toString(), image.target);
        deps.events.emit('image', 'tag', image.id, { name: ref.familiar() });
        sendEmpty(res, 201);
      },
    },
    {
      method: 'DELETE', path: '/images/:name',
      handler: async ({ res, params, query }) => {
        const items = await removeImage(deps.images, deps.store, params.name ?? '', boolParam(query, 'force'));
        emitRemovals(deps.events, items);
        if (items.some((i) => i.Deleted)) await deps.collectGarbage();
        sendJson(res, 200, items);
      },
    },
    {
      method: 'POST', path: '/images/prune',
      handler: async ({ res, query }) => {
        const filters = filtersParam(query, ['dangling', 'until', 'label', 'label!']);
        const dangling = filters.get('dangling')?.[0];
        const until = filters.get('until')?.[0];
        const items = await pruneImages(deps.images, deps.store, {
          danglingOnly: dangling === undefined || dangling === 'true' || dangling === '1',
          ...(until === undefined ? {} : { until: parseTimestamp(until, 'until') }),
          labels: [...(filters.get('label') ?? []), ...(filters.get('label!') ?? []).map((l) => `!${l}`)],
        });
        emitRemovals(deps.events, items);
        const reclaimed = await deps.collectGarbage();
        deps.events.emit('image', 'prune', '', { reclaimed: String(reclaimed) });
        sendJson(res, 200, { ImagesDeleted: items.length > 0 ? items : null, SpaceReclaimed: reclaimed });
      },
    },
  ];
}

function emitRemovals(events: EventLog, items: readonly DeleteItem[]): void {
  for (const item of items) {
    if (item.Untagged) events.emit('image', 'untag', item.Untagged, { name: item.Untagged });
    if (item.Deleted) events.emit('image', 'delete', item.Deleted, { name: item.Deleted });
  }
}
