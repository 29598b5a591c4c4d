// kill -9 of berthd in the middle of a pull, a push and a load, then a restart: the store loads,
// `berth system check` finds nothing broken, and the same operation completes. The registry is
// the in-process one, so a test can hold a transfer half-way and kill the daemon exactly then.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, watch, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { layerFromDir, memoryImage, type MemoryLayer } from '../../fixtures/memoryImage';
import { MemoryRegistry } from '../../fixtures/registry/memoryRegistry';
import { buildImage, seedImage } from '../../fixtures/registry/seedImages';
import { removeScratch, scratchDir } from '../../fixtures/scratch';
import { apiRequest } from './apiRequest';
import { berthScript, startBerthd, type Berthd } from './berthdProcess';

const run = promisify(execFile);

async function bigLayer(dir: string, name: string): Promise<MemoryLayer> {
  const tree = join(dir, name);
  mkdirSync(tree, { recursive: true });
  writeFileSync(join(tree, 'random.bin'), randomBytes(4 << 20));
  return layerFromDir(tree);
}

/**
 * Starts a request and leaves it running (its failure when the daemon dies is expected): with
 * `partialBody`, that much of the body is sent and the rest never comes.
 */
function startRequest(socket: string, method: string, path: string, headers: Record<string, string> = {}, partialBody?: Buffer): void {
  const req = request({ socketPath: socket, method, path, headers }, (res) => res.resume());
  req.on('error', () => undefined);
  if (partialBody) req.write(partialBody);
  else req.end();
}

async function systemCheck(daemon: Berthd): Promise<string> {
  const { stdout } = await run(process.execPath, [berthScript, '--host', daemon.host, 'system', 'check']);
  return stdout;
}

describe('berthd killed mid-transfer (kill -9), then restarted', function () {
  this.timeout(120_000);
  let dir: string;
  let registry: MemoryRegistry;
  let daemon: Berthd;
  beforeEach(async () => {
    dir = scratchDir('crash');
    registry = await MemoryRegistry.start();
  });
  afterEach(async () => {
    await daemon?.kill();
    await registry.close();
    removeScratch(dir);
  });

  /** Makes the registry hang on the first request `matches` accepts; resolves when it has. */
  function holdFirst(matches: (req: IncomingMessage) => boolean, begin: (req: IncomingMessage, res: ServerResponse) => void): Promise<void> {
    return new Promise((resolve) => {
      let held = false;
      registry.hooks = [async (req, res) => {
        if (held || !matches(req)) return false;
        held = true;
        begin(req, res);
        resolve();
        return true;
      }];
    });
  }

  it('pull: the restart cleans up, system check is clean, and the pull then completes', async () => {
    const layers = [await bigLayer(dir, 'a'), await bigLayer(dir, 'b')];
    const seeded = seedImage(registry, 'team/app', buildImage(layers), '1');
    daemon = await startBerthd(dir);
    const big = layers[1]!;
    const held = holdFirst((req) => req.method === 'GET' && req.url!.includes(big.descriptor.digest), (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': big.bytes.length });
      res.write(big.bytes.subarray(0, big.bytes.length >> 1));
    });
    startRequest(daemon.socket, 'POST', `/v1.47/images/create?fromImage=${registry.host}/team/app&tag=1`);
    await held;
    await daemon.kill();

    daemon = await startBerthd(dir);
    assert.match(daemon.logs(), /recovered from an interrupted run/);
    assert.match(await systemCheck(daemon), /store is healthy/);
    registry.hooks = [];
    const pull = await apiRequest(daemon.socket, 'POST', `/images/create?fromImage=${registry.host}/team/app&tag=1`);
    assert.match(pull.body.toString(), /Status: Downloaded newer image/);
    const inspect = (await apiRequest(daemon.socket, 'GET', `/images/${registry.host}/team/app:1/json`)).json() as { Id: string };
    assert.equal(inspect.Id, seeded.digest);
    assert.match(await systemCheck(daemon), /store is healthy/);
  });

  it('push: the restart cleans up, system check is clean, and the push then completes', async () => {
    const layer = await bigLayer(dir, 'p');
    daemon = await startBerthd(dir);
    // the image comes in through the API (import), so the registry has none of its blobs to mount
    const imported = await apiRequest(daemon.socket, 'POST', '/images/create?fromSrc=-&repo=' + encodeURIComponent(`${registry.host}/target/app:1`), layer.bytes);
    const id = /"status":"(sha256:[0-9a-f]{64})"/.exec(imported.body.toString())?.[1];
    assert.ok(id, imported.body.toString());
    const held = holdFirst((req) => req.url!.includes('/target/app/blobs/uploads/') && (req.method === 'PUT' || req.method === 'PATCH'), (req) => {
      req.once('data', () => undefined); // take some of the upload, answer never
    });
    startRequest(daemon.socket, 'POST', `/images/${registry.host}/target/app/push?tag=1`, { 'X-Registry-Auth': Buffer.from('{}').toString('base64url') });
    await held;
    await daemon.kill();

    daemon = await startBerthd(dir);
    assert.match(await systemCheck(daemon), /store is healthy/);
    assert.equal(registry.repo('target/app').tags.get('1'), undefined, 'the interrupted push did not tag');
    registry.hooks = [];
    const push = await apiRequest(daemon.socket, 'POST', `/images/${registry.host}/target/app/push?tag=1`);
    assert.match(push.body.toString(), new RegExp(`1: digest: ${id}`));
    assert.equal(registry.repo('target/app').tags.get('1'), id);
    assert.match(await systemCheck(daemon), /store is healthy/);
  });

  it('load: the restart cleans up, system check is clean, and the load then completes', async () => {
    const layer = await bigLayer(dir, 'l');
    daemon = await startBerthd(dir);
    const image = memoryImage([layer]);
    seedImage(registry, 'x/app', { manifest: Buffer.from(await image.rawManifest()), mediaType: await image.mediaType(), config: Buffer.from(await image.rawConfig()), layers: [layer] }, '1');
    await apiRequest(daemon.socket, 'POST', `/images/create?fromImage=${registry.host}/x/app&tag=1`);
    const archive = (await apiRequest(daemon.socket, 'GET', `/images/${registry.host}/x/app:1/get`)).body;
    await daemon.stop();
    const fresh = join(dir, 'fresh');
    daemon = await startBerthd(fresh);
    const ingest = join(daemon.root, 'content', 'ingest');
    const writing = new Promise<void>((resolve) => {
      const watcher = watch(ingest, () => {
        watcher.close();
        resolve();
      });
    });
    startRequest(daemon.socket, 'POST', '/images/load', { 'Content-Type': 'application/x-tar', 'Content-Length': String(archive.length) }, archive.subarray(0, archive.length >> 1));
    await writing;
    await daemon.kill();

    daemon = await startBerthd(fresh);
    assert.match(await systemCheck(daemon), /store is healthy/);
    assert.deepEqual((await apiRequest(daemon.socket, 'GET', '/images/json')).json(), [], 'nothing half-loaded is named');
    const loaded = await apiRequest(daemon.socket, 'POST', '/images/load?quiet=1', archive);
    assert.match(loaded.body.toString(), new RegExp(`Loaded image: ${registry.host}/x/app:1`));
    assert.match(await systemCheck(daemon), /store is healthy/);
  });
});
