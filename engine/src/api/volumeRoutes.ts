// Volume endpoints: GET /volumes, POST /volumes/create, GET and DELETE /volumes/{name},
// POST /volumes/prune, with Docker's documents, filters and statuses (in use: 409).
import { berthError } from '../image/berthError';
import { listFilter, listFilterNames, pruneFilter, pruneFilterNames } from '../volume/volumeFilters';
import { volumeJson } from '../volume/volumeJson';
import type { VolumeStore } from '../volume/volumeStore';
import { boolParam, filtersParam, readJsonObject, sendEmpty, sendJson, type Route } from './apiContext';
import type { EventLog } from './eventLog';

export interface VolumeRouteDeps {
  readonly volumes: VolumeStore;
  readonly events: EventLog;
}

function stringRecord(value: unknown, what: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value) || !Object.values(value).every((v) => typeof v === 'string')) {
    throw berthError('invalid-argument', `volume create: ${what} must be an object of strings`);
  }
  return value as Record<string, string>;
}

function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const value = body[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw berthError('invalid-argument', `volume create: ${key} must be a string`);
  return value;
}

export function volumeRoutes(deps: VolumeRouteDeps): Route[] {
  const { volumes, events } = deps;
  const json = (name: string) => volumeJson(volumes.get(name), volumes.mountpoint(name));
  return [
    {
      method: 'GET', path: '/volumes',
      handler: async ({ res, query }) => {
        const select = listFilter(filtersParam(query, listFilterNames), (name) => volumes.usersOf(name).length > 0);
        sendJson(res, 200, { Volumes: volumes.list().filter(select).map((v) => json(v.name)), Warnings: [] });
      },
    },
    {
      method: 'POST', path: '/volumes/create',
      handler: async ({ req, res }) => {
        const body = await readJsonObject(req, 'volume create');
        if (body.ClusterVolumeSpec !== undefined && body.ClusterVolumeSpec !== null) throw berthError('invalid-argument', 'volume create: cluster volumes need swarm mode, which this engine does not have');
        const name = optionalString(body, 'Name');
        const driver = optionalString(body, 'Driver');
        const options = stringRecord(body.DriverOpts, 'DriverOpts');
        const labels = stringRecord(body.Labels, 'Labels');
        const { volume, created } = await volumes.create({
          ...(name ? { name } : {}), ...(driver ? { driver } : {}), ...(options ? { options } : {}), ...(labels ? { labels } : {}),
        });
        if (created) events.emit('volume', 'create', volume.name, { driver: volume.driver });
        sendJson(res, 201, json(volume.name));
      },
    },
    {
      method: 'POST', path: '/volumes/prune',
      handler: async ({ res, query, version }) => {
        const select = pruneFilter(filtersParam(query, pruneFilterNames), version);
        const { removed, reclaimedBytes } = await volumes.prune(select);
        for (const name of removed) events.emit('volume', 'destroy', name, { driver: 'local' });
        events.emit('volume', 'prune', '', { reclaimed: String(reclaimedBytes) });
        sendJson(res, 200, { VolumesDeleted: removed, SpaceReclaimed: reclaimedBytes });
      },
    },
    {
      method: 'GET', path: '/volumes/:name',
      handler: async ({ res, params }) => sendJson(res, 200, json(params.name ?? '')),
    },
    {
      method: 'DELETE', path: '/volumes/:name',
      handler: async ({ res, params, query }) => {
        const name = params.name ?? '';
        const existed = volumes.find(name) !== undefined;
        await volumes.remove(name, { force: boolParam(query, 'force') });
        if (existed) events.emit('volume', 'destroy', name, { driver: 'local' });
        sendEmpty(res, 204);
      },
    },
  ];
}
