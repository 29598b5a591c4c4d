import { strict as assert } from 'node:assert';
import { createServer, Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineImageCatalog, engineSocketCandidates, tagsFromImageList } from '../../../server/src/imageCatalog';

describe('EngineImageCatalog', () => {
  let dir: string;
  let server: Server;
  let socket: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'berth-catalog-'));
    socket = join(dir, 'engine.sock');
    // The Docker Engine API's /images/json, as an engine serves it on its unix socket.
    server = createServer((req, res) => {
      if (req.url === '/images/json') {
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify([{ RepoTags: ['busybox:latest', 'alpine:3.20'] }, { RepoTags: ['<none>:<none>'] }, { RepoTags: null }]));
      } else {
        res.statusCode = 404;
        res.end('{"message":"page not found"}');
      }
    });
    await new Promise<void>((resolve) => server.listen(socket, resolve));
  });

  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads tags from the first engine that answers, without blocking the caller', async () => {
    const catalog = new EngineImageCatalog(() => [join(dir, 'missing.sock'), socket]);
    assert.deepEqual(catalog.imageTags(), [], 'the first call returns at once');
    await catalog.refresh();
    assert.deepEqual(catalog.imageTags(), ['alpine:3.20', 'busybox:latest']);
  });

  it('keeps the previous tags when no engine answers', async () => {
    const catalog = new EngineImageCatalog(() => [socket]);
    await catalog.refresh();
    const broken = new EngineImageCatalog(() => [join(dir, 'none.sock')]);
    await broken.refresh();
    assert.deepEqual(broken.imageTags(), []);
    assert.equal(catalog.imageTags().length, 2);
  });

  it('skips malformed replies', () => {
    assert.deepEqual(tagsFromImageList({ not: 'a list' }), []);
    assert.deepEqual(tagsFromImageList([null, 3, { RepoTags: [1, 'a:b'] }]), ['a:b']);
  });

  it('asks only the engine BERTH_HOST or DOCKER_HOST names; else Berth, Docker and Podman sockets', () => {
    assert.deepEqual(engineSocketCandidates({ DOCKER_HOST: 'unix:///tmp/d.sock', XDG_RUNTIME_DIR: '/run/user/1000' }), ['/tmp/d.sock']);
    assert.deepEqual(engineSocketCandidates({ BERTH_HOST: 'unix:///tmp/b.sock', DOCKER_HOST: 'unix:///tmp/d.sock' }), ['/tmp/b.sock']);
    assert.deepEqual(engineSocketCandidates({ DOCKER_HOST: 'tcp://10.0.0.1:2375' }), [], 'a TCP engine is not asked (the server reads local engines only)');
    const list = engineSocketCandidates({ XDG_RUNTIME_DIR: '/run/user/1000' });
    assert.deepEqual(list.slice(0, 3), ['/run/user/1000/berth/berth.sock', '/run/berth/berth.sock', '/var/run/docker.sock']);
  });
});
