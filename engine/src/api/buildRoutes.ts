// Docker's build endpoints: POST /build (the classic builder's protocol, what `docker build` sends
// with DOCKER_BUILDKIT=0: the context as a tar body, options in the query, progress as a JSON
// stream) and POST /build/prune (`docker builder prune`). The uploaded context is extracted into
// the builder's scratch directory with the layer module's guarantees and removed when the build
// ends, however it ends.
import { readFile } from 'node:fs/promises';
import type { BuildContext } from '../build/buildContext';
import { contextFromTar } from '../build/buildContext';
import type { PruneOptions, PruneResult } from '../build/builder';
import { MergedView } from '../build/mergedView';
import { berthError } from '../image/berthError';
import { filtersParam, sendJson, type Route } from './apiContext';
import { settingsFromQuery, type BuildSettings } from './buildQuery';
import { streamBuild, type BuildRunner } from './buildStream';
import type { EventLog } from './eventLog';
import { parseTimestamp } from './imageRoutes';

export interface BuildRouteDeps {
  readonly builder: BuildRunner & {
    readonly scratchDir: string;
    prune(options: PruneOptions): Promise<PruneResult>;
  };
  readonly events: EventLog;
  /** Frees the layers no image and no cache record holds any more; returns the bytes reclaimed. */
  readonly collectGarbage: () => Promise<number>;
}

/** Dockerfiles are small; anything larger than this is not one. */
const maxDockerfileBytes = 4 << 20;

/** The Dockerfile at `path` inside the extracted context (symlinks resolved inside it, never out). */
export async function readContextDockerfile(context: BuildContext, path: string): Promise<string> {
  const entry = new MergedView([context.dir], false).stat(`/${path}`);
  if (!entry?.stats.isFile()) throw berthError('invalid-argument', `Cannot locate specified Dockerfile: ${path} (it is not a file in the build context)`);
  if (entry.stats.size > BigInt(maxDockerfileBytes)) throw berthError('invalid-argument', `Dockerfile ${path}: ${entry.stats.size} bytes is too large for a Dockerfile`);
  return readFile(entry.hostPath, 'utf8');
}

/** A BuildRequest for the builder from a context, its Dockerfile and the client's settings. */
export function buildRequestOf(context: BuildContext, dockerfile: { text: string; path: string }, s: BuildSettings) {
  return {
    context, dockerfile, tags: s.tags, buildArgs: s.buildArgs, labels: s.labels, noCache: s.noCache, pull: s.pull, check: s.check,
    ...(s.target ? { target: s.target } : {}), ...(s.network ? { network: s.network } : {}), ...(s.platform ? { platform: s.platform } : {}),
  };
}

export function buildRoutes(deps: BuildRouteDeps): Route[] {
  return [
    {
      method: 'POST', path: '/build',
      handler: async ({ req, res, query, signal }) => {
        const settings = settingsFromQuery(query);
        const context = await contextFromTar(req, { scratchDir: deps.builder.scratchDir, dockerfile: settings.dockerfile, signal });
        try {
          const text = await readContextDockerfile(context, settings.dockerfile);
          const request = buildRequestOf(context, { text, path: settings.dockerfile }, settings);
          await streamBuild(deps.builder, res, request, { quiet: settings.quiet, signal, events: deps.events });
        } finally {
          await context.close();
        }
      },
    },
    {
      method: 'POST', path: '/build/prune',
      handler: async ({ res, query }) => {
        const filters = filtersParam(query, ['until']);
        const until = filters.get('until')?.[0];
        const result = await deps.builder.prune(until === undefined ? {} : { until: new Date(parseTimestamp(until, 'until') * 1000) });
        const freed = await deps.collectGarbage();
        deps.events.emit('builder', 'prune', '', { reclaimed: String(result.reclaimedBytes + freed) });
        sendJson(res, 200, { CachesDeleted: [...result.keys, ...result.cacheMounts], SpaceReclaimed: result.reclaimedBytes + freed });
      },
    },
  ];
}
