// The real docker CLI's classic builder (DOCKER_BUILDKIT=0 docker build) against berthd: the
// context upload, the progress it prints, the cache on the second build, a failing RUN's message
// and exit code, -q, --target and build args, builder prune and system df, and running the result.
import { strict as assert } from 'node:assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeScratch, requireTool, scratchDir } from '../../fixtures/scratch';
import type { Berthd } from '../api/berthdProcess';
import { berthdForBuilds, buildLeftovers, runCommand } from '../build/buildDaemon';

describe('docker build (classic builder) against berthd', function () {
  this.timeout(180_000);
  let dir: string;
  let daemon: Berthd;
  let env: NodeJS.ProcessEnv;
  let ctx: string;

  const docker = (...args: string[]) => runCommand('docker', args, { env, cwd: ctx });

  before(async () => {
    requireTool('docker', 'docker.io');
    dir = scratchDir('docker-build');
    daemon = await berthdForBuilds(dir);
    const config = join(dir, 'docker-config');
    mkdirSync(config);
    env = { PATH: process.env.PATH, HOME: dir, DOCKER_HOST: daemon.host, DOCKER_CONFIG: config, DOCKER_BUILDKIT: '0' };
    ctx = join(dir, 'ctx');
    mkdirSync(ctx);
    writeFileSync(join(ctx, 'Dockerfile'), 'FROM busybox AS build\nARG WHO=world\nRUN echo "hello $WHO" > /greeting && echo built-greeting\n\nFROM busybox\nCOPY --from=build /greeting /greeting\nCOPY note.txt /note.txt\nCMD ["cat", "/greeting", "/note.txt"]\n');
    writeFileSync(join(ctx, 'note.txt'), 'a note\n');
    writeFileSync(join(ctx, 'fail.Dockerfile'), 'FROM busybox\nRUN echo about to fail && \\\n    exit 3\n');
  });
  after(async () => {
    await daemon?.stop();
    removeScratch(dir);
  });

  it('builds, tags and prints the classic progress; the image runs and does what its CMD says', async () => {
    const r = await docker('build', '-t', 'docker-built:1', '--build-arg', 'WHO=docker', '.');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Sending build context to Docker daemon\s+[0-9.]+k?B\r*\n/);
    // the stages build in parallel; the progress still reads step after step
    assert.match(r.stdout, /Step 1\/7 : FROM busybox AS build\n ---> [0-9a-f]{12}\nStep 2\/7 : ARG WHO=world\n/);
    assert.match(r.stdout, /\n ---> [0-9a-f]{12}\nStep 4\/7 : FROM busybox\n ---> [0-9a-f]{12}\nStep 5\/7 : COPY --from=build \/greeting \/greeting\n ---> [0-9a-f]{12}\nStep 6\/7 : COPY note.txt \/note.txt\n/);
    assert.match(r.stdout, /Step 3\/7 : RUN echo "hello \$WHO" > \/greeting && echo built-greeting\nbuilt-greeting\n ---> [0-9a-f]{12}\n/);
    assert.match(r.stdout, /Successfully built [0-9a-f]{12}\nSuccessfully tagged docker-built:1\n$/);
    const last = /Step 7\/7 : [^\n]*\n ---> ([0-9a-f]{12})\nSuccessfully built ([0-9a-f]{12})\n/.exec(r.stdout);
    assert.ok(last, r.stdout);
    assert.equal(last[1], last[2], 'the last step shows the image ID, as the classic builder does');
    const ran = await docker('run', '--rm', '--network', 'none', 'docker-built:1');
    assert.equal(ran.code, 0, ran.stderr);
    assert.equal(ran.stdout, 'hello docker\na note\n');
  });

  it('a second build prints " ---> Using cache" for every step and gives the same image', async () => {
    const first = await docker('build', '-q', '--build-arg', 'WHO=docker', '.');
    const r = await docker('build', '-t', 'docker-built:2', '--build-arg', 'WHO=docker', '.');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Step 3\/7 : RUN echo "hello \$WHO" > \/greeting && echo built-greeting\n ---> Using cache\n ---> [0-9a-f]{12}\n/);
    assert.match(r.stdout, /Step 6\/7 : COPY note.txt \/note.txt\n ---> Using cache\n/);
    assert.doesNotMatch(r.stdout, /\nbuilt-greeting\n/, 'the RUN did not run');
    const id = /Successfully built ([0-9a-f]{12})/.exec(r.stdout)?.[1];
    assert.equal(first.stdout.trim().slice('sha256:'.length, 'sha256:'.length + 12), id, '-q prints the same image ID');
    writeFileSync(join(ctx, 'note.txt'), 'another note\n');
    const changed = await docker('build', '--build-arg', 'WHO=docker', '.');
    assert.match(changed.stdout, /Step 6\/7 : COPY note.txt \/note.txt\n ---> [0-9a-f]{12}\n/, 'a changed file runs its step again');
    assert.match(changed.stdout, /Step 3\/7 :[^\n]*\n ---> Using cache\n/);
  });

  it("a failing RUN prints the engine's message with the Dockerfile's line and exits with the command's code", async () => {
    const r = await docker('build', '-f', 'fail.Dockerfile', '.');
    assert.equal(r.code, 3);
    assert.match(r.stdout, /Step 2\/2 : RUN echo about to fail &&[^\n]*\nabout to fail\n/);
    assert.match(r.stderr, /fail\.Dockerfile:2: process "\/bin\/sh -c echo about to fail &&\s+exit 3" did not complete successfully: exit code: 3\nabout to fail\n/);
    assert.deepEqual(await buildLeftovers(daemon), []);
  });

  it('--target builds one stage; builder prune empties the cache system df reports', async () => {
    const target = await docker('build', '--target', 'build', '-t', 'docker-stage', '.');
    assert.equal(target.code, 0, target.stderr);
    assert.match(target.stdout, /Step 3\/3 : RUN/);
    const df = await docker('system', 'df');
    assert.match(df.stdout, /\nBuild Cache\s+[1-9]\d*\s+0\s+/);
    const pruned = await docker('builder', 'prune', '-f');
    assert.equal(pruned.code, 0, pruned.stderr);
    assert.match(pruned.stdout, /Total reclaimed space: /);
    assert.match((await docker('system', 'df')).stdout, /\nBuild Cache\s+0\s+0\s+0B\s+0B\n/);
    assert.match((await docker('build', '--build-arg', 'WHO=docker', '.')).stdout, /Step 3\/7 : RUN [^\n]*\nbuilt-greeting\n ---> [0-9a-f]{12}\n/, 'the RUN runs again');
  });
});
