// The volume and container-filesystem endpoints over HTTP on a unix socket (the engine's ApiServer
// with these routes, a real runtime behind them): Docker's documents, statuses and headers.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { ApiServer } from '../../../engine/src/api/apiServer';
import { commitRoutes } from '../../../engine/src/api/commitRoutes';
import { containerFsRoutes } from '../../../engine/src/api/containerFsRoutes';
import { containerPruneRoutes } from '../../../engine/src/api/containerPruneRoutes';
import { EventLog } from '../../../engine/src/api/eventLog';
import { volumeRoutes } from '../../../engine/src/api/volumeRoutes';
import type { Image } from '../../../engine/src/image/image';
import type { CreateOptions } from '../../../engine/src/runtime/createOptions';
import { LayoutImageStore } from '../../../engine/src/store/layoutImageStore';
import { Leases } from '../../../engine/src/store/leases';
import { OciLayoutStore } from '../../../engine/src/store/ociLayoutStore';
import { imageFromStore, writeImage } from '../../../engine/src/store/storeImage';
import { volumeUsers } from '../../../engine/src/volume/containerMounts';
import { VolumeStore } from '../../../engine/src/volume/volumeStore';
import { busyboxImage } from '../../fixtures/busyboxImage';
import { craftTar } from '../../fixtures/craftTar';
import { readTar } from '../../../engine/src/layer/tarReader';
import { apiRequest } from '../api/apiRequest';
import { makeUsable, type RuntimeFixup } from '../runtime/runtimesUnderTest';
import { Testbed } from '../runtime/runtimeTestbed';

describe('volume and container filesystem endpoints', function () {
  this.timeout(120_000);
  let tb: Testbed;
  let fixup: RuntimeFixup;
  let server: ApiServer;
  let socket: string;
  let store: LayoutImageStore;
  let base: Image;
  const events = new EventLog();
  /** A container of the busybox image in the store (commit reads its base from there). */
  const create = (o: Partial<CreateOptions>) => tb.runtime.create({ image: { reference: 'busybox', image: base }, network: { mode: { kind: 'none' } }, ...o });
  const call = (method: string, path: string, body?: Buffer | string, headers: Record<string, string> = {}) => apiRequest(socket, method, `/v1.47${path}`, body, headers);

  before(async () => {
    fixup = await makeUsable('crun');
    tb = await Testbed.open('crun');
    const content = await OciLayoutStore.open(join(tb.dir, 'content'));
    store = new LayoutImageStore(join(tb.dir, 'content'));
    base = imageFromStore(content, await writeImage(content, store, await busyboxImage(), 'busybox:latest'));
    const volumes = await VolumeStore.open({ dir: join(tb.root, 'volumes'), users: (name) => volumeUsers(tb.runtime.list({ all: true }), name) });
    const runtime = tb.runtime;
    server = new ApiServer({
      routes: [
        ...volumeRoutes({ volumes, events }),
        ...containerFsRoutes({ runtime, snapshotter: tb.snapshotter, events }),
        ...commitRoutes({ runtime, snapshotter: tb.snapshotter, content, leases: new Leases(), store, events }),
        ...containerPruneRoutes({ runtime, snapshotter: tb.snapshotter, events }),
      ],
    });
    socket = join(tb.dir, 'api', 'api.sock');
    await server.listen(socket);
  });
  after(async () => {
    try {
      await server?.close();
      await tb?.close();
    } finally {
      await fixup?.undo();
    }
  });

  it('volumes: create (201, Docker\'s document), list with filters, inspect, 404, 409 in use, prune', async () => {
    const created = await call('POST', '/volumes/create', JSON.stringify({ Name: 'web-data', Labels: { app: 'web' }, DriverOpts: {} }), { 'Content-Type': 'application/json' });
    assert.equal(created.status, 201);
    const doc = created.json() as Record<string, unknown>;
    assert.deepEqual(Object.keys(doc).sort(), ['CreatedAt', 'Driver', 'Labels', 'Mountpoint', 'Name', 'Options', 'Scope']);
    assert.deepEqual([doc.Name, doc.Driver, doc.Scope, doc.Mountpoint], ['web-data', 'local', 'local', join(tb.root, 'volumes', 'web-data', '_data')]);
    assert.equal((await call('POST', '/volumes/create', '{}')).status, 201);
    const list = (await call('GET', `/volumes?filters=${encodeURIComponent('{"label":["app=web"]}')}`)).json() as { Volumes: { Name: string }[]; Warnings: unknown };
    assert.deepEqual(list.Volumes.map((v) => v.Name), ['web-data']);
    assert.equal((await call('GET', '/volumes/web-data')).status, 200);
    const missing = await call('GET', '/volumes/nothing-here');
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json(), { message: 'get nothing-here: no such volume' });
    assert.equal((await call('POST', '/volumes/create', JSON.stringify({ Name: 'x y' }))).status, 400);
    const c = await create({ cmd: ['true'], mounts: [{ type: 'volume', name: 'web-data', source: join(tb.root, 'volumes', 'web-data', '_data'), target: '/data' }] });
    const busy = await call('DELETE', '/volumes/web-data');
    assert.equal(busy.status, 409);
    assert.match((busy.json() as { message: string }).message, new RegExp(`volume is in use - \\[${c.id}\\]`));
    const dangling = (await call('GET', `/volumes?filters=${encodeURIComponent('{"dangling":["true"]}')}`)).json() as { Volumes: { Name: string }[] };
    assert.equal(dangling.Volumes.some((v) => v.Name === 'web-data'), false);
    await tb.runtime.remove(c.id);
    const pruned = (await call('POST', '/volumes/prune')).json() as { VolumesDeleted: string[]; SpaceReclaimed: number };
    assert.deepEqual(pruned.VolumesDeleted, [], 'API 1.42+: only anonymous volumes, and an unnamed volume create is not one');
    const old = (await apiRequest(socket, 'POST', '/v1.41/volumes/prune')).json() as { VolumesDeleted: string[] };
    assert.equal(old.VolumesDeleted.length, 2, 'before 1.42 every unused volume');
    assert.ok(old.VolumesDeleted.includes('web-data'));
    assert.equal((await call('DELETE', '/volumes/web-data')).status, 404);
    assert.equal((await call('DELETE', '/volumes/web-data?force=1')).status, 204);
    assert.ok(events.history(0, Number.MAX_VALUE).some((e) => e.Type === 'volume' && e.Action === 'destroy' && e.Actor.ID === 'web-data'));
  });

  it('archive: HEAD stats with Docker\'s header, GET sends a tar, PUT extracts; errors are Docker\'s', async () => {
    const c = await create({ cmd: ['true'] });
    const head = await call('HEAD', `/containers/${c.id}/archive?path=/etc/passwd`);
    assert.equal(head.status, 200);
    const stat = JSON.parse(Buffer.from(String(head.headers['x-docker-container-path-stat']), 'base64').toString()) as { name: string; mode: number; size: number };
    assert.deepEqual([stat.name, stat.mode & 0o777], ['passwd', 0o644]);
    assert.equal((await call('HEAD', `/containers/${c.id}/archive?path=/nope`)).status, 404);
    const missing = await call('GET', `/containers/${c.id}/archive?path=/nope`);
    assert.deepEqual([missing.status, missing.json()], [404, { message: `Could not find the file /nope in container ${c.name}` }]);
    assert.equal((await call('GET', `/containers/nothing/archive?path=/`)).status, 404);
    const put = await call('PUT', `/containers/${c.id}/archive?path=/tmp&noOverwriteDirNonDir=true`, await craftTar([{ name: 'hello', content: 'world' }]), { 'Content-Type': 'application/x-tar' });
    assert.equal(put.status, 200);
    const got = await call('GET', `/containers/${c.id}/archive?path=/tmp/hello`);
    assert.equal(got.headers['content-type'], 'application/x-tar');
    const entries: string[] = [];
    for await (const e of readTar((async function* () { yield got.body; })())) {
      let body = '';
      for await (const chunk of e.body) body += chunk.toString();
      entries.push(`${e.header.name}=${body}`);
    }
    assert.deepEqual(entries, ['hello=world']);
    const notDir = await call('PUT', `/containers/${c.id}/archive?path=/etc/passwd`, await craftTar([{ name: 'x', content: 'x' }]));
    assert.deepEqual([notDir.status, notDir.json()], [400, { message: 'extraction point is not a directory' }]);
    assert.equal((await call('PUT', `/containers/${c.id}/archive`, await craftTar([]))).status, 400);
    const changes = (await call('GET', `/containers/${c.id}/changes`)).json();
    assert.deepEqual(changes, [{ Path: '/tmp', Kind: 0 }, { Path: '/tmp/hello', Kind: 1 }]);
    const exported = await call('GET', `/containers/${c.id}/export`);
    assert.equal(exported.status, 200);
    assert.ok(exported.body.includes(Buffer.from('tmp/hello')));
    await tb.runtime.remove(c.id);
  });

  it('commit: 201 with the new image\'s ID, tagged; containers/prune removes stopped containers by label', async () => {
    const c = await create({ cmd: ['true'], labels: { prune: 'me' } });
    await tb.runtime.start(c.id);
    await tb.runtime.wait(c.id);
    const committed = await call('POST', `/commit?container=${c.id}&repo=committed&tag=v1&changes=${encodeURIComponent('CMD ["ls"]')}`, 'null', { 'Content-Type': 'application/json' });
    assert.equal(committed.status, 201);
    const { Id } = committed.json() as { Id: string };
    assert.equal((await store.get('docker.io/library/committed:v1')).target.digest, Id);
    const running = await create({ cmd: ['sleep', '100'], labels: { prune: 'me' } });
    await tb.runtime.start(running.id);
    const other = await create({ cmd: ['true'] });
    const pruned = (await call('POST', `/containers/prune?filters=${encodeURIComponent('{"label":["prune=me"]}')}`)).json() as { ContainersDeleted: string[] };
    assert.deepEqual(pruned.ContainersDeleted, [c.id]);
    assert.deepEqual(tb.runtime.list({ all: true }).map((r) => r.id).sort(), [running.id, other.id].sort());
    await tb.runtime.remove(running.id, { force: true });
    await tb.runtime.remove(other.id);
  });
});
