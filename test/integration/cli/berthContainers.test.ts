// Every container verb of the berth CLI against a real berthd: run with docker's flags, its exit
// codes, pulling a missing image, signals passed on to the container, a real terminal (raw mode,
// resize through SIGWINCH, ctrl-c as a byte, detaching), and the lifecycle and network verbs.
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LayoutImageStore } from '../../../engine/src/store/layoutImageStore';
import { OciLayoutStore } from '../../../engine/src/store/ociLayoutStore';
import { writeImage } from '../../../engine/src/store/storeImage';
import { busyboxImage } from '../../fixtures/busyboxImage';
import { startDockerRegistry, type DockerRegistry } from '../../fixtures/registry/dockerRegistry';
import { requireTool } from '../../fixtures/scratch';
import { berthScript } from '../api/berthdProcess';
import { containerLeftovers, PtySession, startContainerDaemon, type ContainerDaemon } from '../api/containerDaemon';

describe('berth CLI: containers', function () {
  this.timeout(120_000);
  let d: ContainerDaemon;
  const berth = `${process.execPath} ${berthScript}`;

  before(async () => {
    d = await startContainerDaemon('berthctr');
  });
  after(() => d?.close());

  it('run: output, exit status, --rm; 127, 126 and 125 as docker gives them', async () => {
    const hi = await d.berth(['run', '--rm', 'busybox', 'echo', 'hi']);
    assert.deepEqual([hi.code, hi.stdout], [0, 'hi\n']);
    assert.equal((await d.berth(['run', '--rm', 'busybox', 'sh', '-c', 'echo out; echo err >&2; exit 7'])).code, 7);
    const split = await d.berth(['run', '--rm', 'busybox', 'sh', '-c', 'echo out; echo err >&2']);
    assert.deepEqual([split.stdout, split.stderr], ['out\n', 'err\n'], 'stdout and stderr stay apart');
    const missing = await d.berth(['run', '--rm', 'busybox', 'nope']);
    assert.equal(missing.code, 127);
    assert.match(missing.stderr, /exec: "nope": executable file not found in \$PATH/);
    assert.equal((await d.berth(['run', '--rm', 'busybox', '/etc/passwd'])).code, 126);
    const memory = await d.berth(['run', '--rm', '--memory', '1m', 'busybox', 'true']);
    assert.equal(memory.code, 125);
    assert.match(memory.stderr, /Minimum memory limit allowed is 6MB/);
    assert.equal((await d.berthOk(['ps', '-aq'])).trim(), '');
  });

  it('a process that exits at once without output still gives its status: run, run --rm, start -a', async () => {
    // Its output stream ends while the CLI is still starting it; the CLI used to miss that end,
    // run out of things to wait on and exit 0 (half the time, before the fix).
    try {
      for (let i = 0; i < 8; i++) {
        assert.equal((await d.berth(['run', '--rm', 'busybox', 'false'])).code, 1, `run --rm, round ${i}`);
        assert.equal((await d.berth(['run', '--name', 'quiet', 'busybox', 'sh', '-c', 'exit 3'])).code, 3, `run, round ${i}`);
        assert.equal((await d.berth(['start', '-a', 'quiet'])).code, 3, `start -a, round ${i}`);
        await d.berthOk(['rm', 'quiet']);
      }
    } finally {
      await d.berth(['rm', '-f', 'quiet']);
    }
  });

  it("run applies docker's flags: env, env-file, workdir, user, hostname, entrypoint, binds, tmpfs, read-only, caps, limits, init", async () => {
    const envFile = join(d.dir, 'env');
    writeFileSync(envFile, 'FROM_FILE=yes\n# comment\n');
    const data = join(d.dir, 'data');
    mkdirSync(data, { mode: 0o777 });
    chmodSync(data, 0o777); // -u 1000 writes there
    writeFileSync(join(data, 'in.txt'), 'from the host\n');
    const script = [
      'echo $A $FROM_FILE', 'pwd', 'id -u', 'hostname', 'cat /data/in.txt', 'echo written > /data/out.txt',
      'mount | grep " /scratch " | cut -d" " -f5', 'touch /root-is-ro 2>/dev/null || echo read-only',
      'cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || cat /sys/fs/cgroup/memory.max', 'cat /sys/fs/cgroup/pids/pids.max 2>/dev/null || cat /sys/fs/cgroup/pids.max',
      'grep CapEff /proc/self/status', 'cat /proc/1/comm',
    ].join('; ');
    const out = await d.berthOk(['run', '--rm', '-e', 'A=1', '--env-file', envFile, '-w', '/tmp', '-u', '1000', '--hostname', 'box', '--entrypoint', 'sh',
      '-v', `${data}:/data`, '--mount', 'type=tmpfs,target=/scratch', '--read-only', '--cap-drop', 'ALL', '--memory', '64m', '--pids-limit', '40', '--init',
      'busybox', '-c', script]);
    const lines = out.trim().split('\n');
    assert.deepEqual(lines.slice(0, 8), ['1 yes', '/tmp', '1000', 'box', 'from the host', 'tmpfs', 'read-only', String(64 << 20)]);
    assert.equal(lines[8], '40');
    assert.match(lines[9]!, /^CapEff:\s+0{16}$/);
    assert.equal(lines[10], 'docker-init', '--init runs tini as PID 1 (named docker-init, as in Docker)');
    assert.equal(execFileSync('cat', [join(data, 'out.txt')], { encoding: 'utf8' }), 'written\n');
  });

  it('-v binds an existing host file as it is (read-only with :ro), and makes a missing source a directory', async () => {
    const file = join(d.dir, 'greeting');
    writeFileSync(file, 'hello file\n');
    const missing = join(d.dir, 'made-by-v');
    const out = await d.berthOk(['run', '--rm', '-v', `${file}:/etc/greeting:ro`, '-v', `${missing}:/made`, 'busybox', 'sh', '-c',
      'cat /etc/greeting; (echo x > /etc/greeting) 2>/dev/null || echo read-only; ls -d /made']);
    assert.equal(out, 'hello file\nread-only\n/made\n');
    assert.ok(statSync(missing).isDirectory());
    assert.equal(readFileSync(file, 'utf8'), 'hello file\n');
  });

  it('exec -i and run -i pass any stdin bytes without a TTY (detach keys act only with one); an exec that cannot start is 126; a paused container refuses exec', async () => {
    await d.berthOk(['run', '-d', '--name', 'execs', 'busybox', 'sleep', '1000']);
    const bytes = 'abc\x10\x11def'; // ctrl-p ctrl-q, the default detach keys, inside piped data
    assert.equal((await d.dockerOk(['exec', '-i', 'execs', 'wc', '-c'], bytes)).trim(), '8');
    assert.equal((await d.berthOk(['exec', '-i', 'execs', 'wc', '-c'], bytes)).trim(), '8');
    assert.equal((await d.dockerOk(['run', '-i', '--rm', 'busybox', 'wc', '-c'], bytes)).trim(), '8');
    const nowhere = await d.docker(['exec', '-w', '/nope', 'execs', 'pwd']);
    assert.equal(nowhere.code, 126, nowhere.stderr);
    assert.equal((await d.berthOk(['exec', 'execs', 'echo', 'still here'])).trim(), 'still here', 'berthd lives on after a failed exec start');
    await d.berthOk(['pause', 'execs']);
    const paused = await d.docker(['exec', 'execs', 'true']);
    assert.notEqual(paused.code, 0);
    assert.match(paused.stderr, /is paused, unpause the container before exec/);
    await d.berthOk(['unpause', 'execs']);
    await d.berthOk(['rm', '-f', 'execs']);
  });

  it('pulls an image it does not have, as docker run does', async () => {
    requireTool('skopeo', 'skopeo');
    const registry: DockerRegistry = await startDockerRegistry(join(d.dir, 'registry'));
    try {
      const layout = join(d.dir, 'layout');
      await writeImage(await OciLayoutStore.open(layout), new LayoutImageStore(layout), await busyboxImage(), 'bb');
      execFileSync('skopeo', ['copy', '-q', '--dest-tls-verify=false', `oci:${layout}:bb`, `docker://${registry.host}/tools/busybox:1`]);
      const r = await d.berth(['run', '--rm', `${registry.host}/tools/busybox:1`, 'echo', 'pulled and ran']);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stderr, new RegExp(`Unable to find image '${registry.host}/tools/busybox:1' locally`));
      assert.match(r.stderr, /Pull complete|Downloaded newer image|Digest: sha256:/);
      assert.equal(r.stdout, 'pulled and ran\n');
      assert.match(await d.berthOk(['images']), /tools\/busybox\s+1/);
      const never = await d.berth(['run', '--rm', '--pull', 'never', `${registry.host}/tools/other:1`, 'true']);
      assert.equal(never.code, 125);
      assert.match(never.stderr, /No such image/);
    } finally {
      await registry.stop();
    }
  });

  it('passes SIGINT on to a container without a TTY (sig-proxy) and exits with its status', async () => {
    const child = spawn(process.execPath, [berthScript, 'run', '--rm', 'busybox', 'sh', '-c', 'trap "echo got INT; exit 3" INT; echo ready; while :; do sleep 1; done'], { env: d.env });
    let out = '';
    const ready = new Promise<void>((resolve) => child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('ready')) resolve();
    }));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await ready;
    child.kill('SIGINT');
    assert.equal(await exited, 3);
    assert.equal(out, 'ready\ngot INT\n');
  });

  it('run -it: raw mode, the size follows the terminal (SIGWINCH), ctrl-c goes to the container, exit status', async () => {
    const pty = new PtySession(`sh -c 'tty; exec ${berth} run -it --rm busybox sh'`, d.env, { rows: 30, cols: 100 });
    const device = (await pty.expect(/\/dev\/pts\/\d+/)).trim();
    await pty.expect(/\/ # /);
    pty.write('stty size\r');
    await pty.expect(/30 100\r\n/);
    // the kernel sends berth SIGWINCH (twice: stty sets the rows, then the columns); the size reaches
    // the container a moment later (berth, berthd, conmon), so ask until it has, but not for ever
    execFileSync('stty', ['-F', device, 'rows', '45', 'cols', '132']);
    const deadline = Date.now() + 10_000;
    for (let size = ''; size !== '45 132'; ) {
      assert.ok(Date.now() < deadline, `the container's terminal stayed ${size}`);
      const asked = pty.text.length;
      pty.write('stty size\r');
      size = (await pty.expect(/\d+ \d+\r\n/, asked)).trim();
    }
    const mark = pty.text.length;
    pty.write('echo sleeping; sleep 1000\r');
    await pty.expect(/sleeping\r\n/, mark);
    const interrupted = pty.text.length;
    pty.write('\x03'); // a byte to the container's terminal: its SIGINT stops the sleep, not berth
    await pty.expect(/\/ # /, interrupted);
    pty.write('exit 5\r');
    assert.equal(await pty.exited, 5);
  });

  it('run -dit, attach, detach keys, exec -it, start -a -i', async () => {
    const id = (await d.berthOk(['run', '-dit', '--name', 'shell', 'busybox', 'sh'])).trim();
    assert.match(id, /^[0-9a-f]{64}$/);
    const attach = new PtySession(`${berth} attach shell`, d.env);
    attach.write('echo attached-$((3*3))\r');
    await attach.expect(/attached-9/);
    attach.write('\x10\x11');
    await attach.expect(/read escape sequence/);
    await attach.exited;
    const exec = new PtySession(`${berth} exec -it -e X=7 -w /tmp shell sh`, d.env);
    await exec.expect(/\/tmp # /);
    exec.write('echo $X; exit 6\r');
    await exec.expect(/7\r\n/);
    assert.equal(await exec.exited, 6);
    assert.equal(await d.berthOk(['exec', '-u', '1000', 'shell', 'id', '-u']), '1000\n');
    assert.equal((await d.berth(['exec', 'shell', 'sh', '-c', 'exit 8'])).code, 8);
    await d.berthOk(['rm', '-f', 'shell']);

    await d.berthOk(['create', '-i', '--name', 'later', 'busybox', 'sh', '-c', 'read line; echo got $line; exit 2']);
    const started = await d.berth(['start', '-a', '-i', 'later'], 'hello\n');
    assert.deepEqual([started.code, started.stdout], [2, 'got hello\n']);
    await d.berthOk(['rm', 'later']);
  });

  it('ps, logs -f, wait, stop, start, restart, kill, pause, unpause, rename, top, stats, inspect, port, rm', async () => {
    await d.berthOk(['run', '-d', '--name', 'svc', '--init', '-p', '80', 'busybox', 'sh', '-c', 'echo started; exec sleep 1000']);
    await d.waitForLog('svc', 'started');
    assert.match(await d.berthOk(['ps', '--filter', 'name=^svc$']), /^CONTAINER ID\s+IMAGE\s+COMMAND\s+CREATED\s+STATUS\s+PORTS\s+NAMES\n[0-9a-f]{12}\s+busybox\s+"sh -c 'echo started…"\s+.+\s+Up .+\s+0\.0\.0\.0:\d+->80\/tcp\s+svc\n$/);
    assert.equal(await d.berthOk(['ps', '--filter', 'name=^svc$', '--format', '{{.Names}} {{.State}}']), 'svc running\n');
    assert.equal((await d.berthOk(['ps', '-q', '--filter', 'name=^svc$'])).trim().length, 12);
    assert.match(await d.berthOk(['port', 'svc']), /^80\/tcp -> 0\.0\.0\.0:\d+\n$/);
    assert.match(await d.berthOk(['top', 'svc']), /sleep 1000/);
    assert.match(await d.berthOk(['stats', '--no-stream', 'svc']), /^CONTAINER ID\s+NAME\s+CPU %\s+MEM USAGE \/ LIMIT\s+MEM %\s+NET I\/O\s+BLOCK I\/O\s+PIDS\n[0-9a-f]{12}\s+svc\s+[\d.]+%/);
    assert.equal(await d.berthOk(['logs', 'svc']), 'started\n');
    assert.equal(await d.berthOk(['pause', 'svc']), 'svc\n');
    assert.equal((await d.berthOk(['inspect', '-f', '{{.State.Status}}', 'svc'])).trim(), 'paused');
    await d.berthOk(['unpause', 'svc']);
    await d.berthOk(['restart', '-t', '2', 'svc']);
    assert.equal(await d.berthOk(['logs', 'svc']), 'started\nstarted\n');
    await d.berthOk(['rename', 'svc', 'svc-renamed']);
    const following = d.berth(['logs', '-f', 'svc-renamed']);
    const waiting = d.berth(['wait', 'svc-renamed']);
    assert.equal(await d.berthOk(['stop', 'svc-renamed']), 'svc-renamed\n');
    assert.equal((await waiting).stdout, '143\n');
    assert.equal((await following).stdout, 'started\nstarted\n');
    assert.equal(await d.berthOk(['start', 'svc-renamed']), 'svc-renamed\n');
    await d.berthOk(['kill', '-s', 'KILL', 'svc-renamed']);
    assert.equal(await d.berthOk(['wait', 'svc-renamed']), '137\n');
    const [doc] = JSON.parse(await d.berthOk(['inspect', 'svc-renamed'])) as [{ Name: string; State: { ExitCode: number }; HostConfig: { Init: boolean } }];
    assert.deepEqual([doc.Name, doc.State.ExitCode, doc.HostConfig.Init], ['/svc-renamed', 137, true]);
    assert.equal(await d.berthOk(['rm', 'svc-renamed']), 'svc-renamed\n');
    const gone = await d.berth(['inspect', 'svc-renamed']);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /No such object: svc-renamed/);
  });

  it('network create, ls, inspect, connect, disconnect, rm; containers reach each other by name', async () => {
    const id = (await d.berthOk(['network', 'create', '--subnet', '10.231.7.0/24', 'backend'])).trim();
    assert.match(await d.berthOk(['network', 'ls']), new RegExp(`^${id.slice(0, 12)}\\s+backend\\s+bridge\\s+local$`, 'm'));
    await d.berthOk(['run', '-d', '--name', 'db', '--network', 'backend', '--ip', '10.231.7.50', 'busybox', 'sh', '-c', 'echo db > /tmp/index.html; httpd -p 80 -h /tmp; echo ready; exec sleep 1000']);
    await d.waitForLog('db', 'ready');
    assert.equal(await d.berthOk(['run', '--rm', '--network', 'backend', 'busybox', 'wget', '-qO-', 'http://db/']), 'db\n');
    const [net] = JSON.parse(await d.berthOk(['network', 'inspect', 'backend'])) as [{ IPAM: { Config: { Subnet: string }[] }; Containers: Record<string, { Name: string; IPv4Address: string }> }];
    assert.equal(net.IPAM.Config[0]!.Subnet, '10.231.7.0/24');
    assert.deepEqual(Object.values(net.Containers).map((c) => [c.Name, c.IPv4Address]), [['db', '10.231.7.50/24']]);
    await d.berthOk(['run', '-d', '--name', 'app', '--init', 'busybox', 'sleep', '1000']);
    await d.berthOk(['network', 'connect', '--alias', 'frontend', 'backend', 'app']);
    assert.equal(await d.berthOk(['exec', 'app', 'wget', '-qO-', 'http://db/']), 'db\n');
    await d.berthOk(['network', 'disconnect', 'backend', 'app']);
    await d.berthOk(['rm', '-f', 'db', 'app']);
    assert.equal(await d.berthOk(['network', 'rm', 'backend']), 'backend\n');
  });

  it('restart keeps a --rm container, as docker does; its next exit removes it', async () => {
    await d.berthOk(['run', '-d', '--rm', '--name', 'ephemeral', 'busybox', 'sleep', '1000']);
    assert.equal(await d.berthOk(['restart', '-t', '0', 'ephemeral']), 'ephemeral\n');
    assert.equal(await d.berthOk(['ps', '--filter', 'name=^ephemeral$', '--format', '{{.Names}} {{.State}}']), 'ephemeral running\n');
    await d.berthOk(['stop', '-t', '0', 'ephemeral']);
    // the removal follows the exit in the background, as in docker
    for (const deadline = Date.now() + 10_000; (await d.berthOk(['ps', '-aq', '--filter', 'name=^ephemeral$'])) !== ''; ) {
      assert.ok(Date.now() < deadline, 'the stopped --rm container is removed');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  it('a conmon killed while berthd runs: the container is killed and exited (255), and stop, wait and rm answer', async () => {
    await d.berthOk(['run', '-d', '--name', 'orphan', 'busybox', 'sleep', '1000']);
    const pid = Number(await d.berthOk(['inspect', '-f', '{{.State.Pid}}', 'orphan']));
    const conmon = Number(execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8' }).trim());
    assert.match(execFileSync('ps', ['-o', 'comm=', '-p', String(conmon)], { encoding: 'utf8' }), /conmon/);
    process.kill(conmon, 'SIGKILL');
    assert.equal(await d.berthOk(['wait', 'orphan']), '255\n');
    assert.equal(await d.berthOk(['stop', '-t', '1', 'orphan']), 'orphan\n', 'stop of a container that is no longer running');
    assert.match(await d.berthOk(['inspect', '-f', '{{.State.Status}} {{.State.Error}}', 'orphan']), /^exited conmon \(pid \d+\) exited without recording the container's exit code\n$/);
    // killed: gone, or a zombie until the process it was handed to (pid 1 here) reaps it
    const state = (() => {
      try {
        return /^\d+ \(.*\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'utf8'))?.[1];
      } catch {
        return 'gone';
      }
    })();
    assert.ok(state === 'gone' || state === 'Z', `the container process was killed (state ${state})`);
    assert.equal(await d.berthOk(['rm', 'orphan']), 'orphan\n');
  });

  it('leaves nothing behind', async () => {
    assert.equal((await d.berthOk(['ps', '-aq'])).trim(), '');
    const left = await containerLeftovers(d.root, []);
    assert.deepEqual(Object.entries(left).filter(([, v]) => v.length > 0), []);
  });
});
