// POST /build (the classic builder's protocol), POST /build/prune, /system/df's BuildCache and the
// build cache's survival across GC, against a real berthd with RUN steps in real containers. The
// requests are sent raw, as the docker CLI sends them; the docker CLI itself is in
// test/integration/docker/dockerBuild.test.ts.
import { strict as assert } from 'node:assert';
import { request } from 'node:http';
import { removeScratch, scratchDir } from '../../fixtures/scratch';
import { craftTar, type CraftEntry } from '../../fixtures/craftTar';
import { apiRequest } from '../api/apiRequest';
import type { Berthd } from '../api/berthdProcess';
import { berthdForBuilds, buildLeftovers, imageJson, watchEvents } from './buildDaemon';

interface StreamItem {
  stream?: string;
  status?: string;
  aux?: { ID?: string; BuildId?: string };
  error?: string;
  errorDetail?: { message: string; code?: number };
}

function items(body: Buffer): StreamItem[] {
  return body.toString('utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as StreamItem);
}

const text = (list: StreamItem[]) => list.map((i) => i.stream ?? '').join('');

describe('POST /build against berthd', function () {
  this.timeout(180_000);
  let dir: string;
  let daemon: Berthd;

  const context = (dockerfile: string, files: Record<string, string> = {}, name = 'Dockerfile'): Promise<Buffer> =>
    craftTar([{ name, content: dockerfile }, ...Object.entries(files).map(([n, content]): CraftEntry => ({ name: n, content }))]);

  async function build(tar: Buffer, query: Record<string, string | string[]> = {}) {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) for (const value of Array.isArray(v) ? v : [v]) params.append(k, value);
    const res = await apiRequest(daemon.socket, 'POST', `/v1.47/build?${params.toString()}`, tar, { 'Content-Type': 'application/x-tar' });
    return { status: res.status, items: res.status === 200 ? items(res.body) : [], body: res.body.toString() };
  }

  before(async () => {
    dir = scratchDir('build-api');
    daemon = await berthdForBuilds(dir);
  });
  after(async () => {
    await daemon?.stop();
    removeScratch(dir);
  });

  it("streams the classic builder's messages, names the image with every tag, applies build args and labels", async () => {
    const dockerfile = 'FROM busybox\nARG GREETING=hi\nRUN echo "$GREETING from run" && echo "$GREETING" > /greeting\nCOPY app.txt /app.txt\nCMD ["cat", "/greeting"]\n';
    const r = await build(await context(dockerfile, { 'app.txt': 'app\n' }), { t: ['api-app:1', 'api-app:2'], buildargs: JSON.stringify({ GREETING: 'hello' }), labels: JSON.stringify({ team: 'build' }) });
    assert.equal(r.status, 200, r.body);
    const out = text(r.items);
    assert.match(out, /^Step 1\/5 : FROM busybox\n ---> [0-9a-f]{12}\nStep 2\/5 : ARG GREETING=hi\n/);
    assert.match(out, /Step 3\/5 : RUN echo "\$GREETING from run"[^\n]*\nhello from run\n ---> [0-9a-f]{12}\n/);
    assert.match(out, /Successfully built [0-9a-f]{12}\nSuccessfully tagged api-app:1\nSuccessfully tagged api-app:2\n$/);
    const ids = r.items.filter((i) => i.aux?.ID).map((i) => i.aux!.ID);
    assert.equal(ids.length, 1);
    assert.ok(r.items.some((i) => i.aux?.BuildId), 'the build record is named');
    const image = await imageJson(daemon, 'api-app:2');
    assert.equal(image.Id, ids[0]);
    assert.equal(image.Config.Labels?.team, 'build');
    assert.deepEqual(image.Config.Cmd, ['cat', '/greeting']);
  });

  it('takes unchanged steps from the cache (" ---> Using cache") and runs them again with nocache', async () => {
    const tar = await context('FROM busybox\nRUN echo ran-once > /marker\n');
    const first = await build(tar, { t: 'api-cache' });
    assert.match(text(first.items), /Step 2\/2 : RUN echo ran-once > \/marker\n ---> [0-9a-f]{12}\n/);
    const second = await build(tar, { t: 'api-cache' });
    assert.match(text(second.items), /Step 2\/2 : RUN echo ran-once > \/marker\n ---> Using cache\n ---> [0-9a-f]{12}\n/);
    assert.equal(second.items.find((i) => i.aux?.ID)?.aux?.ID, first.items.find((i) => i.aux?.ID)?.aux?.ID, 'a fully cached build is the same image');
    const fresh = await build(tar, { nocache: '1' });
    assert.doesNotMatch(text(fresh.items), /Using cache/);
  });

  it('q=1 streams only the image ID; target picks a stage; dockerfile names it inside the context', async () => {
    const dockerfile = 'FROM busybox AS one\nRUN echo one > /one\nFROM busybox AS two\nCOPY --from=one /one /copied\nRUN cat /copied\n';
    const r = await build(await context(dockerfile, {}, 'build/app.Dockerfile'), { q: '1', dockerfile: 'build/app.Dockerfile', target: 'one', t: 'api-target' });
    assert.equal(r.status, 200, r.body);
    assert.equal(text(r.items).replace(/\n$/, ''), r.items.find((i) => i.aux?.ID)?.aux?.ID);
    assert.doesNotMatch(text(r.items), /Step/);
    const full = await build(await context(dockerfile, {}, 'build/app.Dockerfile'), { dockerfile: 'build/app.Dockerfile' });
    assert.match(text(full.items), /Step 5\/5 : RUN cat \/copied\none\n/);
  });

  it("reports a failing RUN in-stream with the Dockerfile's line, the exit code and the last lines", async () => {
    const r = await build(await context('FROM busybox\n\nRUN echo first line && \\\n    echo "went wrong" >&2 && exit 7\n'));
    assert.equal(r.status, 200);
    const error = r.items.find((i) => i.errorDetail);
    assert.ok(error, r.body);
    assert.equal(error.errorDetail!.code, 7);
    assert.match(error.errorDetail!.message, /^Dockerfile:3: process "\/bin\/sh -c echo first line &&\s+echo \\?"went wrong\\?" >&2 && exit 7" did not complete successfully: exit code: 7\nfirst line\nwent wrong$/);
    assert.deepEqual(await buildLeftovers(daemon), []);
  });

  it('refuses what it cannot build with an HTTP error naming the problem', async () => {
    const tar = await context('FROM busybox\n');
    const network = await build(tar, { networkmode: 'container:abc' });
    assert.deepEqual([network.status, network.body], [400, '{"message":"network mode \\"container:abc\\" is not supported for builds: use default, bridge, host or none"}\n']);
    assert.match((await build(tar, { version: '2' })).body, /BuildKit build sessions are not supported by this engine: use the classic builder \(DOCKER_BUILDKIT=0\)/);
    const missing = await build(tar, { dockerfile: 'nope/Dockerfile' });
    assert.deepEqual([missing.status, missing.body], [400, '{"message":"Cannot locate specified Dockerfile: nope/Dockerfile (it is not a file in the build context)"}\n']);
    assert.equal((await build(tar, { t: 'UPPER:case' })).status, 400);
    assert.deepEqual(await buildLeftovers(daemon), [], 'refused uploads are removed too');
  });

  it('a client that goes away cancels the build: no container, snapshot, mount or temporary context is left', async () => {
    const events = await watchEvents(daemon.socket, 'builder');
    const tar = await context('FROM busybox\nRUN echo started && sleep 600\n', {}, 'Dockerfile');
    const cancelled = events.next((e) => e.Actor.Attributes.status === 'cancelled');
    await new Promise<void>((resolve, reject) => {
      const req = request({ socketPath: daemon.socket, method: 'POST', path: '/v1.47/build?nocache=1', headers: { 'Content-Type': 'application/x-tar', 'Content-Length': String(tar.length) } }, (res) => {
        let seen = '';
        res.on('data', (c: Buffer) => {
          seen += c.toString();
          if (seen.includes('started')) {
            req.destroy();
            resolve();
          }
        });
        res.on('error', () => undefined);
      });
      req.on('error', (err) => (req.destroyed ? undefined : reject(err)));
      req.end(tar);
    });
    const event = await cancelled;
    events.close();
    assert.equal(event.Actor.Attributes.dockerfile, 'Dockerfile');
    assert.deepEqual(await buildLeftovers(daemon), []);
  });

  it('the cache survives garbage collection (rmi, a daemon restart), and builder prune gives its space back', async () => {
    const tar = await context('FROM busybox\nRUN head -c 100000 /dev/urandom > /blob\n');
    const first = await build(tar, { t: 'api-gc' });
    assert.equal((await apiRequest(daemon.socket, 'DELETE', '/v1.47/images/api-gc')).status, 200);
    assert.match(text((await build(tar)).items), /Using cache/, 'rmi ran GC; the cache record kept the layer');
    await daemon.stop();
    daemon = await berthdForBuilds(dir).catch(async () => {
      throw new Error('berthd did not restart');
    });
    assert.match(text((await build(tar, { t: 'api-gc' })).items), /Step 2\/2 : RUN head[^\n]*\n ---> Using cache\n/, 'the recovery GC at start kept it too');
    assert.ok(first.items.some((i) => i.aux?.ID));

    const df = (await apiRequest(daemon.socket, 'GET', '/v1.47/system/df')).json() as { BuildCache: { Type: string; Size: number; Shared: boolean; InUse: boolean; ID: string }[] };
    const regular = df.BuildCache.filter((i) => i.Type === 'regular');
    assert.ok(regular.length >= 1, JSON.stringify(df.BuildCache));
    assert.ok(regular.some((i) => i.Shared && i.Size > 100_000), 'the RUN layer is shared with api-gc');
    assert.equal((await apiRequest(daemon.socket, 'DELETE', '/v1.47/images/api-gc')).status, 200);
    const unshared = ((await apiRequest(daemon.socket, 'GET', '/v1.47/system/df')).json() as typeof df).BuildCache.filter((i) => i.Type === 'regular' && !i.Shared);
    assert.ok(unshared.some((i) => i.Size > 100_000), 'once no image holds it, the layer is the cache\'s own');

    const pruned = (await apiRequest(daemon.socket, 'POST', '/v1.47/build/prune')).json() as { CachesDeleted: string[]; SpaceReclaimed: number };
    assert.ok(pruned.CachesDeleted.length >= 1);
    assert.ok(pruned.SpaceReclaimed > 100_000, `reclaimed ${pruned.SpaceReclaimed}`);
    assert.deepEqual(((await apiRequest(daemon.socket, 'GET', '/v1.47/system/df')).json() as typeof df).BuildCache, []);
    assert.doesNotMatch(text((await build(tar)).items), /Using cache/);
  });
});
