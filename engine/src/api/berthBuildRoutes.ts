// Berth-only build endpoints (ARCHITECTURE rule 2), for clients on the engine's own machine:
//   POST /berth/v1/build            a build whose context is a directory the engine reads in place
//                                   (the berth CLI: no tar round trip); Docker's JSON stream back
//   GET  /berth/v1/builds           recent builds (of one Dockerfile with ?dockerfile=), newest first
//   GET  /berth/v1/builds/last      the last build of ?dockerfile=<path>, every step with its lines,
//                                   cache key, hit or miss and why, layer, duration and log
//   GET  /berth/v1/builds/:id       one build record (?logs=0 leaves the steps' logs out)
//   POST /berth/v1/builds/predict   which steps of this Dockerfile text and context would hit the cache
// The client proves it sees the same filesystem by sending the context directory's device and
// inode; when they differ (a socket forwarded from another machine) the answer is 412 and the
// client falls back to POST /build with a tar.
import { stat, readFile } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { contextFromDirectory } from '../build/buildContext';
import type { BuildRecord } from '../build/buildRecords';
import type { BuildRequest } from '../build/buildRequest';
import type { Prediction } from '../build/builder';
import { berthError } from '../image/berthError';
import { intParam, readJsonObject, sendJson, type Route } from './apiContext';
import { platformOf, settingsFromBody, stringMap } from './buildQuery';
import { buildRequestOf } from './buildRoutes';
import { streamBuild, type BuildRunner } from './buildStream';
import type { EventLog } from './eventLog';
import { HttpError } from './httpError';

export interface BuildHistorySource {
  lastBuild(dockerfile: string): Promise<BuildRecord | undefined>;
  predict(request: BuildRequest): Promise<Prediction>;
  readonly records: {
    list(dockerfile: string): Promise<BuildRecord[]>;
    recent(limit: number): Promise<BuildRecord[]>;
    get(id: string): Promise<BuildRecord | undefined>;
  };
}

export interface BerthBuildRouteDeps {
  readonly builder: BuildRunner & BuildHistorySource;
  readonly events: EventLog;
}

function absolutePath(body: Record<string, unknown>, key: string): string {
  const value = body[key];
  if (typeof value !== 'string' || !isAbsolute(value)) throw berthError('invalid-argument', `${key}: an absolute path on the engine's machine is required`);
  return value;
}

/** The context directory, checked to be the one the client sees (same device and inode). */
async function localContextDir(body: Record<string, unknown>): Promise<string> {
  const dir = absolutePath(body, 'context');
  const identity = body.contextIdentity as { dev?: unknown; ino?: unknown } | undefined;
  const st = await stat(dir, { bigint: true }).catch(() => undefined);
  const same = st?.isDirectory() && (identity === undefined || (String(identity.dev) === String(st.dev) && String(identity.ino) === String(st.ino)));
  if (!same) throw new HttpError(412, `build context ${dir}: not the same directory on the engine's machine; send the context as a tar (POST /build)`);
  return dir;
}

/** The Dockerfile's text: sent by the client (an editor's unsaved text) or read from its path. */
async function dockerfileText(body: Record<string, unknown>, path: string): Promise<string> {
  if (typeof body.dockerfileText === 'string') return body.dockerfileText;
  return readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw berthError('invalid-argument', `Dockerfile ${path}: cannot be read (${err.code ?? err.message})`);
  });
}

/** A summary of a build for lists: no steps, just what they add up to. */
function summary(record: BuildRecord): Record<string, unknown> {
  const { steps, ...rest } = record;
  return {
    ...rest,
    stepCount: steps.length,
    cachedSteps: steps.filter((s) => s.cached).length,
    layerBytes: steps.reduce((n, s) => n + s.layerSize, 0),
  };
}

function withoutLogs(record: BuildRecord, logs: boolean): BuildRecord {
  return logs ? record : { ...record, steps: record.steps.map(({ log: _log, ...step }) => ({ ...step, log: '' })) };
}

export function berthBuildRoutes(deps: BerthBuildRouteDeps): Route[] {
  const { builder } = deps;
  const logsWanted = (query: URLSearchParams) => query.get('logs') !== '0' && query.get('logs') !== 'false';
  return [
    {
      method: 'POST', path: '/berth/v1/build',
      handler: async ({ req, res, signal }) => {
        const body = await readJsonObject(req, 'build');
        const dir = await localContextDir(body);
        const path = absolutePath(body, 'dockerfile');
        const settings = settingsFromBody(body);
        const text = await dockerfileText(body, path);
        const context = await contextFromDirectory(dir, path);
        try {
          await streamBuild(builder, res, buildRequestOf(context, { text, path }, settings), { quiet: settings.quiet, signal, events: deps.events });
        } finally {
          await context.close();
        }
      },
    },
    {
      method: 'GET', path: '/berth/v1/builds',
      handler: async ({ res, query }) => {
        const limit = intParam(query, 'limit', 50);
        const dockerfile = query.get('dockerfile');
        const records = dockerfile ? (await builder.records.list(dockerfile)).slice(0, limit) : await builder.records.recent(limit);
        sendJson(res, 200, records.map(summary));
      },
    },
    {
      method: 'GET', path: '/berth/v1/builds/last',
      handler: async ({ res, query }) => {
        const dockerfile = query.get('dockerfile');
        if (!dockerfile) throw berthError('invalid-argument', 'dockerfile: the path of the Dockerfile is required');
        const record = await builder.lastBuild(dockerfile);
        if (!record) throw berthError('not-found', `no build of ${dockerfile} is recorded`);
        sendJson(res, 200, withoutLogs(record, logsWanted(query)));
      },
    },
    {
      method: 'GET', path: '/berth/v1/builds/:id',
      handler: async ({ res, params, query }) => {
        const record = await builder.records.get(params.id ?? '');
        if (!record) throw berthError('not-found', `build ${params.id}: no such build record`);
        sendJson(res, 200, withoutLogs(record, logsWanted(query)));
      },
    },
    {
      method: 'POST', path: '/berth/v1/builds/predict',
      handler: async ({ req, res }) => {
        const body = await readJsonObject(req, 'predict');
        const dir = await localContextDir(body);
        const path = absolutePath(body, 'dockerfile');
        const text = await dockerfileText(body, path);
        const platform = platformOf(typeof body.platform === 'string' ? body.platform : undefined);
        const context = await contextFromDirectory(dir, path);
        try {
          sendJson(res, 200, await builder.predict({
            context, dockerfile: { text, path }, buildArgs: stringMap(body.buildArgs, 'buildArgs'),
            ...(typeof body.target === 'string' && body.target ? { target: body.target } : {}), ...(platform ? { platform } : {}),
          }));
        } finally {
          await context.close();
        }
      },
    },
  ];
}
