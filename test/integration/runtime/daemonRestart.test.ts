import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { CreateOptions } from '../../../engine/src/runtime/createOptions';
import { conmonAlive } from '../../../engine/src/runtime/reconcile';
import { describeEachRuntime, type Testbed } from './runtimeTestbed';

/** Starts a container from a separate "berthd" process, then SIGKILLs that process. Returns the id. */
async function startThenKillDaemon(tb: Testbed, options: Partial<CreateOptions>): Promise<string> {
  await tb.runtime.close();
  const child = spawn(process.execPath, [join(__dirname, 'runtimeChild.js'), tb.root, tb.runRoot, tb.snapshotDir, tb.cgroupParent, tb.runtimeName, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`runtimeChild exited ${code}: ${stderr}`)));
  });
  child.kill('SIGKILL');
  await exited;
  return (JSON.parse(line) as { id: string }).id;
}

/** Resolves when conmon has written the container's exit file (the process ended while no daemon ran). */
function exitFileWritten(tb: Testbed, id: string): Promise<void> {
  const dir = join(tb.runRoot, 'exits');
  return new Promise((resolve) => {
    const w = watch(dir, () => { if (existsSync(join(dir, id))) { w.close(); resolve(); } });
    if (existsSync(join(dir, id))) { w.close(); resolve(); }
  });
}

/** Lets a container blocked on `until [ -f /tmp/go ]` go on, through its mounted root. */
function release(tb: Testbed, id: string): void {
  writeFileSync(join(tb.root, 'containers', id, 'rootfs', 'tmp', 'go'), '');
}

const waitForGo = 'until [ -f /tmp/go ]; do sleep 0.05; done';

describeEachRuntime('berthd killed and restarted', (bed) => {
  it('a running container keeps running, and the new daemon still manages it', async () => {
    const id = await startThenKillDaemon(bed(), { cmd: ['sh', '-c', `echo before; ${waitForGo}; echo after; exit 3`] });
    const runtime = await bed().reopen({}, true);
    const record = runtime.inspect(id);
    assert.equal(record.state.status, 'running');
    assert.ok(conmonAlive(record.state.conmonPid, id), 'its conmon survived the daemon');
    const exec = runtime.io.execCreate(id, { cmd: ['echo', 'exec works'] });
    const a = (await runtime.io.execStart(exec))!;
    let text = '';
    a.output.on('data', (f: { data: Buffer }) => { text += f.data.toString(); });
    assert.equal((await runtime.io.execDone(exec)).exitCode, 0);
    assert.equal(text, 'exec works\n');
    release(bed(), id);
    assert.deepEqual(await runtime.wait(id), { statusCode: 3 });
    const lines = [];
    for await (const e of runtime.io.logs(id, {})) lines.push(e.line.toString());
    assert.deepEqual(lines, ['before\n', 'after\n'], 'conmon kept logging while no daemon ran');
    await runtime.remove(id);
  });

  it('a container that exited meanwhile is found exited with its code; an OOM kill is remembered', async () => {
    const id = await startThenKillDaemon(bed(), { cmd: ['sh', '-c', `${waitForGo}; x=aaaaaaaa; while :; do x=$x$x; done`], resources: { memory: 16 << 20 } });
    const written = exitFileWritten(bed(), id);
    release(bed(), id);
    await written;
    const runtime = await bed().reopen({}, true);
    const s = runtime.inspect(id).state;
    assert.equal(s.status, 'exited');
    assert.equal(s.exitCode, 137);
    assert.equal(s.oomKilled, true);
    await runtime.remove(id);
  });

  it('restart policy always: a container that exited while the daemon was down runs again', async () => {
    const id = await startThenKillDaemon(bed(), { cmd: ['sh', '-c', `${waitForGo}; rm /tmp/go; exit 1`], restartPolicy: { name: 'always' } });
    const written = exitFileWritten(bed(), id);
    release(bed(), id);
    await written;
    await bed().reopen({}, true);
    await bed().waitForEvent(id, 'start');
    assert.equal(bed().runtime.inspect(id).state.status, 'running');
    await bed().runtime.remove(id, { force: true });
  });

  it('a container whose conmon died with the daemon down is marked exited (255) and cleaned up', async () => {
    const id = await startThenKillDaemon(bed(), { cmd: ['sleep', '1000'] });
    const runtime = await bed().reopen({}, true);
    const conmon = runtime.inspect(id).state.conmonPid;
    await runtime.close();
    process.kill(conmon, 'SIGKILL');
    while (conmonAlive(conmon, id)) await new Promise((r) => setImmediate(r));
    const again = await bed().reopen({}, true);
    const s = again.inspect(id).state;
    assert.equal(s.status, 'exited');
    assert.equal(s.exitCode, 255);
    assert.match(s.error, /conmon \(pid \d+\) exited without recording/);
    await again.remove(id);
  });

  it('restart policy always: a container whose conmon died with the daemon down runs again', async () => {
    const id = await startThenKillDaemon(bed(), { cmd: ['sleep', '1000'], restartPolicy: { name: 'always' } });
    const runtime = await bed().reopen({}, true);
    const conmon = runtime.inspect(id).state.conmonPid;
    await runtime.close();
    process.kill(conmon, 'SIGKILL');
    while (conmonAlive(conmon, id)) await new Promise((r) => setImmediate(r));
    const started = bed().waitForEvent(id, 'start');
    await bed().reopen({}, true);
    await started;
    const s = bed().runtime.inspect(id).state;
    assert.equal(s.status, 'running');
    assert.notEqual(s.conmonPid, conmon);
    await bed().runtime.remove(id, { force: true });
  });

  it('a conmon killed while the new daemon runs (not its child) is noticed: exited (255), and wait and stop answer', async () => {
    const id = await startThenKillDaemon(bed(), { cmd: ['sleep', '1000'] });
    const runtime = await bed().reopen({}, true);
    const { conmonPid, pid } = runtime.inspect(id).state;
    process.kill(conmonPid, 'SIGKILL');
    assert.equal((await runtime.wait(id)).statusCode, 255);
    assert.equal(await runtime.stop(id, { timeout: 1 }), false, 'no longer running');
    assert.match(runtime.inspect(id).state.error, /conmon \(pid \d+\) exited without recording/);
    const gone = (() => {
      try {
        return /^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return true;
      }
    })();
    assert.ok(gone, 'the container process was killed');
    await runtime.remove(id);
  });
});
