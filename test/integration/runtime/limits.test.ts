import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { describeEachRuntime } from './runtimeTestbed';

describeEachRuntime('resource limits', (bed) => {
  it('a fork bomb under --pids-limit stays at the limit; the host keeps forking', async () => {
    const c = await bed().create({ cmd: ['sh', '-c', 'echo go; b() { b | b & }; b; sleep 1000'], resources: { pidsLimit: 24 } });
    const a = await bed().runtime.io.attach(c.id, { stdout: true });
    const go = new Promise((resolve) => a.output.once('data', resolve));
    await bed().runtime.start(c.id);
    await go;
    const dir = `/sys/fs/cgroup/pids${bed().cgroupParent}/${c.id}`;
    const events = () => Number(/max (\d+)/.exec(readFileSync(`${dir}/pids.events`, 'utf8'))?.[1] ?? 0);
    // wait until the kernel has refused forks (the bomb hit the limit), then check the host
    while (events() === 0) execFileSync('true');
    assert.ok(Number(readFileSync(`${dir}/pids.current`, 'utf8')) <= 24);
    assert.equal(execFileSync('sh', ['-c', 'echo host is fine'], { encoding: 'utf8' }), 'host is fine\n');
    await bed().runtime.remove(c.id, { force: true });
  });

  it('a memory hog as PID 1 is OOM-killed: exit 137, OOMKilled, an oom event', async () => {
    const r = await bed().run({ cmd: ['sh', '-c', 'x=aaaaaaaaaaaaaaaa; while :; do x=$x$x; done'], resources: { memory: 16 << 20 } }, true);
    assert.equal(r.statusCode, 137);
    assert.equal(r.record.state.oomKilled, true);
    assert.ok(bed().events.some((e) => e.id === r.record.id && e.action === 'oom'));
    await bed().runtime.remove(r.record.id);
  });

  it('an OOM kill of a child process is reported too, while PID 1 exits normally', async () => {
    const r = await bed().run({ cmd: ['sh', '-c', 'sh -c \'x=aaaaaaaaaaaaaaaa; while :; do x=$x$x; done\'; echo child=$?'], resources: { memory: 16 << 20 } }, true);
    assert.equal(r.statusCode, 0);
    assert.equal(r.stdout, 'child=137\n');
    assert.equal(r.record.state.oomKilled, true);
    await bed().runtime.remove(r.record.id);
  });

  it('--cpus limits a busy loop to its quota', async () => {
    const c = await bed().create({ cmd: ['sh', '-c', 'while :; do :; done'], resources: { nanoCpus: 0.2e9 } });
    await bed().runtime.start(c.id);
    const stats = bed().runtime.io.stats(c.id);
    let throttled = 0;
    for await (const s of stats) {
      throttled = s.cpu_stats.throttling_data.throttled_periods;
      if (throttled > 0) break;
    }
    assert.ok(throttled > 0, 'the kernel throttled the container to its quota');
    await bed().runtime.remove(c.id, { force: true });
  });

  it("invalid limits fail at create with Docker's messages and leave nothing", async () => {
    await assert.rejects(bed().create({ cmd: ['true'], resources: { memory: 1 << 20 } }), /Minimum memory limit allowed is 6MB/);
    const cpus = availableParallelism();
    await assert.rejects(bed().create({ cmd: ['true'], resources: { nanoCpus: (cpus + 1) * 1e9 } }), new RegExp(`Range of CPUs is from 0.01 to ${cpus}.00, as there are only ${cpus} CPUs available`));
    await assert.rejects(bed().create({ cmd: ['true'], ulimits: [{ name: 'nofile', soft: 10, hard: 5 }] }), /soft limit must be less than or equal to hard limit/);
    await assert.rejects(bed().create({ cmd: ['true'], capAdd: ['SUPERPOWER'] }), /unknown capability: "SUPERPOWER"/);
    assert.deepEqual(bed().runtime.list({ all: true }), []);
  });
});
