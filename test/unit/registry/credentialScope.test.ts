// Credentials go to the registry they belong to, never to another host its replies name: an
// upload Location on another host, or storage a blob GET was redirected to that asks for a login.
import * as assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StaticCredentials } from '../../../engine/src/registry/credentialStore';
import { RegistryClient } from '../../../engine/src/registry/registryClient';

interface Seen { readonly url: string; readonly headers: IncomingHttpHeaders }

function serve(handler: (url: string, headers: IncomingHttpHeaders, reply: (status: number, headers?: Record<string, string>) => void) => void, seen: Seen[]): Promise<Server> {
  const server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () => handler(req.url ?? '', req.headers, (status, headers = {}) => {
      res.writeHead(status, { 'Content-Length': '0', ...headers });
      res.end();
    }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const port = (s: Server) => (s.address() as AddressInfo).port;
const close = (s: Server) => new Promise((resolve) => s.close(resolve));

describe('registry credentials stay with their registry', () => {
  let registry: Server;
  let other: Server;
  let registrySeen: Seen[];
  let otherSeen: Seen[];
  let client: RegistryClient;

  beforeEach(async () => {
    registrySeen = [];
    otherSeen = [];
    other = await serve((url, _headers, reply) => {
      if (url.startsWith('/upload')) reply(201);
      else if (url.startsWith('/storage')) reply(401, { 'WWW-Authenticate': `Bearer realm="http://127.0.0.1:${port(other)}/token",service="evil"` });
      else reply(200);
    }, otherSeen);
    registry = await serve((url, headers, reply) => {
      if (!headers.authorization) return reply(401, { 'WWW-Authenticate': 'Basic realm="registry"' });
      if (url === '/v2/app/blobs/uploads/') return reply(202, { Location: `http://127.0.0.1:${port(other)}/upload?session=1` });
      if (url.startsWith('/v2/app/blobs/')) return reply(307, { Location: `http://127.0.0.1:${port(other)}/storage/blob` });
      reply(200);
    }, registrySeen);
    const domain = `127.0.0.1:${port(registry)}`;
    client = await RegistryClient.open(domain, {
      credentials: new StaticCredentials({ [domain]: { username: 'alice', password: 'secret' } }),
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
  });
  afterEach(async () => {
    await close(registry);
    await close(other);
  });

  it('sends no Authorization to an upload Location on another host', async () => {
    const started = await client.request({ method: 'POST', path: '/v2/app/blobs/uploads/', scopes: ['repository:app:pull,push'], expect: [202], action: 'push' });
    started.body.resume();
    const location = String(started.headers.location);
    const put = await client.request({ method: 'PUT', path: `${location}&digest=sha256:00`, scopes: ['repository:app:pull,push'], expect: [201], action: 'push' });
    put.body.resume();
    assert.ok(registrySeen.some((s) => s.headers.authorization?.startsWith('Basic ')), 'the registry itself got the login');
    assert.deepEqual(otherSeen.map((s) => [s.url.split('?')[0], s.headers.authorization]), [['/upload', undefined]]);
  });

  it("does not take a redirect target's login challenge for the registry's", async () => {
    await assert.rejects(client.request({ method: 'GET', path: '/v2/app/blobs/sha256:00', scopes: ['repository:app:pull'], expect: [200], action: 'pull' }));
    assert.ok(!otherSeen.some((s) => s.url.startsWith('/token')), 'no token asked of the other host');
    assert.ok(!otherSeen.some((s) => s.headers.authorization !== undefined), 'no credentials sent to the other host');
  });
});
