// The client side of Docker's hijacked connections (attach, exec start): one HTTP request with
// `Connection: Upgrade` + `Upgrade: tcp`, and after the `101` answer the same connection carries the
// process's stdin one way and its output the other. Node's http client would keep parsing the
// socket, so the request is written and its answer read by hand here.
import { connect, type Socket } from 'node:net';
import { EngineError, queryString, type EngineClient, type RequestOptions } from './engineClient';

export interface HijackedStream {
  readonly socket: Socket;
}

function openSocket(client: EngineClient): Promise<Socket> {
  const address = client.address;
  return new Promise((resolve, reject) => {
    const socket = address.kind === 'unix' ? connect(address.path) : connect(address.port, address.host);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

interface ResponseHead {
  readonly status: number;
  readonly headers: Map<string, string>;
  readonly rest: Buffer;
}

function readHead(socket: Socket): Promise<ResponseHead> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      cleanup();
      socket.pause();
      const lines = buffered.subarray(0, end).toString('latin1').split('\r\n');
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0);
      const headers = new Map(lines.slice(1).map((l) => {
        const colon = l.indexOf(':');
        return [l.slice(0, colon).trim().toLowerCase(), l.slice(colon + 1).trim()] as [string, string];
      }));
      resolve({ status, headers, rest: buffered.subarray(end + 4) });
    };
    const onEnd = () => {
      cleanup();
      reject(new Error('the engine closed the connection before answering'));
    };
    const cleanup = () => {
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('error', reject);
    };
    socket.on('data', onData);
    socket.once('end', onEnd);
    socket.once('error', reject);
  });
}

async function errorBody(socket: Socket, head: ResponseHead): Promise<string> {
  const parts: Buffer[] = [head.rest];
  const length = Number(head.headers.get('content-length') ?? Number.NaN);
  socket.resume();
  await new Promise<void>((resolve) => {
    const check = () => {
      if (Buffer.concat(parts).length >= length) resolve();
    };
    socket.on('data', (c: Buffer) => {
      parts.push(c);
      check();
    });
    socket.once('end', () => resolve());
    socket.once('close', () => resolve());
    check();
  });
  socket.destroy();
  const text = Buffer.concat(parts).toString('utf8').trim();
  try {
    const parsed = JSON.parse(text) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : text;
  } catch {
    return text;
  }
}

/** POSTs to `path` asking for an upgrade; resolves with the raw stream once the engine answered 101 (or 200). */
export async function hijackedRequest(client: EngineClient, path: string, options: Pick<RequestOptions, 'query' | 'body'> = {}): Promise<HijackedStream> {
  const version = await client.negotiate();
  const socket = await openSocket(client);
  const body = options.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(options.body));
  socket.setNoDelay(true);
  socket.write(
    `POST /v${version}${path}${queryString(options.query)} HTTP/1.1\r\nHost: berth\r\nUser-Agent: berth-cli\r\n` +
    `Connection: Upgrade\r\nUpgrade: tcp\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`,
  );
  if (body.length > 0) socket.write(body);
  const head = await readHead(socket);
  if (head.status !== 101 && head.status !== 200) throw new EngineError(head.status, (await errorBody(socket, head)) || `HTTP ${head.status}`);
  if (head.rest.length > 0) socket.unshift(head.rest);
  // Callers may start the container before they read (run, start -a): a reset meanwhile must not
  // be an uncaught 'error'; the reader then finds the socket destroyed (streamAttached).
  socket.on('error', () => undefined);
  return { socket };
}
