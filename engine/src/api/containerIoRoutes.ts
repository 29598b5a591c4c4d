// Container I/O endpoints: attach (hijacked; also before start, as `docker run` does), logs
// (stdcopy-framed unless the container has a TTY), resize, top and stats (streamed once a second,
// or one document; Docker's stream=false takes two samples so precpu_stats is filled).
import type { ServerResponse } from 'node:http';
import { berthError } from '../image/berthError';
import type { ContainerStats } from '../runtime/containerStats';
import { isActive } from '../runtime/containerRecord';
import type { Runtime } from '../runtime/runtime';
import { boolParam, intParam, sendJson, type Route } from './apiContext';
import { pumpAttachment } from './attachPump';
import { defaultDetachKeys, parseDetachKeys } from './detachKeys';
import type { EventLog } from './eventLog';
import { hijack, multiplexedStream, rawStream } from './hijack';
import { HttpError } from './httpError';
import { parseTimestamp } from './imageRoutes';
import { frame } from './stdcopy';

export interface ContainerIoDeps {
  readonly runtime: Runtime;
  readonly events: EventLog;
}

function write(res: ServerResponse, chunk: Buffer | string): Promise<void> {
  return res.write(chunk) ? Promise.resolve() : new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}

function tailParam(query: URLSearchParams): number | undefined {
  const tail = query.get('tail');
  if (tail === null || tail === '' || tail === 'all') return undefined;
  if (!/^-?\d+$/.test(tail)) throw new HttpError(400, `invalid value for tail: ${JSON.stringify(tail)} (a number of lines or "all")`);
  const n = Number(tail);
  return n < 0 ? undefined : n;
}

function timeParam(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null || value === '' || value === '0') return undefined;
  return parseTimestamp(value, name);
}

/** What Docker sends for a container that is not running: the same document with nothing measured. */
function emptyStats(id: string, name: string): Record<string, unknown> {
  const cpu = { cpu_usage: { total_usage: 0, usage_in_kernelmode: 0, usage_in_usermode: 0 }, throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 } };
  return {
    read: '0001-01-01T00:00:00Z', preread: '0001-01-01T00:00:00Z', id, name: `/${name}`, num_procs: 0,
    pids_stats: {}, blkio_stats: { io_service_bytes_recursive: null, io_serviced_recursive: null },
    cpu_stats: cpu, precpu_stats: cpu, memory_stats: {}, networks: {},
  };
}

function statsDocument(s: ContainerStats): ContainerStats {
  return { ...s, name: s.name.startsWith('/') ? s.name : `/${s.name}` };
}

export function containerIoRoutes(deps: ContainerIoDeps): Route[] {
  const { runtime } = deps;
  return [
    {
      method: 'POST', path: '/containers/:id/attach',
      handler: async (ctx) => {
        const { query } = ctx;
        const record = runtime.inspect(ctx.params.id!);
        if (record.state.status === 'paused') throw berthError('failed-precondition', 'You cannot attach to a paused container, unpause it first');
        if (record.state.status === 'restarting') throw berthError('failed-precondition', 'You cannot attach to a restarting container, wait until it is running');
        const detachKeys = parseDetachKeys(query.get('detachKeys') || defaultDetachKeys);
        const attachment = await runtime.io.attach(record.id, {
          stdin: boolParam(query, 'stdin'), stdout: boolParam(query, 'stdout'), stderr: boolParam(query, 'stderr'),
          stream: boolParam(query, 'stream'), logs: boolParam(query, 'logs'),
        });
        const socket = hijack(ctx, record.config.tty ? rawStream : multiplexedStream);
        const attributes = { name: record.name, image: record.config.image };
        deps.events.emit('container', 'attach', record.id, attributes);
        await pumpAttachment(socket, attachment, {
          tty: record.config.tty, detachKeys,
          onDetach: () => deps.events.emit('container', 'detach', record.id, attributes),
        });
      },
    },
    {
      method: 'GET', path: '/containers/:id/logs',
      handler: async ({ res, params, query, signal }) => {
        const record = runtime.inspect(params.id!);
        const stdout = boolParam(query, 'stdout');
        const stderr = boolParam(query, 'stderr');
        if (!stdout && !stderr) throw new HttpError(400, 'Bad parameters: you must choose at least one stream');
        const since = timeParam(query, 'since');
        const until = timeParam(query, 'until');
        const tail = tailParam(query);
        const entries = runtime.io.logs(record.id, {
          stdout, stderr, follow: boolParam(query, 'follow'), signal,
          ...(since !== undefined ? { since } : {}), ...(until !== undefined ? { until } : {}), ...(tail !== undefined ? { tail } : {}),
        });
        const timestamps = boolParam(query, 'timestamps');
        res.writeHead(200, { 'Content-Type': record.config.tty ? rawStream : multiplexedStream });
        res.flushHeaders();
        for await (const e of entries) {
          const line = timestamps ? Buffer.concat([Buffer.from(`${e.time} `), e.line]) : e.line;
          await write(res, record.config.tty ? line : frame(e.stream, line));
          if (res.destroyed) break;
        }
        res.end();
      },
    },
    {
      method: 'POST', path: '/containers/:id/resize',
      handler: async ({ res, params, query }) => {
        await runtime.io.resize(params.id!, intParam(query, 'h', 0), intParam(query, 'w', 0));
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 0 });
        res.end();
      },
    },
    {
      method: 'GET', path: '/containers/:id/top',
      handler: async ({ res, params, query }) => {
        const top = await runtime.io.top(params.id!, query.get('ps_args') || '-ef');
        sendJson(res, 200, { Titles: top.titles, Processes: top.processes });
      },
    },
    {
      method: 'GET', path: '/containers/:id/stats',
      handler: async ({ res, params, query, signal }) => {
        const record = runtime.inspect(params.id!);
        const stream = boolParam(query, 'stream', true);
        const oneShot = boolParam(query, 'one-shot');
        if (oneShot && stream) throw new HttpError(400, 'cannot have stream=true and one-shot=true');
        if (!isActive(record.state)) {
          sendJson(res, 200, emptyStats(record.id, record.name));
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.flushHeaders();
        let samples = 0;
        for await (const s of runtime.io.stats(record.id, { stream: stream || !oneShot, signal })) {
          samples++;
          if (!stream && !oneShot && samples < 2) continue;
          await write(res, `${JSON.stringify(statsDocument(s))}\n`);
          if (!stream) break;
        }
        res.end();
      },
    },
  ];
}
