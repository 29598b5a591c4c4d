// Container lifecycle endpoints: create, start, stop, restart, kill, pause, unpause, wait, remove,
// rename, list and inspect. Statuses as Docker's: 201 create, 204 for the verbs, 304 for a start
// of a running or a stop of a stopped container; errors through httpError.ts only.
import { berthError, isNotFound } from '../image/berthError';
import type { WaitCondition } from '../runtime/containerWaiters';
import type { ListOptions } from '../runtime/runtime';
import { boolParam, filtersParam, intParam, readJsonObject, sendEmpty, sendJson, type Route } from './apiContext';
import { gatherFacts, type FactsDeps } from './containerFacts';
import { containerInspect, containerSummary } from './containerViews';
import { createContainer, type VolumeResolver } from './createContainer';
import { parseCreateRequest } from './createRequest';
import { HttpError } from './httpError';

export interface ContainerRouteDeps extends FactsDeps {
  readonly volumes?: VolumeResolver;
}

const waitConditions: readonly WaitCondition[] = ['not-running', 'next-exit', 'removed'];
const listFilters = ['id', 'name', 'status', 'label', 'exited', 'ancestor', 'before', 'since', 'network', 'volume', 'health', 'publish', 'expose', 'is-task', 'isolation'];

function optionalSeconds(query: URLSearchParams): number | undefined {
  const t = query.get('t') ?? query.get('timeout');
  if (t === null || t === '') return undefined;
  if (!/^-?\d+$/.test(t)) throw new HttpError(400, `invalid value for t: ${JSON.stringify(t)} is not a whole number of seconds`);
  return Number(t);
}

async function listOptions(deps: ContainerRouteDeps, query: URLSearchParams): Promise<{ options: ListOptions; extra: (id: string) => boolean }> {
  const f = filtersParam(query, listFilters);
  const exited = f.get('exited')?.map((v) => {
    if (!/^-?\d+$/.test(v)) throw new HttpError(400, `invalid filter 'exited=${v}'`);
    return Number(v);
  });
  const ancestors: string[] = [];
  for (const a of f.get('ancestor') ?? []) {
    ancestors.push(a);
    const found = await deps.images.resolve(a).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
    if (found) ancestors.push(found.image.manifest.digest, found.image.id);
  }
  const created = (ref: string | undefined) => (ref === undefined ? undefined : deps.runtime.inspect(ref).created);
  const before = created(f.get('before')?.[0]);
  const since = created(f.get('since')?.[0]);
  const networks = f.get('network') ?? [];
  const volumes = f.get('volume') ?? [];
  const health = f.get('health') ?? [];
  const extra = (id: string) => {
    const r = deps.runtime.inspect(id);
    if (before !== undefined && r.created >= before) return false;
    if (since !== undefined && r.created <= since) return false;
    if (networks.length) {
      const mode = deps.networks.modeOf(id, r.hostConfig.network.mode);
      const names = mode.kind === 'bridge' ? mode.networks.map((n) => n.network) : [mode.kind];
      if (!networks.some((n) => names.includes(n) || names.some((m) => { try { return deps.network.getNetwork(m).id.startsWith(n); } catch { return false; } }))) return false;
    }
    if (volumes.length && !r.hostConfig.mounts.some((m) => volumes.includes(m.target) || (m.type === 'volume' && volumes.includes(m.name)) || (m.type === 'bind' && volumes.includes(m.source)))) return false;
    if (health.length && !health.includes('none')) return false; // no health checks in berth
    return true;
  };
  const filters = {
    ...(f.get('id') ? { id: f.get('id')! } : {}), ...(f.get('name') ? { name: f.get('name')! } : {}),
    ...(f.get('status') ? { status: f.get('status')! } : {}), ...(f.get('label') ? { label: f.get('label')! } : {}),
    ...(exited ? { exited } : {}), ...(ancestors.length ? { ancestor: ancestors } : {}),
  };
  return { options: { all: boolParam(query, 'all') || before !== undefined || since !== undefined, filters }, extra };
}

export function containerRoutes(deps: ContainerRouteDeps): Route[] {
  const { runtime } = deps;
  return [
    {
      method: 'POST', path: '/containers/create',
      handler: async ({ req, res, query, signal }) => {
        const request = parseCreateRequest(await readJsonObject(req, 'create container'), query.get('name') ?? undefined);
        const { record, warnings } = await createContainer(deps, request, signal);
        sendJson(res, 201, { Id: record.id, Warnings: warnings });
      },
    },
    {
      method: 'GET', path: '/containers/json',
      handler: async ({ res, query }) => {
        const { options, extra } = await listOptions(deps, query);
        let records = runtime.list(options).filter((r) => extra(r.id));
        const limit = intParam(query, 'limit', 0);
        if (limit > 0) records = records.slice(0, limit);
        const facts = await gatherFacts(deps, records, { size: boolParam(query, 'size') });
        const now = Date.now();
        sendJson(res, 200, records.map((r) => containerSummary(r, facts.get(r.id)!, now)));
      },
    },
    {
      method: 'GET', path: '/containers/:id/json',
      handler: async ({ res, params, query }) => {
        const record = runtime.inspect(params.id!);
        const facts = await gatherFacts(deps, [record], { size: boolParam(query, 'size') });
        sendJson(res, 200, containerInspect(record, facts.get(record.id)!));
      },
    },
    {
      method: 'POST', path: '/containers/:id/start',
      handler: async ({ res, params, signal }) => {
        const record = runtime.inspect(params.id!);
        let started: boolean;
        try {
          started = await runtime.start(record.id, signal);
        } catch (err) {
          // as Docker's daemon: a --rm container that cannot start is removed (`docker run --rm` waits for that)
          if (record.hostConfig.autoRemove) await runtime.remove(record.id, { force: true }).catch(() => undefined);
          throw err;
        }
        sendEmpty(res, started ? 204 : 304);
      },
    },
    {
      method: 'POST', path: '/containers/:id/stop',
      handler: async ({ res, params, query }) => {
        const timeout = optionalSeconds(query);
        const signalName = query.get('signal') || undefined;
        const stopped = await runtime.stop(params.id!, { ...(timeout !== undefined ? { timeout } : {}), ...(signalName ? { signal: signalName } : {}) });
        sendEmpty(res, stopped ? 204 : 304);
      },
    },
    {
      method: 'POST', path: '/containers/:id/restart',
      handler: async ({ res, params, query }) => {
        const timeout = optionalSeconds(query);
        const signalName = query.get('signal') || undefined;
        await runtime.restart(params.id!, { ...(timeout !== undefined ? { timeout } : {}), ...(signalName ? { signal: signalName } : {}) });
        sendEmpty(res, 204);
      },
    },
    {
      method: 'POST', path: '/containers/:id/kill',
      handler: async ({ res, params, query }) => {
        await runtime.kill(params.id!, query.get('signal') || 'SIGKILL');
        sendEmpty(res, 204);
      },
    },
    { method: 'POST', path: '/containers/:id/pause', handler: async ({ res, params }) => { await runtime.pause(params.id!); sendEmpty(res, 204); } },
    { method: 'POST', path: '/containers/:id/unpause', handler: async ({ res, params }) => { await runtime.unpause(params.id!); sendEmpty(res, 204); } },
    {
      method: 'POST', path: '/containers/:id/wait',
      handler: async ({ res, params, query, signal }) => {
        const condition = (query.get('condition') || 'not-running') as WaitCondition;
        if (!waitConditions.includes(condition)) throw new HttpError(400, `invalid condition: "${condition}" (not-running, next-exit or removed)`);
        const waiting = runtime.wait(params.id!, condition, signal);
        // Docker answers at once and sends the result when it comes: clients start the container meanwhile
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.flushHeaders();
        const result = await waiting.catch((err: unknown) => {
          if (signal.aborted) return undefined; // the client went away: nobody to answer
          throw err;
        });
        if (!result) return void res.destroy();
        res.end(`${JSON.stringify({ StatusCode: result.statusCode, ...(result.error ? { Error: { Message: result.error } } : {}) })}\n`);
      },
    },
    {
      method: 'DELETE', path: '/containers/:id',
      handler: async ({ res, params, query }) => {
        if (boolParam(query, 'link')) throw new HttpError(400, 'links are not supported by berth: there is no link to remove');
        const id = runtime.inspect(params.id!).id;
        await runtime.remove(id, { force: boolParam(query, 'force') });
        if (boolParam(query, 'v')) await deps.volumes?.removed?.(id, { removeAnonymous: true });
        sendEmpty(res, 204);
      },
    },
    {
      method: 'POST', path: '/containers/:id/rename',
      handler: async ({ res, params, query }) => {
        const name = query.get('name');
        if (!name) throw berthError('invalid-argument', 'rename: the new name is required (?name=)');
        await runtime.rename(params.id!, name);
        sendEmpty(res, 204);
      },
    },
  ];
}
