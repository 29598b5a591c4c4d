import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isFailedPrecondition, isNotFound, isAlreadyExists } from '../../../engine/src/image/berthError';
import { StartError } from '../../../engine/src/runtime/processSetup';
import { describeEachRuntime, Testbed } from './runtimeTestbed';

describeEachRuntime('container lifecycle', (bed) => {
  it('runs a command: stdout and stderr apart, the exit code exact, times and logs recorded', async () => {
    const r = await bed().run({ cmd: ['sh', '-c', 'echo out; echo err >&2; exit 7'] }, true);
    assert.equal(r.statusCode, 7);
    assert.equal(r.stdout, 'out\n');
    assert.equal(r.stderr, 'err\n');
    const s = r.record.state;
    assert.equal(s.status, 'exited');
    assert.equal(s.exitCode, 7);
    assert.equal(s.pid, 0);
    assert.ok(Date.parse(s.finishedAt) >= Date.parse(s.startedAt), `${s.startedAt} .. ${s.finishedAt}`);
    const lines: string[] = [];
    for await (const e of bed().runtime.io.logs(r.record.id, {})) lines.push(`${e.stream} ${e.line.toString()}`);
    assert.deepEqual(lines, ['stdout out\n', 'stderr err\n']);
    await bed().runtime.remove(r.record.id);
  });

  it('exit codes propagate: 0, 255, and 128+n when a signal ends the process', async () => {
    assert.equal((await bed().run({ cmd: ['true'] })).statusCode, 0);
    assert.equal((await bed().run({ cmd: ['sh', '-c', 'exit 255'] })).statusCode, 255);
    const c = await bed().create({ cmd: ['sleep', '1000'], init: true });
    await bed().runtime.start(c.id);
    await bed().runtime.kill(c.id, 'USR1');
    assert.equal((await bed().runtime.wait(c.id)).statusCode, 138, 'tini passes SIGUSR1 on; sleep dies of it: 128+10');
    await bed().runtime.start(c.id);
    await bed().runtime.kill(c.id, '9');
    assert.equal((await bed().runtime.wait(c.id)).statusCode, 137);
    await bed().runtime.remove(c.id);
  });

  it('a missing command fails the start with 127 and Docker\'s message; the container stays created', async () => {
    const c = await bed().create({ cmd: ['foo'] });
    await assert.rejects(bed().runtime.start(c.id), (err: unknown) => {
      assert.ok(err instanceof StartError);
      assert.equal(err.exitCode, 127);
      assert.match(err.message, /exec: "foo": executable file not found in \$PATH/);
      return true;
    });
    const state = bed().runtime.inspect(c.id).state;
    assert.equal(state.status, 'created');
    assert.equal(state.exitCode, 127);
    assert.match(state.error, /executable file not found/);
    assert.deepEqual(await bed().runtime.wait(c.id), { statusCode: 127, error: state.error });
    await bed().runtime.remove(c.id);
  });

  it('a file that is not executable fails with 126', async () => {
    for (const cmd of ['/etc/passwd', '/etc']) {
      const c = await bed().create({ cmd: [cmd] });
      await assert.rejects(bed().runtime.start(c.id), (err: unknown) => err instanceof StartError && err.exitCode === 126 && err.message.includes(`exec: "${cmd}": permission denied`));
      await bed().runtime.remove(c.id);
    }
    const missing = await bed().create({ cmd: ['/no/such/file'] });
    await assert.rejects(bed().runtime.start(missing.id), (err: unknown) => err instanceof StartError && err.exitCode === 127 && /no such file or directory/.test(err.message));
    await bed().runtime.remove(missing.id);
  });

  it('stop sends the stop signal, and SIGKILL only after the timeout', async () => {
    const graceful = await bed().create({ cmd: ['sh', '-c', 'trap "exit 3" TERM; echo ready; while :; do sleep 1; done'] });
    const ready = await bed().runtime.io.attach(graceful.id, { stdout: true });
    const seen = new Promise((resolve) => ready.output.once('data', resolve));
    await bed().runtime.start(graceful.id);
    await seen;
    assert.equal(await bed().runtime.stop(graceful.id, { timeout: 30 }), true);
    assert.equal(bed().runtime.inspect(graceful.id).state.exitCode, 3);
    assert.equal(await bed().runtime.stop(graceful.id), false, 'stopping a stopped container does nothing (304)');

    const stubborn = await bed().create({ cmd: ['sleep', '1000'] });
    await bed().runtime.start(stubborn.id);
    await bed().runtime.stop(stubborn.id, { timeout: 0 });
    const state = bed().runtime.inspect(stubborn.id).state;
    assert.equal(state.exitCode, 137, 'sleep as PID 1 ignores SIGTERM: killed');
    assert.equal(state.manuallyStopped, true);
    await assert.rejects(bed().runtime.kill(stubborn.id), (err: unknown) => isFailedPrecondition(err) && /is not running/.test((err as Error).message));
    await assert.rejects(bed().runtime.kill(graceful.id, 'NOPE'), /Invalid signal: NOPE/);
    await bed().runtime.remove(graceful.id);
    await bed().runtime.remove(stubborn.id);
  });

  it('pause freezes the container and unpause thaws it', async () => {
    const c = await bed().create({ cmd: ['sleep', '1000'] });
    await bed().runtime.start(c.id);
    await bed().runtime.pause(c.id);
    assert.equal(bed().runtime.inspect(c.id).state.status, 'paused');
    const freezer = `/sys/fs/cgroup/freezer${bed().cgroupParent}/${c.id}/freezer.state`;
    assert.equal(readFileSync(freezer, 'utf8').trim(), 'FROZEN');
    await assert.rejects(bed().runtime.pause(c.id), /already paused/);
    await bed().runtime.unpause(c.id);
    assert.equal(readFileSync(freezer, 'utf8').trim(), 'THAWED');
    assert.equal(bed().runtime.inspect(c.id).state.status, 'running');
    await bed().runtime.pause(c.id);
    await bed().runtime.stop(c.id, { timeout: 0 });
    assert.equal(bed().runtime.inspect(c.id).state.exitCode, 137, 'a paused container can be stopped');
    await bed().runtime.remove(c.id);
  });

  it('wait: not-running now, next-exit later, removed at removal; an abort rejects', async () => {
    const c = await bed().create({ cmd: ['sh', '-c', 'exit 4'] });
    const nextExit = bed().runtime.wait(c.id, 'next-exit');
    const removed = bed().runtime.wait(c.id, 'removed');
    const controller = new AbortController();
    const aborted = bed().runtime.wait(c.id, 'next-exit', controller.signal);
    controller.abort();
    await assert.rejects(aborted, { name: 'AbortError' });
    assert.deepEqual(await bed().runtime.wait(c.id, 'not-running'), { statusCode: 0 }, 'a created container is not running');
    await bed().runtime.start(c.id);
    assert.deepEqual(await nextExit, { statusCode: 4 });
    await bed().runtime.remove(c.id);
    assert.deepEqual(await removed, { statusCode: 4 });
    assert.throws(() => bed().runtime.inspect(c.id), (err: unknown) => isNotFound(err));
  });

  it('remove refuses a running container unless forced', async () => {
    const c = await bed().create({ cmd: ['sleep', '1000'] });
    await bed().runtime.start(c.id);
    await assert.rejects(bed().runtime.remove(c.id), /You cannot remove a running container/);
    await bed().runtime.remove(c.id, { force: true });
    assert.equal(bed().runtime.list({ all: true }).some((r) => r.id === c.id), false);
  });

  it('remove asked while a start runs: refuses the container it started, or, forced, stops it again', async () => {
    const c = await bed().create({ cmd: ['sleep', '1000'] });
    // both pass their first look at a created container; the removal then waits for the start
    const started = bed().runtime.start(c.id);
    const refused = bed().runtime.remove(c.id);
    await started;
    await assert.rejects(refused, /You cannot remove a running container/);
    assert.equal(bed().runtime.inspect(c.id).state.status, 'running', 'still running, not killed by a removal that was refused');
    await bed().runtime.stop(c.id, { timeout: 0 });
    const waited = bed().runtime.wait(c.id, 'next-exit');
    await Promise.all([bed().runtime.start(c.id), bed().runtime.remove(c.id, { force: true })]);
    assert.deepEqual(await waited, { statusCode: 137 }, 'the forced removal killed what the start ran');
    assert.equal(bed().runtime.list({ all: true }).some((r) => r.id === c.id), false);
  });

  it("a removal that fails leaves the container dead, not removing: start refuses it, and rm again removes it", async () => {
    const c = await bed().create({ cmd: ['true'] });
    const probe = join(bed().runtime.ctx.store.containerDir(c.id), 'probe');
    mkdirSync(probe);
    execFileSync('mount', ['-t', 'tmpfs', 'tmpfs', probe]);
    try {
      await assert.rejects(bed().runtime.remove(c.id), /is still mounted/);
      const state = bed().runtime.inspect(c.id).state;
      assert.equal(state.status, 'dead');
      assert.match(state.error, /^removal failed: refusing to remove .* is still mounted/);
      await assert.rejects(bed().runtime.start(c.id), /is dead .*: remove it$/);
    } finally {
      execFileSync('umount', [probe]);
    }
    await bed().runtime.remove(c.id);
    assert.equal(bed().runtime.list({ all: true }).some((r) => r.id === c.id), false);
  });

  it('stop of a container removed meanwhile says there is no such container', async () => {
    const c = await bed().create({ cmd: ['true'] });
    const removed = bed().runtime.remove(c.id);
    await assert.rejects(bed().runtime.stop(c.id), (err: unknown) => isNotFound(err));
    await removed;
  });

  it('restart policies: on-failure:n gives up after n restarts; always restarts until stopped', async () => {
    const failing = await bed().create({ cmd: ['sh', '-c', 'exit 1'], restartPolicy: { name: 'on-failure', maximumRetryCount: 2 } });
    await bed().runtime.start(failing.id);
    await bed().waitForEvent(failing.id, 'die', 3);
    assert.deepEqual(await bed().runtime.wait(failing.id), { statusCode: 1 });
    const s = bed().runtime.inspect(failing.id).state;
    assert.equal(s.restartCount, 2);
    assert.equal(s.status, 'exited');

    const always = await bed().create({ cmd: ['true'], restartPolicy: { name: 'always' } });
    await bed().runtime.start(always.id);
    await bed().waitForEvent(always.id, 'restart', 2);
    await bed().runtime.stop(always.id);
    const after = bed().runtime.inspect(always.id).state;
    assert.equal(after.status, 'exited');
    assert.ok(after.restartCount >= 2);
    await bed().runtime.remove(failing.id);
    await bed().runtime.remove(always.id);
  });

  it('restart keeps a --rm container, also two restarts at once', async () => {
    const c = await bed().create({ cmd: ['sleep', '1000'], autoRemove: true });
    await bed().runtime.start(c.id);
    await bed().runtime.restart(c.id, { timeout: 0 });
    await Promise.all([bed().runtime.restart(c.id, { timeout: 0 }), bed().runtime.restart(c.id, { timeout: 0 })]);
    assert.equal(bed().runtime.inspect(c.id).state.status, 'running');
    const removed = bed().runtime.wait(c.id, 'removed');
    await bed().runtime.stop(c.id, { timeout: 0 });
    await removed;
  });

  it('--rm removes the container once it exited', async () => {
    const c = await bed().create({ cmd: ['true'], autoRemove: true });
    const removed = bed().runtime.wait(c.id, 'removed');
    await bed().runtime.start(c.id);
    assert.deepEqual(await removed, { statusCode: 0 });
    assert.equal(bed().runtime.list({ all: true }).some((r) => r.id === c.id), false);
  });

  it('names: unique, renamable, found by name, id or id prefix; list filters', async () => {
    const a = await bed().create({ name: 'web', cmd: ['sleep', '1000'], labels: { tier: 'front' } });
    await assert.rejects(bed().create({ name: 'web', cmd: ['true'] }), (err: unknown) => isAlreadyExists(err) && /The container name "\/web" is already in use/.test((err as Error).message));
    await assert.rejects(bed().create({ name: 'bad name', cmd: ['true'] }), /Invalid container name \(bad name\)/);
    await bed().runtime.rename('web', 'site');
    assert.equal(bed().runtime.inspect(a.id.slice(0, 10)).name, 'site');
    assert.equal(bed().runtime.inspect('/site').id, a.id);
    await bed().runtime.start('site');
    const b = await bed().create({ cmd: ['true'] });
    assert.deepEqual(bed().runtime.list().map((r) => r.id), [a.id], 'without all: running ones only');
    assert.deepEqual(bed().runtime.list({ all: true, filters: { label: ['tier=front'] } }).map((r) => r.id), [a.id]);
    assert.deepEqual(bed().runtime.list({ filters: { status: ['created'] } }).map((r) => r.id), [b.id]);
    assert.deepEqual(bed().runtime.list({ all: true, filters: { name: ['^sit'] } }).map((r) => r.id), [a.id]);
    await bed().runtime.remove(a.id, { force: true });
    await bed().runtime.remove(b.id);
  });

  it('withRootfs shows a stopped container\'s files through a temporary mount, a running one\'s live', async () => {
    const r = await bed().run({ cmd: ['sh', '-c', 'echo kept > /root/note'] }, true);
    const read = (path: string) => readFileSync(join(path, 'root', 'note'), 'utf8');
    assert.equal(await bed().runtime.withRootfs(r.record.id, async (path) => read(path)), 'kept\n');
    const c = await bed().create({ cmd: ['sh', '-c', 'echo live > /root/note; echo ready; exec sleep 1000'] });
    const a = await bed().runtime.io.attach(c.id, { stdout: true });
    const ready = new Promise((resolve) => a.output.once('data', resolve));
    await bed().runtime.start(c.id);
    await ready;
    assert.equal(await bed().runtime.withRootfs(c.id, async (path) => read(path)), 'live\n');
    await bed().runtime.remove(c.id, { force: true });
    await bed().runtime.remove(r.record.id);
  });

  it('emits Docker\'s events for the lifecycle', async () => {
    const r = await bed().run({ cmd: ['true'] });
    const actions = bed().events.filter((e) => e.id === r.record.id).map((e) => e.action);
    assert.deepEqual(actions, ['create', 'start', 'die', 'destroy']);
  });
});

describe('container lifecycle on the copy snapshotter', () => {
  let tb: Testbed;
  before(async () => { tb = await Testbed.open('runc', {}, 'copy'); });
  after(async () => tb.close());

  it('runs from bind-mounted copies where overlayfs is unavailable', async () => {
    const r = await tb.run({ cmd: ['sh', '-c', 'echo hi > /tmp/x; cat /tmp/x; grep " / " /proc/mounts | cut -d" " -f3'] });
    assert.equal(r.statusCode, 0, r.stderr);
    assert.equal(r.stdout.split('\n')[0], 'hi');
  });
});
