import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Descriptor } from '../../../engine/src/image/descriptor';
import { digestHex } from '../../../engine/src/image/digest';
import { memoryImage, randomImage } from '../../fixtures/memoryImage';
import { removeScratch, scratchDir } from '../../fixtures/scratch';
import { apiRequest } from '../../integration/api/apiRequest';
import { startHarness, type Harness } from './daemonHarness';

interface Summary { Id: string; RepoTags: string[]; RepoDigests: string[]; Size: number; Created: number; SharedSize: number; Labels: Record<string, string> }

describe('image routes', () => {
  let dir: string;
  let h: Harness;
  let app: Descriptor;
  let tool: Descriptor;
  let labelled: Descriptor;
  const get = (path: string) => apiRequest(h.socket, 'GET', path);
  const post = (path: string) => apiRequest(h.socket, 'POST', path);
  const del = (path: string) => apiRequest(h.socket, 'DELETE', path);
  const message = (res: { json(): unknown }) => (res.json() as { message: string }).message;

  beforeEach(async () => {
    dir = scratchDir('imageroutes');
    h = await startHarness(dir, async (store) => {
      const shared = (await randomImage(dir, 2)).layers;
      app = await store.add(memoryImage(shared), 'docker.io/library/app:1');
      await store.add(memoryImage(shared), 'docker.io/library/app:latest');
      tool = await store.add(memoryImage([shared[0]!], { created: '2020-01-01T00:00:00Z' }), 'localhost:5000/team/tool:2');
      labelled = await store.add(memoryImage((await randomImage(dir, 1)).layers, { config: { Labels: { tier: 'web' } } }), 'docker.io/library/web:1');
    });
  });
  afterEach(async () => {
    await h.daemon.close();
    removeScratch(dir);
  });

  it('lists one summary per image with familiar RepoTags, RepoDigests and the target digest as Id', async () => {
    const list = (await get('/v1.44/images/json')).json() as Summary[];
    assert.equal(list.length, 3);
    const a = list.find((s) => s.Id === app.digest)!;
    assert.deepEqual(a.RepoTags, ['app:1', 'app:latest']);
    assert.deepEqual(a.RepoDigests, [`app@${app.digest}`]);
    assert.ok(a.Size > app.size);
    assert.equal(list.find((s) => s.Id === tool.digest)!.Created, 1577836800);
    assert.deepEqual(list.find((s) => s.Id === labelled.digest)!.Labels, { tier: 'web' });
    const shared = (await get('/images/json?shared-size=1')).json() as Summary[];
    assert.ok(shared.find((s) => s.Id === tool.digest)!.SharedSize > 0, 'tool shares its layer with app');
  });

  it('filters by reference glob, label, dangling and before', async () => {
    const names = async (filters: object) => ((await get(`/images/json?filters=${encodeURIComponent(JSON.stringify(filters))}`)).json() as Summary[]).flatMap((s) => s.RepoTags).sort();
    assert.deepEqual(await names({ reference: ['app'] }), ['app:1', 'app:latest']);
    assert.deepEqual(await names({ reference: ['localhost:5000/team/*'] }), ['localhost:5000/team/tool:2']);
    assert.deepEqual(await names({ label: ['tier=web'] }), ['web:1']);
    assert.deepEqual(await names({ dangling: ['true'] }), []);
    assert.deepEqual(await names({ before: ['app:1'] }), ['localhost:5000/team/tool:2']);
    assert.equal((await get('/images/json?filters=%7B%22colour%22%3A%5B%22x%22%5D%7D')).status, 400);
  });

  it("inspects by name, full ID, short ID and name@digest; 404 with Docker's wording", async () => {
    for (const name of ['app:1', 'docker.io/library/app:1', app.digest, digestHex(app.digest).slice(0, 12), `app@${app.digest}`]) {
      const res = await get(`/images/${name}/json`);
      assert.equal(res.status, 200, name);
      const doc = res.json() as { Id: string; RootFS: { Layers: string[] }; Config: { Cmd: string[] }; Os: string };
      assert.equal(doc.Id, app.digest);
      assert.equal(doc.RootFS.Layers.length, 2);
      assert.deepEqual(doc.Config.Cmd, ['/bin/sh']);
    }
    const missing = await get('/images/nope/json');
    assert.equal(missing.status, 404);
    assert.equal(message(missing), 'No such image: nope:latest');
    assert.equal((await get('/images/localhost:5000/team/tool:2/json')).status, 200, 'names with slashes and ports');
  });

  it('answers hostile names with 4xx and touches nothing', async () => {
    for (const name of ['..%2F..%2Fetc%2Fpasswd', '../../etc/passwd', '%00', 'a'.repeat(1500)]) {
      const res = await get(`/images/${name}/json`);
      assert.ok(res.status >= 400 && res.status < 500, `${name}: ${res.status}`);
    }
    assert.equal((await post(`/images/app:1/tag?repo=${encodeURIComponent('../evil')}`)).status, 400);
    assert.equal(existsSync(join(h.root, 'evil')), false);
    assert.equal(((await get('/images/json')).json() as Summary[]).length, 3);
  });

  it('shows history newest first, the top entry carrying the ID and tags', async () => {
    const rows = (await get('/images/app:1/history')).json() as { Id: string; Tags: string[] | null; Size: number }[];
    assert.equal(rows.length, 2);
    assert.equal(rows[0]!.Id, app.digest);
    assert.deepEqual(rows[0]!.Tags, ['app:1', 'app:latest']);
    assert.equal(rows[1]!.Id, '<missing>');
    assert.ok(rows.every((r) => r.Size > 0));
  });

  it('tags (201), refuses digest and malformed targets (400) and unknown sources (404)', async () => {
    assert.equal((await post('/images/app:1/tag?repo=example.com/x&tag=v1')).status, 201);
    assert.deepEqual(((await get('/images/example.com/x:v1/json')).json() as { Id: string }).Id, app.digest);
    const digestTag = await post(`/images/app:1/tag?repo=${encodeURIComponent(`x@${app.digest}`)}`);
    assert.equal(digestTag.status, 400);
    assert.equal(message(digestTag), 'refusing to create a tag with a digest reference');
    const upper = await post('/images/app:1/tag?repo=Upper');
    assert.equal(upper.status, 400);
    assert.match(message(upper), /must be lowercase/);
    assert.equal((await post('/images/app:1/tag?repo=x&tag=bad%20tag')).status, 400);
    assert.equal((await post('/images/nope:1/tag?repo=x')).status, 404);
  });

  it('removes by name (untag, then delete with the last name) and refuses an ID shared by repositories (409)', async () => {
    const first = (await del('/images/app:latest')).json();
    assert.deepEqual(first, [{ Untagged: 'app:latest' }]);
    assert.equal((await post('/images/app:1/tag?repo=other')).status, 201);
    const conflict = await del(`/images/${digestHex(app.digest).slice(0, 12)}`);
    assert.equal(conflict.status, 409);
    assert.match(message(conflict), /^conflict: unable to delete [0-9a-f]{12} \(must be forced\) - image is referenced in multiple repositories$/);
    const forced = (await del(`/images/${app.digest}?force=1`)).json() as object[];
    assert.deepEqual(forced, [{ Untagged: 'app:1' }, { Untagged: 'other:latest' }, { Deleted: app.digest }]);
    assert.equal((await get(`/images/${app.digest}/json`)).status, 404);
    assert.equal((await del('/images/app:1')).status, 404);
  });

  it('prunes dangling images by default and every unused image with dangling=false', async () => {
    const dangling = (await post('/images/prune')).json() as { ImagesDeleted: unknown; SpaceReclaimed: number };
    assert.equal(dangling.ImagesDeleted, null);
    assert.equal(((await get('/images/json')).json() as Summary[]).length, 3);
    const all = (await post(`/images/prune?filters=${encodeURIComponent('{"dangling":["false"],"label!":["tier=web"]}')}`)).json() as { ImagesDeleted: { Deleted?: string }[]; SpaceReclaimed: number };
    assert.deepEqual(all.ImagesDeleted.filter((i) => i.Deleted).map((i) => i.Deleted).sort(), [app.digest, tool.digest].sort());
    assert.ok(all.SpaceReclaimed > 0);
    assert.deepEqual(((await get('/images/json')).json() as Summary[]).map((s) => s.Id), [labelled.digest]);
  });

  it('streams events: history with until, live events until the client leaves', async () => {
    await post('/images/app:1/tag?repo=evt');
    const since = Math.floor(Date.now() / 1000) - 60;
    const past = await get(`/events?since=${since}&until=${Math.ceil(Date.now() / 1000) + 1}&filters=${encodeURIComponent('{"type":["image"]}')}`);
    const events = past.body.toString().trim().split('\n').map((l) => JSON.parse(l) as { Action: string; Actor: { Attributes: { name: string } } });
    assert.deepEqual(events.map((e) => [e.Action, e.Actor.Attributes.name]), [['tag', 'evt:latest']]);
  });
});
