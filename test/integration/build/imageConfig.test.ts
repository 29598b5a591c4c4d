import { strict as assert } from 'node:assert';
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { basePasswd, storeBaseImage } from '../../fixtures/build/baseImage';
import { openHarness, type Harness } from '../../fixtures/build/buildHarness';
import { builtConfig, unpackBuilt } from '../../fixtures/build/builtImage';
import { requireRoot } from '../../fixtures/scratch';

const basePath = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * Image configs and history lines of built images, compared with what BuildKit's dockerfile2llb
 * writes for the same instructions (convert.go dispatch functions, commitToHistory).
 */
describe('build: image config and history', function () {
  let h: Harness;

  before(async () => {
    requireRoot();
    h = await openHarness();
    await storeBaseImage(h, 'docker.io/library/base:1', { Labels: { from: 'base' }, Entrypoint: ['/bin/base-entry'] });
    await storeBaseImage(h, 'docker.io/library/base:triggers', { OnBuild: ['COPY trigger.txt /from-trigger.txt', 'ENV TRIGGERED=yes'] });
  });

  after(async () => h?.close());

  it('writes every config-only instruction as BuildKit does', async () => {
    const ctx = h.context('metadata', {});
    const dockerfile = [
      'ARG BASE=base:1',
      'FROM ${BASE} AS unused',
      'RUN exit 1',
      'FROM $BASE',
      'LABEL maintainer="x y" version=2',
      'ARG VERSION=1.0',
      'ENV APP_VERSION=$VERSION PATH=/app/bin:$PATH',
      'WORKDIR app',
      'WORKDIR sub',
      'USER app:staff',
      'EXPOSE 8080/tcp 53/udp 9000-9001',
      'VOLUME ["/data", "/logs"]',
      'STOPSIGNAL SIGQUIT',
      'SHELL ["/bin/sh", "-ec"]',
      'HEALTHCHECK --interval=1m30s --timeout=5s --start-period=500ms --retries=3 CMD ["wget", "-q", "http://localhost"]',
      'ENTRYPOINT echo hello',
      'ONBUILD RUN echo child',
      'MAINTAINER someone',
      '',
    ].join('\n');
    const result = await h.build(ctx, dockerfile, { tags: ['meta:1'] });
    const config = await builtConfig(h.content, result.imageId);
    assert.deepEqual(config.config, {
      User: 'app:staff',
      ExposedPorts: { '53/udp': {}, '8080/tcp': {}, '9000/tcp': {}, '9001/tcp': {} },
      Env: [`PATH=/app/bin:${basePath}`, 'APP_VERSION=1.0'],
      Entrypoint: ['/bin/sh', '-ec', 'echo hello'],
      Volumes: { '/data': {}, '/logs': {} },
      WorkingDir: '/app/sub',
      Labels: { from: 'base', maintainer: 'x y', version: '2' },
      StopSignal: 'SIGQUIT',
      Healthcheck: { Test: ['CMD', 'wget', '-q', 'http://localhost'], Interval: 90_000_000_000, Timeout: 5_000_000_000, StartPeriod: 500_000_000, Retries: 3 },
      OnBuild: ['RUN echo child'],
      Shell: ['/bin/sh', '-ec'],
    });
    assert.equal(config.author, 'someone');
    assert.deepEqual(config.history.map((e) => [e.created_by, e.empty_layer ?? false]), [
      ['base layer', false],
      ['LABEL maintainer=x y version=2', true],
      ['ARG VERSION=1.0', true],
      [`ENV APP_VERSION=1.0 PATH=/app/bin:${basePath}`, true],
      ['WORKDIR /app', false],
      ['WORKDIR /app/sub', false],
      ['USER app:staff', true],
      ['EXPOSE [53/udp 8080/tcp 9000/tcp 9001/tcp]', true],
      ['VOLUME [/data /logs]', true],
      ['STOPSIGNAL SIGQUIT', true],
      ['SHELL [/bin/sh -ec]', true],
      ['HEALTHCHECK {Test:[CMD wget -q http://localhost] Interval:1m30s Timeout:5s StartPeriod:500ms StartInterval:0s Retries:3}', true],
      ['ENTRYPOINT ["/bin/sh" "-ec" "echo hello"]', true],
      ['MAINTAINER someone', true],
    ]);
    assert.ok(config.history.slice(1).every((e) => e.comment === 'buildkit.dockerfile.v0'));
    assert.equal(config.rootfs.diff_ids.length, 3, 'the base layer and one per WORKDIR');
    // the unused stage (whose RUN would fail) is never built
    assert.ok(result.record.steps.every((s) => s.stage === 1));
  });

  it("gives scratch BuildKit's empty image: PATH, WorkingDir / and the build platform", async () => {
    const ctx = h.context('scratch', { 'hello.txt': 'hi\n' });
    const result = await h.build(ctx, 'FROM scratch\nCOPY hello.txt /\nCMD ["/hello"]\n');
    const config = await builtConfig(h.content, result.imageId);
    assert.deepEqual(config.config, { Env: [`PATH=${basePath}`], Cmd: ['/hello'], WorkingDir: '/', ArgsEscaped: true });
    assert.equal(config.os, 'linux');
    assert.deepEqual(config.history.map((e) => e.created_by), ['COPY hello.txt / # buildkit', 'CMD ["/hello"]']);
  });

  it('keeps CMD set in the same stage when ENTRYPOINT follows, and runs shell forms under the default shell', async () => {
    const ctx = h.context('cmd', {});
    const result = await h.build(ctx, 'FROM base:1\nCMD run --fast\nENTRYPOINT ["/entry"]\n');
    const config = await builtConfig(h.content, result.imageId);
    assert.deepEqual(config.config.Cmd, ['/bin/sh', '-c', 'run --fast']);
    assert.deepEqual(config.config.Entrypoint, ['/entry']);
    assert.deepEqual(config.history.slice(1).map((e) => e.created_by), ['CMD ["/bin/sh" "-c" "run --fast"]', 'ENTRYPOINT ["/entry"]']);
  });

  it('carries a stage\'s config and ARG values into a stage built FROM it, but not its ONBUILD triggers', async () => {
    const ctx = h.context('inherit', {});
    const result = await h.build(ctx, 'FROM base:1 AS parent\nARG MODE=fast\nENV A=1\nONBUILD RUN true\nUSER app\nFROM parent\nENV B=$MODE\n');
    const config = await builtConfig(h.content, result.imageId);
    assert.deepEqual(config.config.Env, [`PATH=${basePath}`, 'A=1', 'B=fast']);
    assert.equal(config.config.User, 'app');
    assert.equal(config.config.OnBuild, undefined);
  });

  it('runs the base image\'s ONBUILD triggers right after FROM, and does not pass them on', async () => {
    const ctx = h.context('triggers', { 'trigger.txt': 'from the trigger\n' });
    const result = await h.build(ctx, 'FROM base:triggers\nENV AFTER=$TRIGGERED\n');
    const config = await builtConfig(h.content, result.imageId);
    assert.equal(config.config.OnBuild, undefined);
    assert.ok((config.config.Env as string[]).includes('TRIGGERED=yes'));
    assert.deepEqual(config.history.slice(1).map((e) => e.created_by), ['COPY trigger.txt /from-trigger.txt # buildkit', 'ENV TRIGGERED=yes', 'ENV AFTER=yes']);
    const triggers = result.record.steps.filter((s) => s.position.includes(':trigger:'));
    assert.deepEqual(triggers.map((s) => [s.startLine, s.instruction]), [[0, 'COPY'], [0, 'ENV']], 'triggers are reported on the FROM line');
    const root = await unpackBuilt(h.content, result.imageId, h.dir, 'triggers');
    assert.equal(readFileSync(join(root, 'from-trigger.txt'), 'utf8'), 'from the trigger\n');
  });

  it('uses build arguments, ARG before FROM, automatic platform ARGs and --label', async () => {
    const ctx = h.context('args', {});
    const dockerfile = 'ARG TAG=1\nFROM base:$TAG\nARG TARGETPLATFORM\nARG TARGETARCH\nARG GREETING=hello\nLABEL platform=$TARGETPLATFORM arch=$TARGETARCH greeting=$GREETING\n';
    const warnings: string[] = [];
    const result = await h.build(ctx, dockerfile, { buildArgs: { GREETING: 'bonjour', UNUSED: 'x', HTTP_PROXY: 'http://proxy' }, platform: { os: 'linux', architecture: 'amd64' }, labels: { 'org.example.extra': 'yes' } }, {
      onEvent: (e) => { if (e.type === 'warning') warnings.push(e.message); },
    });
    assert.deepEqual(warnings, ['One or more build-args [UNUSED] were not consumed']);
    const config = await builtConfig(h.content, result.imageId);
    assert.deepEqual(config.config.Labels, { from: 'base', platform: 'linux/amd64', arch: 'amd64', greeting: 'bonjour', 'org.example.extra': 'yes' });
    assert.deepEqual(config.history.slice(1, 4).map((e) => e.created_by), ['ARG TARGETPLATFORM=linux/amd64', 'ARG TARGETARCH=amd64', 'ARG GREETING=bonjour']);
  });

  it('creates WORKDIR directories owned by the current USER, and gives history times from the step that made each layer', async () => {
    const ctx = h.context('workdir', {});
    const result = await h.build(ctx, 'FROM base:1\nUSER app\nWORKDIR /srv/data\nLABEL after=workdir\n');
    const root = await unpackBuilt(h.content, result.imageId, h.dir, 'workdir');
    const st = lstatSync(join(root, 'srv', 'data'));
    assert.deepEqual([st.uid, st.gid, st.mode & 0o7777], [1001, 1002, 0o755]);
    assert.equal(readFileSync(join(root, 'etc', 'passwd'), 'utf8'), basePasswd);
    const config = await builtConfig(h.content, result.imageId);
    const [, user, workdir, label] = config.history;
    assert.equal(user!.created, workdir!.created, 'a config-only step before the first new layer takes its time');
    assert.equal(label!.created, workdir!.created);
    assert.equal(config.created, workdir!.created);
  });

  it('names the image with every tag, normalized', async () => {
    const ctx = h.context('tags', {});
    const result = await h.build(ctx, 'FROM base:1\n', { tags: ['one', 'localhost:5000/two:v2'] });
    assert.deepEqual(result.tags, ['docker.io/library/one:latest', 'localhost:5000/two:v2']);
    for (const tag of result.tags) assert.equal((await h.images.get(tag)).target.digest, result.imageId);
  });
});
