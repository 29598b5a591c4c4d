import * as assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApiServer, normalizePath } from '../../../engine/src/api/apiServer';
import { socketAnswers } from '../../../engine/src/daemon/socketAnswers';
import { sendJson, type Route } from '../../../engine/src/api/apiContext';
import { berthError } from '../../../engine/src/image/berthError';
import { apiRequest } from '../../integration/api/apiRequest';
import { removeScratch, scratchDir } from '../../fixtures/scratch';

describe('normalizePath', () => {
  it('splits the version prefix off and keeps unversioned paths', () => {
    assert.deepEqual(normalizePath('GET', '/v1.44/images/json'), { path: '/images/json', version: '1.44' });
    assert.deepEqual(normalizePath('GET', '/images/json'), { path: '/images/json', version: undefined });
    assert.deepEqual(normalizePath('GET', '/v1.47'), { path: '/', version: '1.47' });
  });

  it('makes image names with slashes one path segment for the name routes', () => {
    assert.equal(normalizePath('GET', '/v1.47/images/docker.io/library/alpine:3.20/json').path, '/images/docker.io%2Flibrary%2Falpine%3A3.20/json');
    assert.equal(normalizePath('POST', '/images/localhost:5000/team/app/push').path, '/images/localhost%3A5000%2Fteam%2Fapp/push');
    assert.equal(normalizePath('DELETE', '/images/team/app:1').path, '/images/team%2Fapp%3A1');
    assert.equal(normalizePath('GET', '/images/alpine/json').path, '/images/alpine/json');
    // fixed routes stay as they are
    assert.equal(normalizePath('GET', '/images/json').path, '/images/json');
    assert.equal(normalizePath('POST', '/images/create').path, '/images/create');
  });
});

describe('ApiServer', () => {
  let dir: string;
  let server: ApiServer;
  let socket: string;
  const routes: Route[] = [
    { method: 'GET', path: '/hello', handler: async ({ res, version }) => sendJson(res, 200, { version }) },
    { method: 'GET', path: '/images/:name/json', handler: async ({ res, params }) => sendJson(res, 200, { name: params.name }) },
    { method: 'GET', path: '/missing', handler: async () => { throw berthError('not-found', 'No such image: x:latest'); } },
    { method: 'GET', path: '/conflict', handler: async () => { throw berthError('failed-precondition', 'conflict: in use'); } },
    { method: 'GET', path: '/bad', handler: async () => { throw berthError('invalid-argument', 'bad parameter'); } },
    { method: 'GET', path: '/bug', handler: async () => { throw new TypeError('x is undefined'); } },
  ];
  const internal: unknown[] = [];

  beforeEach(async () => {
    dir = scratchDir('apiserver');
    socket = join(dir, 'run', 'api.sock');
    server = new ApiServer({ routes, onInternalError: (err) => internal.push(err) });
    await server.listen(socket);
  });
  afterEach(async () => {
    await server.close();
    removeScratch(dir);
  });

  it('listens owner-only: socket 0600 in a 0700 directory', () => {
    assert.equal(statSync(socket).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'run')).mode & 0o777, 0o700);
  });

  it('accepts /v1.40 up to its own version and unversioned paths; rejects others with 400', async () => {
    assert.deepEqual((await apiRequest(socket, 'GET', '/hello')).json(), { version: '1.47' });
    assert.deepEqual((await apiRequest(socket, 'GET', '/v1.40/hello')).json(), { version: '1.40' });
    const old = await apiRequest(socket, 'GET', '/v1.39/hello');
    assert.equal(old.status, 400);
    assert.match((old.json() as { message: string }).message, /client version 1.39 is too old. Minimum supported API version is 1.40/);
    const future = await apiRequest(socket, 'GET', '/v1.99/hello');
    assert.equal(future.status, 400);
    assert.match((future.json() as { message: string }).message, /too new/);
  });

  it('routes names containing slashes and escapes', async () => {
    assert.deepEqual((await apiRequest(socket, 'GET', '/v1.47/images/localhost:5000/team/app:1/json')).json(), { name: 'localhost:5000/team/app:1' });
    assert.deepEqual((await apiRequest(socket, 'GET', '/images/..%2F..%2Fetc%2Fpasswd/json')).json(), { name: '../../etc/passwd' });
  });

  it("answers errors with Docker's status codes and {message}", async () => {
    const cases: [string, number, string][] = [['/missing', 404, 'No such image: x:latest'], ['/conflict', 409, 'conflict: in use'], ['/bad', 400, 'bad parameter'], ['/nowhere', 404, 'page not found']];
    for (const [path, status, message] of cases) {
      const res = await apiRequest(socket, 'GET', path);
      assert.equal(res.status, status, path);
      assert.equal(res.headers['content-type'], 'application/json');
      assert.deepEqual(res.json(), { message });
    }
    const wrongMethod = await apiRequest(socket, 'POST', '/hello');
    assert.equal(wrongMethod.status, 405);
    const bug = await apiRequest(socket, 'GET', '/bug');
    assert.equal(bug.status, 500);
    assert.match((bug.json() as { message: string }).message, /^internal error: x is undefined/);
    assert.ok(internal.some((e) => e instanceof TypeError), 'internal errors reach the daemon log');
  });

  it('rejects a bad URL escape with 400 instead of failing', async () => {
    const res = await apiRequest(socket, 'GET', '/images/a%E0%A4%A/b/json');
    assert.equal(res.status, 400);
  });

  it('refuses a socket another server answers on, and replaces a stale socket file', async () => {
    const second = new ApiServer({ routes });
    await assert.rejects(second.listen(socket), /another engine is already listening/);
    const stale = join(dir, 'run', 'stale.sock');
    writeFileSync(stale, '');
    const third = new ApiServer({ routes });
    await third.listen(stale);
    assert.equal(await socketAnswers(stale), true);
    await third.close();
    assert.equal(await socketAnswers(stale), false);
  });
});
