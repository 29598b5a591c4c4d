// The real daemon (dist/berthd.js) as a process: owner-only socket, one daemon per root, clean
// shutdown on SIGTERM, a restart that finds the store as it was, and untrusted requests that get
// clear 4xx answers without disturbing it.
import * as assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createLayer } from '../../../engine/src/layer/createLayer';
import { readAll, removeScratch, scratchDir } from '../../fixtures/scratch';
import { buildSampleTree } from '../../fixtures/sampleTree';
import { apiRequest } from './apiRequest';
import { startBerthd, type Berthd } from './berthdProcess';

describe('berthd process', () => {
  let dir: string;
  let daemon: Berthd;
  beforeEach(async () => {
    dir = scratchDir('berthd');
    daemon = await startBerthd(dir);
  });
  afterEach(async () => {
    await daemon.kill();
    removeScratch(dir);
  });

  async function importSample(name: string): Promise<string> {
    const tree = join(dir, `tree-${name.replace(/\W/g, '')}`);
    buildSampleTree(tree);
    const bytes = await readAll(createLayer(tree, { compression: 'gzip' }).stream);
    const res = await apiRequest(daemon.socket, 'POST', `/v1.47/images/create?fromSrc=-&repo=${encodeURIComponent(name)}`, bytes);
    assert.equal(res.status, 200, res.body.toString());
    const id = /"status":"(sha256:[0-9a-f]{64})"/.exec(res.body.toString())?.[1];
    assert.ok(id, res.body.toString());
    return id;
  }

  it('serves on an owner-only socket and pings like Docker', async () => {
    assert.equal(statSync(daemon.socket).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'run')).mode & 0o777, 0o700);
    const ping = await apiRequest(daemon.socket, 'GET', '/_ping');
    assert.equal(ping.body.toString(), 'OK');
    assert.equal(ping.headers['api-version'], '1.47');
    assert.equal(ping.headers['ostype'], 'linux');
    const head = await apiRequest(daemon.socket, 'HEAD', '/v1.44/_ping');
    assert.equal(head.status, 200);
    const version = (await apiRequest(daemon.socket, 'GET', '/v1.40/version')).json() as { ApiVersion: string; MinAPIVersion: string };
    assert.deepEqual([version.ApiVersion, version.MinAPIVersion], ['1.47', '1.40']);
  });

  it('refuses a second daemon on the same root, naming the one running', async () => {
    await assert.rejects(startBerthd(join(dir, 'second'), { root: daemon.root }), new RegExp(`berthd is already running on this root \\(pid ${daemon.pid}`));
  });

  it('shuts down on SIGTERM (socket and pid file gone) and a restart finds the images intact', async () => {
    const id = await importSample('example.com/sample:1');
    assert.equal(await daemon.stop(), 0);
    assert.equal(existsSync(daemon.socket), false);
    assert.equal(existsSync(join(daemon.root, 'berthd.pid')), false);
    assert.match(daemon.logs(), /received SIGTERM, shutting down[^]*berthd stopped/);
    daemon = await startBerthd(dir);
    const inspect = await apiRequest(daemon.socket, 'GET', '/images/example.com/sample:1/json');
    assert.equal((inspect.json() as { Id: string }).Id, id);
    const check = (await apiRequest(daemon.socket, 'GET', '/berth/v1/system/check')).json();
    assert.deepEqual(check, { Problems: [] });
  });

  it('answers untrusted requests with clear 4xx and keeps serving', async function () {
    this.timeout(120_000);
    const cases: [string, string, Buffer | string | undefined, number, RegExp][] = [
      ['POST', '/auth', '{"username": ', 400, /auth: request body is not valid JSON/],
      ['POST', '/auth', '"just a string"', 400, /must be a JSON object/],
      ['POST', '/auth', Buffer.alloc(2 << 20, 0x20), 413, /request body too large/],
      ['GET', '/plugins', undefined, 404, /page not found/],
      ['GET', '/v1.12/images/json', undefined, 400, /too old/],
      ['GET', '/images/json?filters=%7Bbroken', undefined, 400, /invalid filter/],
      ['GET', '/images/..%2F..%2F..%2Fetc%2Fshadow/json', undefined, 404, /No such image/],
      ['POST', '/images/create', undefined, 400, /fromImage \(pull\) or fromSrc \(import\) is required/],
      ['POST', '/images/create?fromImage=upper/CASE', undefined, 400, /must be lowercase/],
      ['POST', '/images/create?fromSrc=http://example.com/x.tar', undefined, 400, /not supported/],
      ['POST', '/images/load', 'not a tar at all'.repeat(100), 400, /tar|not an image archive/],
      ['GET', '/images/get?names=nope', undefined, 404, /No such image: nope:latest/],
      ['DELETE', '/images/', undefined, 404, /page not found/],
      ['GET', '/images/search', undefined, 400, /term is required/],
    ];
    for (const [method, path, body, status, message] of cases) {
      const res = await apiRequest(daemon.socket, method, path, body);
      assert.equal(res.status, status, `${method} ${path}: ${res.body.toString().slice(0, 200)}`);
      assert.match((res.json() as { message: string }).message, message, `${method} ${path}`);
    }
    assert.equal((await apiRequest(daemon.socket, 'GET', '/_ping')).status, 200, 'still serving');
    assert.deepEqual((await apiRequest(daemon.socket, 'GET', '/berth/v1/system/check')).json(), { Problems: [] });
  });
});
