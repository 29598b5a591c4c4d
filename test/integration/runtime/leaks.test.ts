import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { StartError } from '../../../engine/src/runtime/processSetup';
import { assertNoLeaks, describeEachRuntime, type Testbed } from './runtimeTestbed';

/** Zombies whose parent is this process: conmons nobody reaped. */
function ourZombies(): string[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return fields[0] === 'Z' && Number(fields[1]) === process.pid;
    } catch {
      return false;
    }
  });
}

type Cycle = (tb: Testbed) => Promise<void>;

const cycles: Cycle[] = [
  async (tb) => { // run --rm
    const c = await tb.create({ cmd: ['true'], autoRemove: true });
    const removed = tb.runtime.wait(c.id, 'removed');
    await tb.runtime.start(c.id);
    await removed;
  },
  async (tb) => { // create, start, kill, rm
    const c = await tb.create({ cmd: ['sleep', '1000'] });
    await tb.runtime.start(c.id);
    await tb.runtime.kill(c.id);
    await tb.runtime.wait(c.id);
    await tb.runtime.remove(c.id);
  },
  async (tb) => { // exec, then rm -f of a running container
    const c = await tb.create({ cmd: ['sleep', '1000'] });
    await tb.runtime.start(c.id);
    const e = tb.runtime.io.execCreate(c.id, { cmd: ['sh', '-c', 'echo hi'] });
    const a = (await tb.runtime.io.execStart(e))!;
    a.output.resume();
    assert.equal((await tb.runtime.io.execDone(e)).exitCode, 0);
    await tb.runtime.remove(c.id, { force: true });
  },
  async (tb) => { // a start that fails (127), then rm
    const c = await tb.create({ cmd: ['missing-command'] });
    await assert.rejects(tb.runtime.start(c.id), (err: unknown) => err instanceof StartError && err.exitCode === 127);
    await tb.runtime.remove(c.id);
  },
  async (tb) => { // pause, then rm -f
    const c = await tb.create({ cmd: ['sleep', '1000'], tty: true });
    await tb.runtime.start(c.id);
    await tb.runtime.pause(c.id);
    await tb.runtime.remove(c.id, { force: true });
  },
  async (tb) => { // OOM kill
    const c = await tb.create({ cmd: ['sh', '-c', 'x=aaaaaaaa; while :; do x=$x$x; done'], resources: { memory: 8 << 20 } });
    await tb.runtime.start(c.id);
    assert.equal((await tb.runtime.wait(c.id)).statusCode, 137);
    await tb.runtime.remove(c.id);
  },
  async (tb) => { // stop with a graceful exit, start again, stop, rm
    const c = await tb.create({ cmd: ['sh', '-c', 'trap "exit 0" TERM; while :; do sleep 1; done'], init: true });
    await tb.runtime.start(c.id);
    await tb.runtime.stop(c.id);
    await tb.runtime.start(c.id);
    await tb.runtime.stop(c.id, { timeout: 0 });
    await tb.runtime.remove(c.id);
  },
];

describeEachRuntime('nothing leaks', (bed) => {
  it('after ~50 mixed create/start/exec/kill/pause/OOM/rm cycles: no mount, cgroup, conmon, state or directory', async function () {
    this.timeout(300_000);
    for (let i = 0; i < 49; i++) await cycles[i % cycles.length]!(bed());
    assert.deepEqual(bed().runtime.list({ all: true }), []);
    await assertNoLeaks(bed());
    assert.deepEqual(ourZombies(), [], 'every conmon was reaped');
  });
});
