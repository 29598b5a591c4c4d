// Docker's hijacked connections (attach, exec start): after the request, the HTTP connection becomes
// a raw byte stream in both directions: the process's stdin from the client, its output (stdcopy
// frames without a TTY) to the client. Clients ask with `Connection: Upgrade` + `Upgrade: tcp` and
// get `101 UPGRADED` (docker CLI, dockerode); older clients send a plain request and get `200 OK`
// with the stream as the body, on a connection that is never used for HTTP again.
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ApiContext } from './apiContext';

export const rawStream = 'application/vnd.docker.raw-stream';
export const multiplexedStream = 'application/vnd.docker.multiplexed-stream';

const hijacked = new WeakSet<ServerResponse>();

/** True once the response's connection was taken over: nothing may be written to it as HTTP. */
export function isHijacked(res: ServerResponse): boolean {
  return hijacked.has(res);
}

/**
 * Node's HTTP server keeps parsing a plain connection after the request: bytes the client sends
 * next would be read as another request, and a half-close would end the socket. What Node does for
 * an upgrade (apiServer's 'upgrade' path) is done here by hand: read the socket in JavaScript (the
 * server's listener wrapper moves the parser off the native stream when a 'data' listener is
 * added), then drop the server's 'data' and 'end' listeners, so the parser sees nothing more.
 */
function detachParser(socket: Socket): void {
  const probe = (): void => undefined;
  socket.on('data', probe);
  for (const event of ['data', 'end'] as const) for (const listener of socket.listeners(event)) socket.removeListener(event, listener as (...args: unknown[]) => void);
  socket.pause();
}

/**
 * Takes over the connection of `ctx`: answers 101 (upgrade) or 200 (plain hijack) with
 * `contentType`, and returns the socket for the raw stream. Stdin sent by the client is read from
 * the socket; its end is the client's half-close (stdin EOF). The socket is destroyed when the
 * request's signal aborts (client gone, daemon shutting down).
 */
export function hijack(ctx: ApiContext, contentType: string, extraHeaders: Readonly<Record<string, string>> = {}): Socket {
  const socket = ctx.req.socket;
  const upgrade = ctx.req.headers.upgrade !== undefined;
  hijacked.add(ctx.res);
  if (!upgrade) detachParser(socket);
  socket.setNoDelay(true);
  socket.setTimeout(0);
  const headers = Object.entries(extraHeaders).map(([k, v]) => `${k}: ${v}\r\n`).join('');
  socket.write(upgrade
    ? `HTTP/1.1 101 UPGRADED\r\nContent-Type: ${contentType}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n${headers}\r\n`
    : `HTTP/1.1 200 OK\r\nContent-Type: ${rawStream}\r\n${headers}\r\n`);
  const abort = () => socket.destroy();
  if (ctx.signal.aborted) abort();
  else ctx.signal.addEventListener('abort', abort, { once: true });
  socket.once('close', () => ctx.signal.removeEventListener('abort', abort));
  return socket;
}
