import * as assert from 'node:assert/strict';
import type { Readable } from 'node:stream';
import type { AttachFrame } from '../../../engine/src/runtime/attachSocket';
import { StartError } from '../../../engine/src/runtime/processSetup';
import { describeEachRuntime } from './runtimeTestbed';

/** Collects frames; `until(text)` resolves once the joined output contains it. */
function reader(output: Readable) {
  let text = '';
  const frames: AttachFrame[] = [];
  const waits = new Set<() => void>();
  output.on('data', (f: AttachFrame) => {
    frames.push(f);
    text += f.data.toString();
    for (const w of [...waits]) w();
  });
  const ended = new Promise<void>((resolve) => output.on('end', resolve));
  return {
    frames, ended,
    get text() { return text; },
    until(needle: string): Promise<void> {
      return new Promise((resolve) => {
        const check = () => {
          if (!text.includes(needle)) return;
          waits.delete(check);
          resolve();
        };
        waits.add(check);
        check();
      });
    },
  };
}

describeEachRuntime('container I/O', (bed) => {
  it('attach before start loses nothing and delivers stdin; closing stdin (StdinOnce) is EOF', async () => {
    const c = await bed().create({ cmd: ['sh', '-c', 'echo first; read x; echo "got $x"; cat; echo done >&2'], openStdin: true, stdinOnce: true });
    const a = await bed().runtime.io.attach(c.id, { stdin: true, stdout: true, stderr: true });
    const out = reader(a.output);
    a.stdin!.write('hello\n');
    await bed().runtime.start(c.id);
    await out.until('got hello');
    a.stdin!.end('rest\n');
    assert.deepEqual(await bed().runtime.wait(c.id), { statusCode: 0 });
    await out.ended;
    assert.equal(out.frames.filter((f) => f.stream === 'stdout').map((f) => f.data.toString()).join(''), 'first\ngot hello\nrest\n');
    assert.deepEqual(out.frames.filter((f) => f.stream === 'stderr').map((f) => f.data.toString()), ['done\n']);
    await bed().runtime.remove(c.id);
  });

  it('attach to a running container, detach, and attach again with the log replayed', async () => {
    const c = await bed().create({ cmd: ['sh', '-c', 'echo one; read x; echo "two $x"; read y'], openStdin: true });
    await bed().runtime.start(c.id);
    const first = await bed().runtime.io.attach(c.id, { stdin: true, stdout: true, logs: true });
    const out1 = reader(first.output);
    await out1.until('one');
    first.close();
    assert.equal(bed().runtime.inspect(c.id).state.status, 'running', 'detaching leaves it running (stdin stays open without StdinOnce)');
    const second = await bed().runtime.io.attach(c.id, { stdin: true, stdout: true, logs: true });
    const out2 = reader(second.output);
    await out2.until('one\n');
    second.stdin!.write('x\n');
    await out2.until('two x');
    second.stdin!.write('y\n');
    assert.deepEqual(await bed().runtime.wait(c.id), { statusCode: 0 });
    await bed().runtime.remove(c.id);
  });

  it('a TTY: one stream, a real terminal, the size set at start and changed by resize', async () => {
    const c = await bed().create({ cmd: ['sh', '-c', 'tty; stty size; echo >&2 err; read x; stty size'], tty: true, openStdin: true, stdinOnce: true, consoleSize: { height: 24, width: 80 } });
    const a = await bed().runtime.io.attach(c.id, { stdin: true, stdout: true, stderr: true });
    const out = reader(a.output);
    await bed().runtime.start(c.id);
    await out.until('err');
    await bed().runtime.io.resize(c.id, 50, 132);
    a.stdin!.write('\n');
    assert.deepEqual(await bed().runtime.wait(c.id), { statusCode: 0 });
    await out.ended;
    assert.ok(out.frames.every((f) => f.stream === 'stdout'), 'a TTY has no separate stderr');
    assert.match(out.text, /^\/dev\/pts\/0\r\n24 80\r\nerr\r\n\r\n50 132\r\n$/);
    await bed().runtime.remove(c.id);
  });

  it('exec: output apart, exit code, stdin, user, env and working directory; a missing command is 127', async () => {
    const c = await bed().create({ cmd: ['sleep', '1000'], env: ['FROM=container'] });
    await bed().runtime.start(c.id);
    const io = bed().runtime.io;
    const e1 = io.execCreate(c.id, { cmd: ['sh', '-c', 'read x; echo "$x $FROM $EXTRA $(pwd) $(id -un)"; echo oops >&2; exit 5'], attachStdin: true, env: ['EXTRA=exec'], user: 'berth', workingDir: '/tmp' });
    assert.equal(io.execInspect(e1).exitCode, null);
    const a = (await io.execStart(e1))!;
    const out = reader(a.output);
    a.stdin!.end('in\n');
    const done = await io.execDone(e1);
    await out.ended;
    assert.equal(done.exitCode, 5);
    assert.equal(done.running, false);
    assert.deepEqual(out.frames.map((f) => `${f.stream}:${f.data.toString()}`), ['stdout:in container exec /tmp berth\n', 'stderr:oops\n']);

    const e2 = io.execCreate(c.id, { cmd: ['nope'] });
    await assert.rejects(io.execStart(e2), (err: unknown) => err instanceof StartError && err.exitCode === 127 && /exec: "nope": executable file not found in \$PATH/.test(err.message));
    assert.equal(io.execInspect(e2).exitCode, 127);
    await assert.rejects(io.execStart(e2), /already been started/);

    const e3 = io.execCreate(c.id, { cmd: ['sh', '-c', 'stty size; read x; stty size'], tty: true, attachStdin: true, consoleSize: { height: 10, width: 40 } });
    const t = (await io.execStart(e3))!;
    const tout = reader(t.output);
    await tout.until('10 40');
    await io.execResize(e3, 30, 100);
    t.stdin!.write('\n');
    assert.equal((await io.execDone(e3)).exitCode, 0);
    await tout.ended;
    assert.match(tout.text, /10 40\r\n[\s\S]*30 100\r\n$/);

    const detached = io.execCreate(c.id, { cmd: ['sh', '-c', 'exit 9'] });
    assert.equal(await io.execStart(detached, { detach: true }), undefined);
    assert.equal((await io.execDone(detached)).exitCode, 9);
    await bed().runtime.remove(c.id, { force: true });
  });

  it('exec start: once only, also when asked twice at once; one that cannot run (container paused since) ends with 126', async () => {
    const c = await bed().create({ cmd: ['sleep', '1000'] });
    await bed().runtime.start(c.id);
    const io = bed().runtime.io;
    const twice = io.execCreate(c.id, { cmd: ['sh', '-c', 'exit 7'] });
    const results = await Promise.allSettled([io.execStart(twice, { detach: true }), io.execStart(twice, { detach: true })]);
    assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected']);
    assert.match(String((results[1] as PromiseRejectedResult).reason), /already been started/);
    assert.equal((await io.execDone(twice)).exitCode, 7);

    const late = io.execCreate(c.id, { cmd: ['true'] });
    await bed().runtime.pause(c.id);
    assert.throws(() => io.execCreate(c.id, { cmd: ['true'] }), /is paused, unpause the container before exec/);
    await assert.rejects(io.execStart(late), /is paused/);
    const ended = io.execInspect(late);
    assert.deepEqual([ended.running, ended.exitCode], [false, 126]);
    await bed().runtime.unpause(c.id);
    await assert.rejects(io.execStart(late), /already been started/);

    const nowhere = io.execCreate(c.id, { cmd: ['pwd'], workingDir: '/nope' });
    await assert.rejects(io.execStart(nowhere), (err: unknown) => err instanceof StartError && err.exitCode === 126);
    await bed().runtime.remove(c.id, { force: true });
  });

  it('top lists the container\'s processes only; stats reads its cgroup', async () => {
    const script = 'sleep 1000 & sleep 2000 & echo started; wait';
    const c = await bed().create({ cmd: ['sh', '-c', script], resources: { memory: 32 << 20, pidsLimit: 20 } });
    const a = await bed().runtime.io.attach(c.id, { stdout: true });
    const started = reader(a.output).until('started');
    await bed().runtime.start(c.id);
    await started;
    const expected = [`sh -c ${script}`, 'sleep 1000', 'sleep 2000'].sort();
    let top = await bed().runtime.io.top(c.id, '-eo pid,args');
    // the two children are forked by now; each shows the shell's arguments until its exec
    for (let i = 0; i < 200 && JSON.stringify(top.processes.map((p) => p[1]).sort()) !== JSON.stringify(expected); i++) top = await bed().runtime.io.top(c.id, '-eo pid,args');
    assert.deepEqual(top.titles, ['PID', 'COMMAND']);
    assert.deepEqual(top.processes.map((p) => p[1]).sort(), expected);
    for await (const s of bed().runtime.io.stats(c.id, { stream: false })) {
      assert.equal(s.id, c.id);
      assert.equal(s.pids_stats.current, 3);
      assert.equal(s.pids_stats.limit, 20);
      assert.equal(s.memory_stats.limit, 32 << 20);
      assert.ok(s.memory_stats.usage > 0);
      assert.ok(s.cpu_stats.cpu_usage.total_usage > 0);
      assert.ok(s.cpu_stats.system_cpu_usage > 0);
      assert.deepEqual(s.networks, {}, '--network none: only lo, which Docker leaves out');
    }
    await bed().runtime.remove(c.id, { force: true });
  });

  it('logs: follow until the container stops; since and tail', async () => {
    const c = await bed().create({ cmd: ['sh', '-c', 'echo a; echo b >&2; read x; echo c'], openStdin: true, stdinOnce: true });
    const a = await bed().runtime.io.attach(c.id, { stdin: true, stdout: true });
    const out = reader(a.output);
    await bed().runtime.start(c.id);
    await out.until('a');
    const followed: string[] = [];
    const follow = (async () => {
      for await (const e of bed().runtime.io.logs(c.id, { follow: true })) {
        followed.push(`${e.stream}:${e.line.toString()}`);
        if (followed.length === 2) a.stdin!.end('\n');
      }
    })();
    await follow;
    assert.deepEqual(followed, ['stdout:a\n', 'stderr:b\n', 'stdout:c\n']);
    const entries = [];
    for await (const e of bed().runtime.io.logs(c.id, { tail: 1 })) entries.push(e);
    assert.deepEqual(entries.map((e) => e.line.toString()), ['c\n']);
    const since = entries[0]!.timeMs / 1000;
    const later = [];
    for await (const e of bed().runtime.io.logs(c.id, { since })) later.push(e.line.toString());
    assert.deepEqual(later, ['c\n']);
    assert.match(entries[0]!.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    await bed().runtime.remove(c.id);
  });
});
