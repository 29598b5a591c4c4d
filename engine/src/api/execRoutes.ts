// `docker exec`: create (POST /containers/{id}/exec), start (POST /exec/{id}/start: hijacked, or
// detached), resize and inspect. An attached start keeps the connection until the exec's exit code
// is recorded, so a client that inspects right after the stream ends reads the real exit code. A
// command that cannot start is reported in the stream and by the exit code (126, 127), as Docker does.
import type { Socket } from 'node:net';
import { berthError } from '../image/berthError';
import type { JsonObject } from '../image/jsonFields';
import type { Runtime } from '../runtime/runtime';
import { intParam, readJsonObject, sendJson, type ApiContext, type Route } from './apiContext';
import { pumpAttachment } from './attachPump';
import { defaultDetachKeys, parseDetachKeys } from './detachKeys';
import { hijack, multiplexedStream, rawStream } from './hijack';
import { HttpError } from './httpError';
import { frame } from './stdcopy';

/** Exec sessions by container, and what the API keeps of each beyond the runtime's session. */
export class ExecRegistry {
  private readonly byExec = new Map<string, { containerId: string; detachKeys: string }>();

  add(execId: string, containerId: string, detachKeys: string): void {
    this.byExec.set(execId, { containerId, detachKeys });
  }

  detachKeysOf(execId: string): string {
    return this.byExec.get(execId)?.detachKeys ?? '';
  }

  /** Exec ids of a container whose sessions still exist in the runtime. */
  idsOf(runtime: Runtime, containerId: string): string[] {
    const ids: string[] = [];
    for (const [execId, e] of this.byExec) {
      if (e.containerId !== containerId) continue;
      try {
        if (runtime.io.execInspect(execId).running) ids.push(execId);
      } catch {
        this.byExec.delete(execId); // the runtime forgot it (container removed)
      }
    }
    return ids;
  }
}

export interface ExecRouteDeps {
  readonly runtime: Runtime;
  readonly execs: ExecRegistry;
}

function strings(body: JsonObject, key: string): string[] | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return [v];
  if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) throw new HttpError(400, `exec: ${key} must be a list of strings`);
  return v as string[];
}

function flag(body: JsonObject, key: string): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw new HttpError(400, `exec: ${key} must be a boolean`);
  return v;
}

function text(body: JsonObject, key: string): string | undefined {
  const v = body[key];
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string') throw new HttpError(400, `exec: ${key} must be a string`);
  return v;
}

function consoleSize(body: JsonObject): { height: number; width: number } | undefined {
  const v = body.ConsoleSize;
  if (!Array.isArray(v) || v.length !== 2) return undefined;
  const [height, width] = v as unknown[];
  return typeof height === 'number' && typeof width === 'number' && height > 0 && width > 0 ? { height, width } : undefined;
}

async function startAttached(ctx: ApiContext, deps: ExecRouteDeps, execId: string): Promise<void> {
  const inspect = deps.runtime.io.execInspect(execId);
  const tty = inspect.options.tty ?? false;
  const keys = parseDetachKeys(deps.execs.detachKeysOf(execId) || defaultDetachKeys);
  let attachment;
  let failure: unknown;
  try {
    attachment = await deps.runtime.io.execStart(execId);
  } catch (err) {
    failure = err;
  }
  const socket: Socket = hijack(ctx, tty ? rawStream : multiplexedStream);
  if (!attachment) {
    // Docker reports a start failure in the stream; the exit code (126/127) is in exec inspect
    const message = Buffer.from(`${(failure as Error).message}\r\n`);
    socket.end(tty ? message : frame('stdout', message));
    return;
  }
  await pumpAttachment(socket, attachment, { tty, detachKeys: keys, beforeEnd: () => deps.runtime.io.execDone(execId).then(() => undefined) });
}

export function execRoutes(deps: ExecRouteDeps): Route[] {
  const { runtime } = deps;
  return [
    {
      method: 'POST', path: '/containers/:id/exec',
      handler: async ({ req, res, params }) => {
        const body = await readJsonObject(req, 'exec create');
        const cmd = strings(body, 'Cmd');
        if (!cmd || cmd.length === 0) throw new HttpError(400, 'No exec command specified');
        if (flag(body, 'Privileged')) throw new HttpError(400, 'privileged exec is not supported by berth');
        const detachKeys = text(body, 'DetachKeys') ?? '';
        if (detachKeys) parseDetachKeys(detachKeys);
        const record = runtime.inspect(params.id!);
        const size = consoleSize(body);
        const env = strings(body, 'Env');
        const user = text(body, 'User');
        const workingDir = text(body, 'WorkingDir');
        const execId = runtime.io.execCreate(record.id, {
          cmd, tty: flag(body, 'Tty') ?? false,
          attachStdin: flag(body, 'AttachStdin') ?? false, attachStdout: flag(body, 'AttachStdout') ?? false, attachStderr: flag(body, 'AttachStderr') ?? false,
          ...(env ? { env } : {}), ...(user ? { user } : {}), ...(workingDir ? { workingDir } : {}), ...(size ? { consoleSize: size } : {}),
        });
        deps.execs.add(execId, record.id, detachKeys);
        sendJson(res, 201, { Id: execId });
      },
    },
    {
      method: 'POST', path: '/exec/:id/start',
      handler: async (ctx) => {
        const execId = ctx.params.id!;
        const body = await readJsonObject(ctx.req, 'exec start');
        const state = runtime.io.execInspect(execId);
        if (state.started) throw berthError('failed-precondition', `exec ${execId} has already been started`);
        if (flag(body, 'Detach')) {
          await runtime.io.execStart(execId, { detach: true });
          ctx.res.writeHead(200, { 'Content-Length': 0 });
          ctx.res.end();
          return;
        }
        await startAttached(ctx, deps, execId);
      },
    },
    {
      method: 'POST', path: '/exec/:id/resize',
      handler: async ({ res, params, query }) => {
        await runtime.io.execResize(params.id!, intParam(query, 'h', 0), intParam(query, 'w', 0));
        res.writeHead(200, { 'Content-Length': 0 });
        res.end();
      },
    },
    {
      method: 'GET', path: '/exec/:id/json',
      handler: async ({ res, params }) => {
        const e = runtime.io.execInspect(params.id!);
        const o = e.options;
        sendJson(res, 200, {
          ID: e.id, ContainerID: e.containerId, Running: e.running, ExitCode: e.exitCode, Pid: e.pid, CanRemove: false,
          DetachKeys: deps.execs.detachKeysOf(e.id),
          OpenStdin: o.attachStdin ?? false, OpenStdout: o.attachStdout ?? false, OpenStderr: o.attachStderr ?? false,
          ProcessConfig: { arguments: o.cmd.slice(1), entrypoint: o.cmd[0] ?? '', privileged: false, tty: o.tty ?? false, user: o.user ?? '' },
        });
      },
    },
  ];
}
