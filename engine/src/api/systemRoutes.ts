// System endpoints: /_ping, /version, /info, /events (streamed), /system/df and /auth.
import type { DiskUsage } from '../store/diskUsage';
import { filtersParam, readJsonObject, sendJson, type Route } from './apiContext';
import { apiVersion } from './apiServer';
import type { EngineEvent } from './eventLog';
import { HttpError } from './httpError';
import { parseTimestamp, summaries, type ImageRouteDeps } from './imageRoutes';
import { JsonMessageStream } from './jsonMessages';
import { authFromBody } from './registryAuth';
import type { RegistryService } from './registryService';
import { infoDocument, versionDocument, type EngineFacts } from './systemInfo';

export interface SystemRouteDeps extends ImageRouteDeps {
  readonly facts: EngineFacts;
  readonly diskUsage: () => Promise<DiskUsage>;
  readonly registry: RegistryService | undefined;
  /** Docker's Volume documents with UsageData, for /system/df (absent: no volumes). */
  readonly volumeUsage?: () => Promise<unknown[]>;
  /** Docker's BuildCache items (cache records and cache mounts), for /system/df (absent: none). */
  readonly buildCacheUsage?: () => Promise<readonly object[]>;
}

const pingHeaders = {
  'API-Version': apiVersion,
  'OSType': 'linux',
  'Docker-Experimental': 'false',
  'Builder-Version': '2',
  'Cache-Control': 'no-cache, no-store, must-revalidate',
  'Pragma': 'no-cache',
};

function eventMatches(event: EngineEvent, filters: Map<string, string[]>): boolean {
  const type = filters.get('type');
  if (type?.length && !type.includes(event.Type)) return false;
  const action = filters.get('event');
  if (action?.length && !action.includes(event.Action)) return false;
  const image = filters.get('image');
  if (image?.length && !image.some((i) => i === event.Actor.ID || i === event.Actor.Attributes.name)) return false;
  return true;
}

export function systemRoutes(deps: SystemRouteDeps): Route[] {
  const ping = (method: 'GET' | 'HEAD'): Route => ({
    method, path: '/_ping',
    handler: async ({ res }) => {
      res.writeHead(200, { ...pingHeaders, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 2 });
      res.end(method === 'GET' ? 'OK' : undefined);
    },
  });
  return [
    ping('GET'),
    ping('HEAD'),
    { method: 'GET', path: '/version', handler: async ({ res }) => sendJson(res, 200, versionDocument()) },
    {
      method: 'GET', path: '/info',
      handler: async ({ res }) => sendJson(res, 200, infoDocument(deps.facts, { images: (await deps.images.list()).length, eventListeners: deps.events.listenerCount })),
    },
    {
      method: 'GET', path: '/events',
      handler: async ({ res, query, signal }) => {
        const filters = filtersParam(query, ['type', 'event', 'image', 'container', 'label', 'scope', 'daemon', 'network', 'volume', 'plugin', 'node', 'service', 'secret', 'config']);
        const since = query.get('since');
        const until = query.get('until');
        const sinceNano = since ? parseTimestamp(since, 'since') * 1e9 : Date.now() * 1e6;
        const untilNano = until ? parseTimestamp(until, 'until') * 1e9 : undefined;
        const stream = new JsonMessageStream(res);
        stream.start();
        const send = (e: EngineEvent) => {
          if (eventMatches(e, filters)) res.write(JSON.stringify(e) + '\n');
        };
        for (const e of deps.events.history(sinceNano, untilNano)) send(e);
        if (untilNano !== undefined && untilNano <= Date.now() * 1e6) return stream.end();
        await new Promise<void>((resolve) => {
          const subscription = deps.events.subscribe(send);
          const finish = () => {
            subscription.dispose();
            clearTimeout(timer);
            resolve();
          };
          // timers hold at most ~24.8 days; an `until` beyond that ends with the client instead
          const wait = untilNano === undefined ? undefined : untilNano / 1e6 - Date.now();
          const timer = wait === undefined || wait > 2 ** 31 - 1 ? undefined : setTimeout(finish, wait);
          signal.addEventListener('abort', finish, { once: true });
        });
        stream.end();
      },
    },
    {
      method: 'GET', path: '/system/df',
      handler: async ({ res }) => {
        const usage = await deps.diskUsage();
        const images = (await summaries(await deps.images.list(), true)).map((s) => ({ ...s, Containers: 0 }));
        sendJson(res, 200, {
          LayersSize: usage.blobs.bytes + usage.snapshots.reduce((n, s) => n + s.bytes, 0),
          Images: images,
          Containers: [],
          Volumes: deps.volumeUsage ? await deps.volumeUsage() : [],
          BuildCache: deps.buildCacheUsage ? await deps.buildCacheUsage() : [],
        });
      },
    },
    {
      method: 'POST', path: '/auth',
      handler: async ({ req, res, signal }) => {
        const auth = authFromBody(await readJsonObject(req, 'auth'));
        if (!deps.registry) throw new HttpError(501, 'login: registry support is not available in this engine build');
        const server = auth.serveraddress ?? 'https://index.docker.io/v1/';
        const { identityToken } = await deps.registry.login(server, auth, signal);
        sendJson(res, 200, { Status: 'Login Succeeded', IdentityToken: identityToken ?? '' });
      },
    },
  ];
}
