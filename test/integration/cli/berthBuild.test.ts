// `berth build` and `berth builder prune` as a user runs them (dist/berth.js against a real
// berthd): the context read in place, tags, build args, labels, -f, --target, --no-cache, --check,
// --explain, -q, a failing step's report and exit code, Ctrl-C, and the tar fallback for an
// engine that does not share this machine's filesystem (berthd behind a TCP forwarder).
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { removeScratch, scratchDir } from '../../fixtures/scratch';
import type { Berthd } from '../api/berthdProcess';
import { berth, berthBuildUntil, berthdForBuilds, buildLeftovers, imageJson, watchEvents } from '../build/buildDaemon';
import { apiRequest } from '../api/apiRequest';

function writeTree(root: string, files: Record<string, string>): string {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('berth build', function () {
  this.timeout(180_000);
  let dir: string;
  let daemon: Berthd;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    dir = scratchDir('berth-build');
    daemon = await berthdForBuilds(dir);
    env = { PATH: process.env.PATH, HOME: dir, BERTH_HOST: daemon.host };
  });
  after(async () => {
    await daemon?.stop();
    removeScratch(dir);
  });

  it('builds a context in place with tags, build args, labels, -f and --target, printing the steps as they run', async () => {
    const ctx = writeTree(join(dir, 'app'), {
      'docker/app.Dockerfile': 'FROM busybox AS base\nARG FLAVOUR=plain\nRUN echo "flavour $FLAVOUR" > /flavour && cat /flavour\n\nFROM base AS final\nCOPY message.txt /message.txt\nCMD ["cat", "/message.txt"]\n\nFROM final AS extra\nRUN false\n',
      'message.txt': 'hello from the context\n',
    });
    const r = await berth(['build', '-t', 'cli-app:1', '-t', 'cli-app:2', '--build-arg', 'FLAVOUR=spicy', '--label', 'team=builds', '-f', 'docker/app.Dockerfile', '--target', 'final', '.'], { env, cwd: ctx });
    assert.equal(r.code, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /^Step 1\/6 : FROM busybox AS base\n ---> [0-9a-f]{12}\n/);
    assert.match(r.stdout, /Step 3\/6 : RUN echo "flavour \$FLAVOUR" > \/flavour && cat \/flavour\nflavour spicy\n ---> [0-9a-f]{12}\n/);
    assert.match(r.stdout, /Successfully tagged cli-app:1\nSuccessfully tagged cli-app:2\n$/);
    assert.doesNotMatch(r.stdout, /RUN false/, '--target stops before the extra stage');
    const image = await imageJson(daemon, 'cli-app:2');
    assert.equal(image.Config.Labels?.team, 'builds');
    assert.deepEqual(image.Config.Cmd, ['cat', '/message.txt']);
    // the record names the Dockerfile by its absolute path: the context was read in place, not uploaded
    const builds = (await apiRequest(daemon.socket, 'GET', `/berth/v1/builds?dockerfile=${encodeURIComponent(join(ctx, 'docker/app.Dockerfile'))}`)).json() as { status: string; tags: string[] }[];
    assert.deepEqual(builds.map((b) => [b.status, b.tags]), [['succeeded', ['docker.io/library/cli-app:1', 'docker.io/library/cli-app:2']]]);
  });

  it('--explain prints every step: lines, hit or miss and why, key, layer, duration, log; -q prints the ID only', async () => {
    const ctx = writeTree(join(dir, 'explain'), { Dockerfile: 'FROM busybox\nRUN echo building && \\\n    echo done > /done\nCOPY a.txt /a.txt\n', 'a.txt': 'one\n' });
    const first = await berth(['build', '--explain', '.'], { env, cwd: ctx });
    assert.equal(first.code, 0, first.stderr);
    const path = join(ctx, 'Dockerfile');
    assert.match(first.stdout, new RegExp(`Build [0-9a-z]{21} of ${path}: succeeded in [0-9.]+ (ms|s), 1 of 3 steps from the cache\\n`));
    assert.match(first.stdout, new RegExp(`Step 2/3  ${path}:2-3  RUN echo building && {5}echo done > /done\\n  cache: {4}miss \\(not built before\\)\\n  key: {6}sha256:[0-9a-f]{64}\\n  layer: {4}sha256:[0-9a-f]{64} \\([0-9.]+k?B uncompressed, [0-9.]+k?B compressed\\)\\n  duration: [0-9.]+ (ms|s)\\n  log:\\n    building\\n`));
    writeFileSync(join(ctx, 'a.txt'), 'two\n');
    const second = await berth(['build', '--explain', '.'], { env, cwd: ctx });
    assert.match(second.stdout, /Step 2\/3 [^\n]*\n  cache: {4}hit\n/);
    assert.match(second.stdout, new RegExp(`Step 3/3  ${path}:4  COPY a.txt /a.txt\\n  cache: {4}miss \\(a.txt changed\\)\\n`));
    const quiet = await berth(['build', '-q', '.'], { env, cwd: ctx });
    assert.equal(quiet.code, 0, quiet.stderr);
    assert.match(quiet.stdout, /^sha256:[0-9a-f]{64}\n$/);
  });

  it('a failing step reports the Dockerfile line, the exit code and the last lines, and berth exits with that code', async () => {
    const ctx = writeTree(join(dir, 'failing'), { Dockerfile: 'FROM busybox\n\nRUN echo line one && \\\n    echo "line two" >&2 && exit 42\nRUN echo never\n' });
    const r = await berth(['build', '.'], { env, cwd: ctx });
    assert.equal(r.code, 42);
    assert.match(r.stdout, /Step 2\/3 : RUN echo line one &&[^\n]*\nline one\nline two\n/);
    assert.equal(r.stderr, `ERROR: ${join(ctx, 'Dockerfile')}:3-4: process "/bin/sh -c echo line one &&     echo \\"line two\\" >&2 && exit 42" did not complete successfully: exit code: 42\nexit code: 42\nlast output:\n  line one\n  line two\n`.replace(/\\"/g, '"'));
    assert.deepEqual(await buildLeftovers(daemon), []);
  });

  it('--check runs the shared lint rules first and fails on an error before building anything', async () => {
    const ctx = writeTree(join(dir, 'check'), { Dockerfile: 'FROM busybox\nADD a.txt /a.txt\n', 'a.txt': 'a\n', 'warn/Dockerfile': 'from busybox\nMAINTAINER someone\n' });
    const bad = await berth(['build', '--check', '.'], { env, cwd: ctx });
    assert.equal(bad.code, 1);
    assert.equal(bad.stderr, `ERROR: ${join(ctx, 'Dockerfile')}:2: Use COPY instead of ADD for files and folders (DL3020)\n`);
    assert.doesNotMatch(bad.stdout, /Step/);
    assert.equal((await berth(['build', '.'], { env, cwd: ctx })).code, 0, 'without --check the same file builds');
    const warned = await berth(['build', '--check', 'warn'], { env, cwd: ctx });
    assert.equal(warned.code, 0, warned.stderr);
    assert.match(warned.stdout, /\[WARNING\]: [^\n]*warn\/Dockerfile:2: [^\n]*\(MaintainerDeprecated\)/);
  });

  it('Ctrl-C cancels the build: exit 130, and the engine leaves no container, snapshot, mount or temporary file', async () => {
    const ctx = writeTree(join(dir, 'slow'), { Dockerfile: 'FROM busybox\nRUN echo started && sleep 600\n' });
    const events = await watchEvents(daemon.socket, 'builder');
    const cancelled = events.next((e) => e.Actor.Attributes.status === 'cancelled');
    const run = berthBuildUntil(['build', '--no-cache', '.'], 'started', { env, cwd: ctx });
    await run.seen;
    run.child.kill('SIGINT');
    const result = await run.exited;
    assert.equal(result.code, 130, result.stderr);
    assert.match(result.stderr, /build cancelled\n$/);
    assert.equal((await cancelled).Actor.Attributes.dockerfile, join(ctx, 'Dockerfile'));
    events.close();
    assert.deepEqual(await buildLeftovers(daemon), []);
  });

  describe('against an engine on another machine (berthd behind a TCP forwarder)', () => {
    let forwarder: Server;
    let remoteEnv: NodeJS.ProcessEnv;

    before(async () => {
      forwarder = createServer((client) => {
        const upstream = createConnection(daemon.socket);
        client.pipe(upstream).pipe(client);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
      });
      await new Promise<void>((resolve) => forwarder.listen(0, '127.0.0.1', resolve));
      const { port } = forwarder.address() as { port: number };
      remoteEnv = { ...env, BERTH_HOST: `tcp://127.0.0.1:${port}` };
    });
    after(() => forwarder?.close());

    it('sends the context as a tar (ignored files left out, a Dockerfile outside the context added) and builds the same way', async () => {
      const ctx = writeTree(join(dir, 'remote', 'ctx'), { '.dockerignore': 'secret.txt\nbig/\n', 'kept.txt': 'kept\n', 'secret.txt': 'no\n', 'big/blob': 'x'.repeat(100_000) });
      const dockerfile = writeTree(join(dir, 'remote', 'elsewhere'), { 'app.Dockerfile': 'FROM busybox\nCOPY . /ctx/\nRUN ls -a /ctx | sort | tr "\\n" " "\n' });
      const r = await berth(['build', '-t', 'remote-app', '-f', join(dockerfile, 'app.Dockerfile'), '.'], { env: remoteEnv, cwd: ctx });
      assert.equal(r.code, 0, r.stderr + r.stdout);
      // docker's rule: the added Dockerfile is listed in the uploaded .dockerignore, so COPY . leaves it out
      assert.match(r.stdout, /\n\. \.\. \.dockerignore kept\.txt \n/);
      // the engine recorded the uploaded Dockerfile's name, not a path on this machine
      const recent = (await apiRequest(daemon.socket, 'GET', '/berth/v1/builds?limit=1')).json() as { dockerfile: string }[];
      assert.match(recent[0]!.dockerfile, /^\.dockerfile\.[0-9a-f]{20}$/);
    });

    it('--check lints here before sending anything, with the same rules', async () => {
      const ctx = writeTree(join(dir, 'remote', 'check'), { Dockerfile: 'FROM busybox\nADD a.txt /a.txt\n', 'a.txt': 'a\n' });
      const r = await berth(['build', '--check', '.'], { env: remoteEnv, cwd: ctx });
      assert.equal(r.code, 1);
      assert.match(r.stderr, /Dockerfile:2:1 error DL3020 Use COPY instead of ADD for files and folders\n/);
      assert.equal(r.stdout, '');
    });
  });

  it('berth builder prune forgets the cache; the next build runs every step again', async () => {
    const ctx = writeTree(join(dir, 'prune'), { Dockerfile: 'FROM busybox\nRUN echo pruned-run > /p\n' });
    assert.equal((await berth(['build', '.'], { env, cwd: ctx })).code, 0);
    assert.match((await berth(['build', '.'], { env, cwd: ctx })).stdout, /Using cache/);
    const declined = await berth(['builder', 'prune'], { env, input: 'n\n' });
    assert.match(declined.stdout, /Are you sure you want to continue\? \[y\/N\] $/);
    const pruned = await berth(['builder', 'prune', '-f'], { env });
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.match(pruned.stdout, /^Deleted build cache objects:\n([0-9a-f]{64}\n)+\nTotal reclaimed space: [0-9.]+k?B\n$/);
    assert.doesNotMatch((await berth(['build', '.'], { env, cwd: ctx })).stdout, /Using cache/);
    const df = await berth(['system', 'df'], { env });
    assert.match(df.stdout, /\nBuild Cache\s+\d+\s+0\s+/);
  });
});
