// A minimal Docker Engine API client over a unix socket for the benchmark: JSON requests on a
// keep-alive agent (as the docker CLI and dockerode keep their connections), and attach as the
// docker CLI does it, a hijacked connection (`Upgrade: tcp`) read until the container's output ends.
import { Agent, request, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

const apiVersion = '/v1.44';

export interface ApiResponse {
  readonly status: number;
  readonly body: string;
}

export class EngineApi {
  private readonly agent = new Agent({ keepAlive: true });

  constructor(readonly socket: string) {}

  /** The response head only (the body keeps streaming): for `wait`, whose result comes later. */
  head(method: string, path: string, body?: unknown): Promise<IncomingMessage> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request({
        socketPath: this.socket, agent: this.agent, method, path: `${apiVersion}${path}`,
        headers: payload === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)) },
      }, resolve);
      req.once('error', (err) => reject(new Error(`${method} ${path} on ${this.socket}: ${err.message}`)));
      req.end(payload);
    });
  }

  /** The whole response; rejects unless the status is 2xx or 304. */
  async call(method: string, path: string, body?: unknown): Promise<ApiResponse> {
    const res = await this.head(method, path, body);
    const text = await readBody(res);
    const status = res.statusCode ?? 0;
    if ((status < 200 || status > 299) && status !== 304) throw new Error(`${method} ${path} answered ${status}: ${text.trim()}`);
    return { status, body: text };
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    return JSON.parse((await this.call(method, path, body)).body) as T;
  }

  /** Resolves once the engine switched the connection to the raw stream (101), with the stream. */
  attach(id: string): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      // a hijacked connection never goes back to a pool
      const req = request({
        socketPath: this.socket, agent: false, method: 'POST',
        path: `${apiVersion}/containers/${id}/attach?stream=1&stdout=1&stderr=1`,
        headers: { Connection: 'Upgrade', Upgrade: 'tcp' },
      });
      req.once('upgrade', (_res, socket) => resolve(socket));
      req.once('response', async (res) => reject(new Error(`attach to ${id} answered ${res.statusCode} instead of upgrading: ${await readBody(res)}`)));
      req.once('error', (err) => reject(new Error(`attach to ${id}: ${err.message}`)));
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export async function readBody(res: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of res as AsyncIterable<Buffer>) parts.push(chunk);
  return Buffer.concat(parts).toString('utf8');
}

/** Resolves when the attached stream ends (the container's stdout and stderr closed). */
export function streamEnd(stream: Duplex): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.resume();
    stream.once('end', resolve);
    stream.once('close', resolve);
    stream.once('error', reject);
  });
}
