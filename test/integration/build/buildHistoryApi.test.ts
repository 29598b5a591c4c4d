// Berth's build records and predictions over berthd's socket (/berth/v1/builds, what the editor and
// `berth build --explain` read): list, one record with every step's lines, key, hit or miss and
// why, layer, duration and log, the last build of a Dockerfile path, and which steps of the
// current text and context would come from the cache.
import { strict as assert } from 'node:assert';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeScratch, scratchDir } from '../../fixtures/scratch';
import { apiRequest } from '../api/apiRequest';
import type { Berthd } from '../api/berthdProcess';
import { berth, berthdForBuilds } from './buildDaemon';

interface Step {
  position: string;
  instruction: string;
  text: string;
  file: string;
  startLine: number;
  endLine: number;
  key: string;
  cached: boolean;
  reason?: string;
  layer?: { digest: string; diffId: string; size: number };
  layerSize: number;
  durationMs: number;
  log: string;
}

interface Record_ {
  id: string;
  dockerfile: string;
  status: string;
  imageId?: string;
  steps: Step[];
}

describe('/berth/v1/builds on berthd', function () {
  this.timeout(180_000);
  let dir: string;
  let daemon: Berthd;
  let env: NodeJS.ProcessEnv;
  let ctx: string;
  let dockerfile: string;
  const text = 'FROM busybox\n# the app\nCOPY app.txt /app.txt\nRUN echo "size: $(wc -c < /app.txt)" && \\\n    cp /app.txt /copy.txt\nCMD ["cat", "/copy.txt"]\n';

  const get = async (path: string) => {
    const r = await apiRequest(daemon.socket, 'GET', path);
    return { status: r.status, json: r.status === 200 ? r.json() : JSON.parse(r.body.toString()) };
  };
  const predict = async (body: Record<string, unknown>) => {
    const r = await apiRequest(daemon.socket, 'POST', '/berth/v1/builds/predict', JSON.stringify(body), { 'Content-Type': 'application/json' });
    return { status: r.status, json: r.json() as { steps: { text: string; startLine: number; endLine: number; cached: boolean; reason?: string; key: string }[]; error?: { message: string } } };
  };

  before(async () => {
    dir = scratchDir('build-history');
    daemon = await berthdForBuilds(dir);
    env = { PATH: process.env.PATH, HOME: dir, BERTH_HOST: daemon.host };
    ctx = join(dir, 'ctx');
    mkdirSync(ctx);
    dockerfile = join(ctx, 'Dockerfile');
    writeFileSync(dockerfile, text);
    writeFileSync(join(ctx, 'app.txt'), 'version one\n');
    assert.equal((await berth(['build', '-t', 'history-app', '.'], { env, cwd: ctx })).code, 0);
    writeFileSync(join(ctx, 'app.txt'), 'version two!\n');
    assert.equal((await berth(['build', '-t', 'history-app', '.'], { env, cwd: ctx })).code, 0);
  });
  after(async () => {
    await daemon?.stop();
    removeScratch(dir);
  });

  it('the last build of a Dockerfile: each step with its lines, key, hit or miss and why, layer, duration and log', async () => {
    const { status, json } = await get(`/berth/v1/builds/last?dockerfile=${encodeURIComponent(dockerfile)}`);
    assert.equal(status, 200);
    const record = json as Record_;
    assert.equal(record.status, 'succeeded');
    assert.equal(record.dockerfile, dockerfile);
    assert.deepEqual(record.steps.map((s) => [s.instruction, s.startLine, s.endLine, s.cached, s.reason ?? null]), [
      ['FROM', 0, 0, true, null],
      ['COPY', 2, 2, false, 'app.txt changed'],
      ['RUN', 3, 4, false, 'an earlier step changed (line 3: app.txt changed)'],
      ['CMD', 5, 5, false, 'an earlier step ran (line 3: app.txt changed)'],
    ]);
    const [, copy, run] = record.steps;
    assert.match(copy!.key, /^sha256:[0-9a-f]{64}$/);
    assert.match(copy!.layer!.digest, /^sha256:[0-9a-f]{64}$/);
    assert.ok(copy!.layerSize >= 13 && copy!.layer!.size > 0);
    assert.ok(run!.durationMs > 0);
    assert.equal(run!.log, 'size: 13\n');
    assert.equal(run!.file, dockerfile);
    const withoutLogs = (await get(`/berth/v1/builds/last?logs=0&dockerfile=${encodeURIComponent(dockerfile)}`)).json as Record_;
    assert.deepEqual(withoutLogs.steps.map((s) => s.log), ['', '', '', '']);
  });

  it('lists builds (all, or of one Dockerfile) newest first, and reads one by id', async () => {
    const mine = (await get(`/berth/v1/builds?dockerfile=${encodeURIComponent(dockerfile)}`)).json as { id: string; status: string; stepCount: number; cachedSteps: number; layerBytes: number }[];
    assert.equal(mine.length, 2);
    assert.deepEqual(mine.map((b) => [b.status, b.stepCount]), [['succeeded', 4], ['succeeded', 4]]);
    assert.ok(mine[0]!.id > mine[1]!.id, 'newest first');
    assert.equal(mine[1]!.cachedSteps, 1);
    const all = (await get('/berth/v1/builds?limit=1')).json as { id: string }[];
    assert.deepEqual(all.map((b) => b.id), [mine[0]!.id]);
    const one = (await get(`/berth/v1/builds/${mine[1]!.id}`)).json as Record_;
    assert.equal(one.steps[1]!.reason, 'not built before');
    assert.deepEqual([(await get('/berth/v1/builds/0000000000000000000000')).status, (await get(`/berth/v1/builds/last?dockerfile=${encodeURIComponent(join(ctx, 'Other'))}`)).status], [404, 404]);
    assert.equal((await get('/berth/v1/builds/last')).status, 400);
  });

  it('predicts which steps of the current text and context would come from the cache, and why not', async () => {
    const now = await predict({ context: ctx, dockerfile });
    assert.equal(now.status, 200);
    assert.deepEqual(now.json.steps.map((s) => [s.text, s.cached]), [['FROM busybox', true], ['COPY app.txt /app.txt', true], ['RUN echo "size: $(wc -c < /app.txt)" &&     cp /app.txt /copy.txt', true], ['CMD ["cat", "/copy.txt"]', true]]);
    writeFileSync(join(ctx, 'app.txt'), 'version three\n');
    const changed = await predict({ context: ctx, dockerfile });
    assert.deepEqual(changed.json.steps.map((s) => [s.startLine, s.cached, s.reason ?? null]), [[0, true, null], [2, false, 'app.txt changed'], [3, false, 'an earlier step changed (line 3: app.txt changed)'], [5, false, 'an earlier step ran (line 3: app.txt changed)']]);
    writeFileSync(join(ctx, 'app.txt'), 'version two!\n');
    // the editor's unsaved text: the RUN edited, the COPY still cached
    const edited = await predict({ context: ctx, dockerfile, dockerfileText: text.replace('cp /app.txt', 'cp -p /app.txt') });
    assert.deepEqual(edited.json.steps.map((s) => [s.startLine, s.cached]), [[0, true], [2, true], [3, false], [5, false]]);
    assert.match(edited.json.steps[2]!.reason!, /^instruction changed \(was: /);
    const broken = await predict({ context: ctx, dockerfile, dockerfileText: 'FROM busybox\nCOPY missing.txt /m\n' });
    assert.match(broken.json.error!.message, /missing\.txt/);
  });

  it('a local build needs the same directory the client sees: another device or inode is 412', async () => {
    const st = statSync(ctx, { bigint: true });
    const body = { context: ctx, dockerfile, contextIdentity: { dev: String(st.dev), ino: String(st.ino + 1n) } };
    const r = await apiRequest(daemon.socket, 'POST', '/berth/v1/build', JSON.stringify(body), { 'Content-Type': 'application/json' });
    assert.equal(r.status, 412);
    assert.match(r.body.toString(), /not the same directory on the engine's machine; send the context as a tar \(POST \/build\)/);
    const relative = await apiRequest(daemon.socket, 'POST', '/berth/v1/build', JSON.stringify({ context: 'ctx', dockerfile }), { 'Content-Type': 'application/json' });
    assert.equal(relative.status, 400);
  });
});
