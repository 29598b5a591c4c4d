import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { BuildError } from '../../../engine/src/build/buildRequest';
import { mediaTypes } from '../../../engine/src/image/mediaTypes';
import { mountPoints } from '../../../engine/src/runtime/rootfsMount';
import { imageFromStore } from '../../../engine/src/store/storeImage';
import { storeBaseImage } from '../../fixtures/build/baseImage';
import { openHarness, type Harness } from '../../fixtures/build/buildHarness';
import { builtConfig, unpackBuilt } from '../../fixtures/build/builtImage';

/** RUN in containers of the engine's runtime (conmon + crun or runc): what runs, how, and with what. */
describe('build: RUN', function () {
  let h: Harness;
  let ctx: string;

  before(async () => {
    h = await openHarness({ runtime: true });
    await storeBaseImage(h, 'docker.io/library/base:1');
    ctx = h.context('run', { 'data/file.txt': 'from the context\n', 'secret.txt': 'ignored\n', '.dockerignore': 'secret.txt\n' });
  });

  after(async () => h?.close());

  /** Nothing a build started may survive it: containers, mounts, active snapshots, temporary files. */
  async function assertClean(): Promise<void> {
    assert.deepEqual(h.runtime!.list({ all: true }).map((c) => c.name), [], 'no container left');
    assert.deepEqual(mountPoints().filter((p) => p.startsWith(h.dir)), [], 'no mount left');
    assert.deepEqual((await h.snapshotter.list()).filter((s) => s.kind !== 'committed').map((s) => s.name), [], 'no active snapshot left');
    assert.deepEqual(readdirSync(join(h.dir, 'store', 'build', 'tmp')), [], 'no temporary file left');
  }

  it('runs shell and exec forms with the stage\'s ENV, ARG values, USER and WORKDIR; ARGs stay out of the image', async () => {
    const dockerfile = [
      'FROM base:1',
      'ARG VERSION=1.2',
      'ENV GREETING=hello',
      'WORKDIR /work',
      'RUN echo "$GREETING $VERSION $(pwd) $(id -u)" > /work/shell.txt',
      'RUN ["/bin/sh", "-c", "echo exec > /work/exec.txt"]',
      'USER app',
      'RUN id -u > /tmp/uid.txt',
      '',
    ].join('\n');
    const result = await h.build(ctx, dockerfile, { network: 'none' });
    const root = await unpackBuilt(h.content, result.imageId, h.dir, 'forms');
    assert.equal(readFileSync(join(root, 'work', 'shell.txt'), 'utf8'), 'hello 1.2 /work 0\n');
    assert.equal(readFileSync(join(root, 'work', 'exec.txt'), 'utf8'), 'exec\n');
    assert.equal(readFileSync(join(root, 'tmp', 'uid.txt'), 'utf8'), '1001\n');
    const config = await builtConfig(h.content, result.imageId);
    assert.ok(!(config.config.Env as string[]).some((e) => e.startsWith('VERSION=')));
    assert.deepEqual(config.history.filter((e) => e.created_by?.startsWith('RUN')).map((e) => e.created_by), [
      'RUN |1 VERSION=1.2 /bin/sh -c echo "$GREETING $VERSION $(pwd) $(id -u)" > /work/shell.txt # buildkit',
      'RUN |1 VERSION=1.2 /bin/sh -c echo exec > /work/exec.txt # buildkit',
      'RUN |1 VERSION=1.2 /bin/sh -c id -u > /tmp/uid.txt # buildkit',
    ]);
    await assertClean();
  });

  it('runs heredocs: a script with #! as a file, a plain one under the shell, and heredocs fed to a command', async () => {
    const dockerfile = [
      'FROM base:1',
      'RUN <<EOF',
      '#!/bin/sh',
      'echo "script $0" > /script.txt',
      'EOF',
      'RUN <<EOF',
      'echo plain > /plain.txt',
      'echo more >> /plain.txt',
      'EOF',
      'RUN cat <<EOF > /fed.txt',
      'fed line',
      'EOF',
      '',
    ].join('\n');
    const result = await h.build(ctx, dockerfile, { network: 'none' });
    const root = await unpackBuilt(h.content, result.imageId, h.dir, 'heredocs');
    assert.equal(readFileSync(join(root, 'script.txt'), 'utf8'), 'script /dev/pipes/EOF\n');
    assert.equal(readFileSync(join(root, 'plain.txt'), 'utf8'), 'plain\nmore\n');
    assert.equal(readFileSync(join(root, 'fed.txt'), 'utf8'), 'fed line\n');
    await assertClean();
  });

  it('mounts the context (minus .dockerignore) and other stages read-only; writes to a read-write bind are thrown away', async () => {
    const dockerfile = [
      'FROM base:1 AS build',
      'RUN mkdir /out && echo built > /out/artifact',
      'FROM base:1',
      'RUN --mount=type=bind,source=data,target=/data cat /data/file.txt > /copied.txt && (touch /data/new 2>/dev/null && echo writable || echo read-only) > /ro.txt',
      'RUN --mount=type=bind,target=/ctx ls /ctx > /listing.txt',
      'RUN --mount=type=bind,from=build,source=/out,target=/out cat /out/artifact > /artifact.txt',
      'RUN --mount=type=bind,source=data,target=/data,rw touch /data/scratch && ls /data > /rw.txt',
      '',
    ].join('\n');
    const result = await h.build(ctx, dockerfile, { network: 'none' });
    const root = await unpackBuilt(h.content, result.imageId, h.dir, 'binds');
    assert.equal(readFileSync(join(root, 'copied.txt'), 'utf8'), 'from the context\n');
    assert.equal(readFileSync(join(root, 'ro.txt'), 'utf8'), 'read-only\n');
    assert.ok(!readFileSync(join(root, 'listing.txt'), 'utf8').includes('secret.txt'));
    assert.equal(readFileSync(join(root, 'artifact.txt'), 'utf8'), 'built\n');
    assert.equal(readFileSync(join(root, 'rw.txt'), 'utf8'), 'file.txt\nscratch\n');
    assert.ok(!existsSync(join(ctx, 'data', 'scratch')), 'the context itself is never written');
    assert.ok(!existsSync(join(root, 'data')), 'mount targets do not end up in the layer with content');
    await assertClean();
  });

  it('keeps cache mounts between builds, outside the image; disk usage and prune account for them', async () => {
    const dockerfile = 'FROM base:1\nRUN --mount=type=cache,target=/cache,id=counter echo run >> /cache/log && wc -l < /cache/log > /count.txt\n';
    await h.build(ctx, dockerfile, { network: 'none' });
    const second = await h.build(ctx, dockerfile, { network: 'none', noCache: true });
    const root = await unpackBuilt(h.content, second.imageId, h.dir, 'cache-mount');
    assert.equal(readFileSync(join(root, 'count.txt'), 'utf8').trim(), '2');
    assert.ok(!existsSync(join(root, 'cache', 'log')));
    const usage = await h.builder.diskUsage();
    const mount = usage.cacheMounts.find((m) => m.id === 'counter');
    assert.ok(mount && mount.bytes > 0 && !mount.inUse);
    const pruned = await h.builder.prune();
    assert.ok(pruned.cacheMounts.includes('counter'));
    assert.equal((await h.builder.diskUsage()).cacheMounts.length, 0);
    await assertClean();
  });

  it('gives secrets as files (and env) without keeping them, tmpfs mounts, and --network=none', async () => {
    const dockerfile = [
      'FROM base:1',
      'RUN --mount=type=secret,id=token,env=TOKEN cat /run/secrets/token > /seen.txt && echo "$TOKEN" >> /seen.txt',
      'RUN --mount=type=tmpfs,target=/scratch sh -c "echo x > /scratch/f && grep -c /scratch /proc/mounts > /tmpfs.txt"',
      'RUN --network=none ip -o link | wc -l > /links.txt',
      '',
    ].join('\n');
    const result = await h.build(ctx, dockerfile, { network: 'none', secrets: new Map([['token', Buffer.from('s3cret')]]) });
    const root = await unpackBuilt(h.content, result.imageId, h.dir, 'secrets');
    assert.equal(readFileSync(join(root, 'seen.txt'), 'utf8'), 's3crets3cret\n', 'the file (no newline), then the variable');
    assert.ok(!existsSync(join(root, 'run', 'secrets', 'token')));
    assert.equal(readFileSync(join(root, 'tmpfs.txt'), 'utf8').trim(), '1');
    assert.ok(!existsSync(join(root, 'scratch', 'f')));
    assert.equal(readFileSync(join(root, 'links.txt'), 'utf8').trim(), '1', 'only lo');
    await assert.rejects(h.build(ctx, 'FROM base:1\nRUN --mount=type=secret,id=missing,required cat /run/secrets/missing\n', { network: 'none' }), /Dockerfile:2: secret missing: not provided/);
    await assertClean();
  });

  it('filters steps with the default seccomp profile; RUN --security=insecure runs unfiltered with every capability', async () => {
    const dockerfile = [
      'FROM base:1',
      'RUN grep Seccomp: /proc/self/status > /filtered.txt; unshare -U true 2>> /filtered.txt; echo $? >> /filtered.txt',
      'RUN --security=insecure sh -c "grep -E \'^(Seccomp|CapEff):\' /proc/self/status; unshare -U true; echo \\$?" > /insecure.txt',
      '',
    ].join('\n');
    const result = await h.build(ctx, dockerfile, { network: 'none' });
    const root = await unpackBuilt(h.content, result.imageId, h.dir, 'seccomp');
    assert.match(readFileSync(join(root, 'filtered.txt'), 'utf8'), /^Seccomp:\t2\nunshare: unshare\(0x10000000\): Operation not permitted\n1\n$/);
    const hostBounding = /^CapBnd:\t(\w+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))![1];
    assert.equal(readFileSync(join(root, 'insecure.txt'), 'utf8'), `CapEff:\t${hostBounding}\nSeccomp:\t0\n0\n`, 'every capability berthd holds');
    await assertClean();
  });

  it('fails a step that exits non-zero with its file:line, exit code and last lines, leaving nothing behind', async () => {
    const err = await h.build(ctx, 'FROM base:1\nRUN echo first\nRUN for i in 1 2 3; do echo "line $i"; done; echo oops >&2; exit 3\n', { network: 'none' }).then(() => undefined, (e: unknown) => e);
    assert.ok(err instanceof BuildError);
    assert.match(err.message, /Dockerfile:3: process "\/bin\/sh -c for i in 1 2 3; do echo "line \$i"; done; echo oops >&2; exit 3" did not complete successfully: exit code: 3/);
    const failure = err.failure;
    assert.equal(failure.exitCode, 3);
    assert.equal(failure.startLine, 2);
    assert.deepEqual(failure.lastLines, ['line 1', 'line 2', 'line 3', 'oops']);
    const record = await h.builder.lastBuild(join(ctx, 'Dockerfile'));
    assert.equal(record?.status, 'failed');
    assert.equal(record?.error?.exitCode, 3);
    await assertClean();
  });

  it('cancels a running step when the signal aborts, and cleans up', async () => {
    const abort = new AbortController();
    const started = h.build(ctx, 'FROM base:1\nRUN echo started; sleep 30\n', { network: 'none' }, {
      signal: abort.signal,
      onEvent: (e) => {
        if (e.type === 'step-output' && e.text.includes('started')) abort.abort();
      },
    });
    await assert.rejects(started, (err: Error) => err.name === 'AbortError');
    const record = await h.builder.lastBuild(join(ctx, 'Dockerfile'));
    assert.equal(record?.status, 'cancelled');
    await assertClean();
  });

  it('builds independent stages in parallel', async () => {
    // each stage waits for a file only the other one writes (through a shared cache mount):
    // built one after the other, neither could finish
    const wait = (mine: string, theirs: string) => `RUN --mount=type=cache,id=rendezvous,target=/sync touch /sync/${mine} && for i in $(seq 300); do [ -e /sync/${theirs} ] && exit 0; sleep 0.1; done; exit 1`;
    const dockerfile = ['FROM base:1 AS left', wait('left', 'right'), 'FROM base:1 AS right', wait('right', 'left'), 'FROM base:1', 'COPY --from=left /etc/passwd /left', 'COPY --from=right /etc/passwd /right', ''].join('\n');
    const result = await h.build(ctx, dockerfile, { network: 'none' });
    assert.equal(result.record.status, 'succeeded');
    await h.builder.prune();
    await assertClean();
  });

  it('builds an image that runs and does what its CMD says', async () => {
    const result = await h.build(ctx, 'FROM base:1\nRUN echo "built by berth" > /message\nCMD ["cat", "/message"]\n', { network: 'none', tags: ['runnable'] });
    const runtime = h.runtime!;
    const info = await h.content.info(result.imageId);
    const image = imageFromStore(h.content, { mediaType: mediaTypes.ociManifest, digest: result.imageId, size: info.size });
    const container = await runtime.create({ image: { reference: 'runnable', image }, network: { mode: { kind: 'none' } } });
    const attachment = await runtime.io.attach(container.id, { stdout: true, stderr: true });
    let out = '';
    attachment.output.on('data', (f: { data: Buffer }) => { out += f.data.toString(); });
    const ended = new Promise((resolve) => attachment.output.once('end', resolve));
    await runtime.start(container.id);
    const { statusCode } = await runtime.wait(container.id);
    await ended;
    await runtime.remove(container.id);
    assert.deepEqual([statusCode, out], [0, 'built by berth\n']);
    await assertClean();
  });
});
