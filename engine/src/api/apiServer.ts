// The Docker Engine API over HTTP on a unix socket (ARCHITECTURE rule 2). Routing is find-my-way;
// this file adds what Docker's router does around it: the optional `/v1.NN` prefix (1.40 up to
// the server's version), image names that contain slashes (`/images/docker.io/library/x/json`),
// Docker's error body for every failure, an abort signal per request for client disconnects, and
// `Upgrade: tcp` requests routed like the others (attach and exec start hijack them, hijack.ts).
// The socket is owner-only: its directory is 0700 and the socket itself 0600.
import { createServer, ServerResponse, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { promises as fsp } from 'node:fs';
import type { Socket } from 'node:net';
import { dirname } from 'node:path';
import FindMyWay from 'find-my-way';
import { socketAnswers } from '../daemon/socketAnswers';
import { berthError } from '../image/berthError';
import type { Handler, Route } from './apiContext';
import { maxJsonBody, sendJson, upgradeBodies } from './apiContext';
import { isHijacked } from './hijack';
import { errorBody, errorStatus, HttpError } from './httpError';

export const apiVersion = '1.47';
export const minApiVersion = '1.40';

export interface ApiServerOptions {
  readonly routes: readonly Route[];
  /** Called for failures that are bugs or system errors (status 500), for the daemon's log. */
  readonly onInternalError?: (err: unknown, req: IncomingMessage) => void;
}

function compareVersions(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number) as [number, number];
  const [bm, bn] = b.split('.').map(Number) as [number, number];
  return am !== bm ? am - bm : an - bn;
}

const versionPrefix = /^\/v(\d+\.\d+)(?=\/|$)/;
// Docker's image routes take names with slashes ({name:.*}); route them as one encoded segment
const imageAction = /^\/images\/(.+)\/(json|history|tag|push|get)$/;
const imageDelete = /^\/images\/(.+)$/;

/** Splits the version prefix off and makes image names one path segment. */
export function normalizePath(method: string, pathname: string): { path: string; version: string | undefined } {
  const m = versionPrefix.exec(pathname);
  const version = m?.[1];
  let path = m ? pathname.slice(m[0].length) || '/' : pathname;
  const action = imageAction.exec(path);
  if (action && action[1]!.includes('/')) path = `/images/${encodeURIComponent(decodeSafely(action[1]!))}/${action[2]}`;
  else if (method === 'DELETE') {
    const del = imageDelete.exec(path);
    if (del && del[1]!.includes('/')) path = `/images/${encodeURIComponent(decodeSafely(del[1]!))}`;
  }
  return { path, version };
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new HttpError(400, `invalid URL escape in ${JSON.stringify(text.slice(0, 200))}`);
  }
}

export class ApiServer {
  private readonly router = FindMyWay<FindMyWay.HTTPVersion.V1>({ maxParamLength: 2048, ignoreTrailingSlash: true });
  private readonly server: Server;
  private readonly inFlight = new Set<AbortController>();
  private socketPath: string | undefined;

  constructor(private readonly options: ApiServerOptions) {
    // find-my-way only matches here: the handler travels as the route's store and is awaited below
    for (const route of options.routes) this.router.on(route.method, route.path, () => undefined, { handler: route.handler });
    this.server = createServer((req, res) => void this.handle(req, res));
    // `Upgrade: tcp` (attach, exec start): routed like any request, with a response on the raw
    // socket for errors until the handler hijacks it (hijack.ts)
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      void upgradeBody(req, socket, head).then(() => {
        const res = new ServerResponse(req);
        res.shouldKeepAlive = false;
        res.assignSocket(socket as Socket);
        return this.handle(req, res);
      }, () => socket.destroy());
    });
    this.server.requestTimeout = 0; // pulls, loads and event streams may last for hours
    this.server.headersTimeout = 60_000;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const controller = new AbortController();
    this.inFlight.add(controller);
    res.on('close', () => {
      if (!res.writableFinished) controller.abort(berthError('unavailable', 'client disconnected'));
      this.inFlight.delete(controller);
    });
    try {
      const url = new URL(req.url ?? '/', 'http://berth');
      const method = req.method ?? 'GET';
      const { path, version } = normalizePath(method, url.pathname);
      if (version !== undefined) {
        if (compareVersions(version, minApiVersion) < 0) throw new HttpError(400, `client version ${version} is too old. Minimum supported API version is ${minApiVersion}, please upgrade your client to a newer version`);
        if (compareVersions(version, apiVersion) > 0) throw new HttpError(400, `client version ${version} is too new. Maximum supported API version is ${apiVersion}`);
      }
      const found = this.router.find(method as FindMyWay.HTTPMethod, path);
      if (!found) {
        const other = (['GET', 'HEAD', 'POST', 'DELETE', 'PUT'] as const).some((m) => m !== method && this.router.find(m, path));
        throw other ? new HttpError(405, `method ${method} not allowed on ${path}`) : new HttpError(404, 'page not found');
      }
      const { handler } = found.store as { handler: Handler };
      await handler({ req, res, params: { ...found.params }, query: url.searchParams, version: version ?? apiVersion, signal: controller.signal });
    } catch (err) {
      this.fail(req, res, err);
    }
  }

  private fail(req: IncomingMessage, res: ServerResponse, err: unknown): void {
    const status = errorStatus(err);
    if (status >= 500) this.options.onInternalError?.(err, req);
    if (res.headersSent || isHijacked(res)) {
      res.destroy();
      return;
    }
    // the body may be unread (a rejected upload): answer, then stop reading it
    sendJson(res, status === 499 ? 500 : status, errorBody(err));
    if (!req.readableEnded) req.resume();
  }

  /** Listens on `socketPath` (parent directory made 0700, socket 0600); refuses a live socket. */
  async listen(socketPath: string): Promise<void> {
    await fsp.mkdir(dirname(socketPath), { recursive: true, mode: 0o700 });
    const dir = await fsp.stat(dirname(socketPath));
    if (dir.uid !== process.getuid!()) throw berthError('failed-precondition', `socket directory ${dirname(socketPath)} belongs to uid ${dir.uid}, not to this user; refusing to listen there`);
    if ((dir.mode & 0o077) !== 0) await fsp.chmod(dirname(socketPath), 0o700);
    if (await socketAnswers(socketPath)) throw berthError('already-exists', `another engine is already listening on ${socketPath}; stop it first (berth engine stop)`);
    await fsp.rm(socketPath, { force: true });
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(socketPath, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    await fsp.chmod(socketPath, 0o600);
    this.socketPath = socketPath;
  }

  /** Stops accepting, aborts requests in flight (pulls stop, event streams end), removes the socket. */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const c of this.inFlight) c.abort(berthError('unavailable', 'the engine is shutting down'));
    this.server.closeIdleConnections();
    const forced = setTimeout(() => this.server.closeAllConnections(), 5000);
    await closed;
    clearTimeout(forced);
    if (this.socketPath) await fsp.rm(this.socketPath, { force: true });
  }
}

/**
 * Node leaves an upgrade request's body (exec start's JSON) on the socket with whatever the client
 * sent after it (stdin): the declared Content-Length is kept for the handler's readBody, the rest
 * stays on the socket for the hijacked stream.
 */
function upgradeBody(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const length = Number(req.headers['content-length'] ?? 0);
  if (!Number.isSafeInteger(length) || length < 0 || length > maxJsonBody) return Promise.reject(new Error('bad upgrade body length'));
  return new Promise((resolve, reject) => {
    let pending = head;
    const finish = () => {
      socket.off('data', onData);
      socket.off('error', reject);
      socket.off('end', onEnd);
      socket.pause();
      if (pending.length > length) socket.unshift(pending.subarray(length));
      upgradeBodies.set(req, pending.subarray(0, length));
      resolve();
    };
    const onData = (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      if (pending.length >= length) finish();
    };
    const onEnd = () => reject(new Error('connection closed inside the request body'));
    if (pending.length >= length) return finish();
    socket.on('data', onData);
    socket.once('error', reject);
    socket.once('end', onEnd);
  });
}
