// A container's filesystem over the API: GET /containers/{id}/export (the root filesystem as a
// tar, volumes left out), GET /containers/{id}/changes (`docker diff`), and the `docker cp`
// endpoints: HEAD /containers/{id}/archive (the X-Docker-Container-Path-Stat header), GET (a tar of
// a path) and PUT (a tar extracted into a directory).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { containerChanges } from '../containerfs/changes';
import { withDiffSource } from '../containerfs/diffSource';
import { containerOwner, extractArchive } from '../containerfs/extractArchive';
import { encodePathStat, goBase, absolutePath, statPath } from '../containerfs/pathStat';
import { nodeEntries, tarStream } from '../containerfs/treeArchive';
import { withContainerTree, type TreeRuntime } from '../containerfs/withContainerTree';
import { berthError } from '../image/berthError';
import { walkTree } from '../layer/walkTree';
import type { Snapshotter } from '../snapshot/snapshotter';
import { boolParam, sendJson, type Route } from './apiContext';
import type { EventLog } from './eventLog';

export interface ContainerFsRouteDeps {
  readonly runtime: TreeRuntime;
  readonly snapshotter: Snapshotter;
  readonly events: EventLog;
}

const statHeader = 'X-Docker-Container-Path-Stat';

function pathParam(query: URLSearchParams): string {
  const path = query.get('path');
  if (path === null || path === '') throw berthError('invalid-argument', 'path cannot be empty');
  return path;
}

export function containerFsRoutes(deps: ContainerFsRouteDeps): Route[] {
  const { runtime, events } = deps;
  const emit = (action: string, id: string) => {
    const r = runtime.inspect(id);
    events.emit('container', action, r.id, { name: r.name, image: r.config.image });
  };
  return [
    {
      method: 'GET', path: '/containers/:name/export',
      handler: async ({ res, params, signal }) => {
        const record = runtime.inspect(params.name ?? '');
        await runtime.withRootfs(record.id, async (rootfs) => {
          res.writeHead(200, { 'Content-Type': 'application/x-tar' });
          await pipeline(Readable.from(tarStream(walkTree(rootfs), signal)), res);
        });
        emit('export', record.id);
      },
    },
    {
      method: 'GET', path: '/containers/:name/changes',
      handler: async ({ res, params }) => {
        const record = runtime.inspect(params.name ?? '');
        const { changes } = await withDiffSource(deps.snapshotter, record, containerChanges);
        sendJson(res, 200, changes);
      },
    },
    {
      method: 'HEAD', path: '/containers/:name/archive',
      handler: async ({ res, params, query }) => {
        const path = pathParam(query);
        const stat = await withContainerTree(runtime, params.name ?? '', async (tree, record) => statPath(tree, path, record.name).stat);
        res.writeHead(200, { [statHeader]: encodePathStat(stat), 'Content-Type': 'application/json' });
        res.end();
      },
    },
    {
      method: 'GET', path: '/containers/:name/archive',
      handler: async ({ res, params, query, signal }) => {
        const path = pathParam(query);
        const id = await withContainerTree(runtime, params.name ?? '', async (tree, record) => {
          const { stat, node } = statPath(tree, path, record.name);
          const entries = tarStream(nodeEntries(tree, node, goBase(absolutePath(path))), signal);
          // the first block comes before the headers, so a failure to read the path is still an HTTP error
          const first = await entries.next();
          res.writeHead(200, { [statHeader]: encodePathStat(stat), 'Content-Type': 'application/x-tar' });
          await pipeline(Readable.from((async function* () {
            if (!first.done) yield first.value;
            yield* entries;
          })()), res);
          return record.id;
        });
        emit('archive-path', id);
      },
    },
    {
      method: 'PUT', path: '/containers/:name/archive',
      handler: async ({ req, res, params, query, signal }) => {
        const path = pathParam(query);
        const id = await withContainerTree(runtime, params.name ?? '', async (tree, record) => {
          const owner = boolParam(query, 'copyUIDGID') ? containerOwner(tree, record.config.user) : undefined;
          await extractArchive(tree, path, req, {
            noOverwriteDirNonDir: boolParam(query, 'noOverwriteDirNonDir'), ...(owner ? { owner } : {}), where: `container ${record.name}`, signal,
          });
          return record.id;
        });
        res.writeHead(200, { 'Content-Length': 0 });
        res.end();
        emit('extract-to-dir', id);
      },
    },
  ];
}
