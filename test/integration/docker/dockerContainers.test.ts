// The real docker CLI against berthd for containers: run (attached, detached, --rm), exit codes as
// docker gives them (the container's own, 125, 126, 127, 137 with OOMKilled), ps, logs -f, wait,
// stop, kill, rm, restart, pause, unpause, rename, top, stats, inspect, and docker's messages for
// bad input. Nothing is left behind by the end.
import * as assert from 'node:assert/strict';
import { containerLeftovers, startContainerDaemon, type ContainerDaemon } from '../api/containerDaemon';

describe('the docker CLI against berthd: containers', function () {
  this.timeout(120_000);
  let d: ContainerDaemon;

  before(async () => {
    d = await startContainerDaemon('dockerctr');
  });
  after(() => d?.close());

  it('docker run --rm busybox echo hi: the output, exit 0, no container left', async () => {
    const r = await d.docker(['run', '--rm', 'busybox', 'echo', 'hi']);
    assert.deepEqual([r.code, r.stdout, r.stderr], [0, 'hi\n', '']);
    assert.equal((await d.dockerOk(['ps', '-aq'])).trim(), '');
  });

  it("exit codes: the container's own, 127 for a missing command, 126 for one that cannot run", async () => {
    assert.equal((await d.docker(['run', '--rm', 'busybox', 'sh', '-c', 'exit 7'])).code, 7);
    const missing = await d.docker(['run', '--rm', 'busybox', 'no-such-command']);
    assert.equal(missing.code, 127);
    assert.match(missing.stderr, /exec: "no-such-command": executable file not found in \$PATH/);
    const notExecutable = await d.docker(['run', '--rm', 'busybox', '/etc/passwd']);
    assert.equal(notExecutable.code, 126);
    assert.match(notExecutable.stderr, /permission denied/);
    assert.equal((await d.dockerOk(['ps', '-aq'])).trim(), '', '--rm removed the containers that could not start');
  });

  it('exit code 137 and OOMKilled for a container over its memory limit', async () => {
    const r = await d.docker(['run', '--name', 'hog', '--memory', '8m', 'busybox', 'sh', '-c', 'x=aaaaaaaa; while :; do x=$x$x; done']);
    assert.equal(r.code, 137);
    assert.equal((await d.dockerOk(['inspect', '-f', '{{.State.OOMKilled}} {{.State.ExitCode}} {{.State.Status}}', 'hog'])).trim(), 'true 137 exited');
    await d.dockerOk(['rm', 'hog']);
  });

  it('an unknown image: docker offers a pull (which fails here: no registry), exit 125', async () => {
    const r = await d.docker(['run', '--rm', 'nosuchimage']);
    assert.equal(r.code, 125);
    assert.match(r.stderr, /Unable to find image 'nosuchimage:latest' locally/);
  });

  it("bad input gets docker's messages: name in use, invalid limits, bad restart policy", async () => {
    await d.dockerOk(['create', '--name', 'taken', 'busybox', 'true']);
    const clash = await d.docker(['run', '--name', 'taken', 'busybox', 'true']);
    assert.equal(clash.code, 125);
    assert.match(clash.stderr, /Conflict\. The container name "\/taken" is already in use by container "[0-9a-f]{64}"\. You have to remove \(or rename\) that container to be able to reuse that name\./);
    const memory = await d.docker(['run', '--rm', '-m', '1m', 'busybox', 'true']);
    assert.equal(memory.code, 125);
    assert.match(memory.stderr, /Minimum memory limit allowed is 6MB/);
    const cpus = await d.docker(['run', '--rm', '--cpus', '999', 'busybox', 'true']);
    assert.equal(cpus.code, 125);
    assert.match(cpus.stderr, /Range of CPUs is from 0\.01 to \d+\.00, as there are only \d+ CPUs available/);
    const both = await d.docker(['run', '--rm', '--restart', 'always', 'busybox', 'true']);
    assert.equal(both.code, 125);
    await d.dockerOk(['rm', 'taken']);
  });

  it('run -d, ps -a, logs -f until the container exits, wait', async () => {
    const id = (await d.dockerOk(['run', '-d', '--name', 'counter', 'busybox', 'sh', '-c', 'for i in 1 2 3; do echo err $i >&2; done; for i in 1 2 3; do echo line $i; done; exec sleep 1000'])).trim();
    assert.match(id, /^[0-9a-f]{64}$/);
    const ps = await d.dockerOk(['ps', '-a', '--format', '{{.ID}} {{.Names}} {{.Image}} {{.Command}} {{.State}}']);
    assert.match(ps, new RegExp(`^${id.slice(0, 12)} counter busybox "sh -c 'for i in 1 2…" running$`, 'm'));
    await d.waitForLog('counter', 'line 3');
    const logs = await d.docker(['logs', 'counter']);
    assert.equal(logs.stdout, 'line 1\nline 2\nline 3\n');
    assert.equal(logs.stderr, 'err 1\nerr 2\nerr 3\n');
    // the last line of both streams (which stream conmon read last is its choice)
    const tail = await d.docker(['logs', '--tail', '1', 'counter']);
    assert.match(tail.stdout + tail.stderr, /^(line|err) 3\n$/);
    const stamped = await d.dockerOk(['logs', '-t', 'counter']);
    assert.match(stamped, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z line 1$/m);
    // logs -f runs until the container exits
    const following = d.docker(['logs', '-f', 'counter']);
    await d.dockerOk(['kill', '-s', 'KILL', 'counter']);
    assert.equal((await following).stdout, 'line 1\nline 2\nline 3\n');
    assert.equal((await d.dockerOk(['wait', 'counter'])).trim(), '137');
    assert.match(await d.dockerOk(['ps', '-a', '--filter', 'name=counter', '--format', '{{.Status}}']), /^Exited \(137\) /);
    await d.dockerOk(['rm', 'counter']);
  });

  it('stop, start, restart, pause, unpause, rename, top, stats, inspect, kill, rm -f', async () => {
    await d.dockerOk(['run', '-d', '--init', '--name', 'svc', 'busybox', 'sleep', '1000']);
    const started = (await d.dockerOk(['inspect', '-f', '{{.State.StartedAt}}', 'svc'])).trim();
    assert.match(await d.dockerOk(['top', 'svc']), /sleep 1000/);
    const stats = await d.dockerOk(['stats', '--no-stream', '--format', '{{.Name}} {{.PIDs}} {{.MemUsage}}', 'svc']);
    assert.match(stats, /^svc [12] [\d.]+[KMG]iB \/ [\d.]+[KMG]iB$/m);
    await d.dockerOk(['pause', 'svc']);
    assert.equal((await d.dockerOk(['inspect', '-f', '{{.State.Status}} {{.State.Paused}}', 'svc'])).trim(), 'paused true');
    assert.match(await d.dockerOk(['ps', '--format', '{{.Status}}']), /\(Paused\)/);
    await d.dockerOk(['unpause', 'svc']);
    await d.dockerOk(['restart', '-t', '1', 'svc']);
    const restarted = (await d.dockerOk(['inspect', '-f', '{{.State.Running}} {{.State.StartedAt}}', 'svc'])).trim().split(' ');
    assert.equal(restarted[0], 'true');
    assert.notEqual(restarted[1], started);
    await d.dockerOk(['rename', 'svc', 'svc2']);
    assert.equal((await d.dockerOk(['inspect', '-f', '{{.Name}}', 'svc2'])).trim(), '/svc2');
    assert.equal((await d.dockerOk(['stop', '-t', '5', 'svc2'])).trim(), 'svc2');
    assert.equal((await d.dockerOk(['inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', 'svc2'])).trim(), 'exited 143', 'tini passed SIGTERM on');
    await d.dockerOk(['start', 'svc2']);
    const killed = await d.docker(['kill', 'svc2']);
    assert.equal(killed.code, 0);
    assert.equal((await d.dockerOk(['wait', 'svc2'])).trim(), '137');
    const notRunning = await d.docker(['kill', 'svc2']);
    assert.equal(notRunning.code, 1);
    assert.match(notRunning.stderr, /is not running/);
    await d.dockerOk(['start', 'svc2']);
    const refused = await d.docker(['rm', 'svc2']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /You cannot remove a running container [0-9a-f]{64}\. Stop the container before attempting removal or force remove/);
    await d.dockerOk(['rm', '-f', 'svc2']);
  });

  it('inspect shows the configuration docker run was given', async () => {
    await d.dockerOk(['create', '--name', 'conf', '-e', 'A=1', '-w', '/tmp', '-u', '1000', '--memory', '64m', '--cpus', '0.5', '--pids-limit', '30',
      '--read-only', '--cap-drop', 'MKNOD', '--restart', 'on-failure:2', '-l', 'team=a', '--hostname', 'conf-host', 'busybox', 'true']);
    const doc = JSON.parse(await d.dockerOk(['inspect', 'conf'])) as [{
      Config: { Env: string[]; WorkingDir: string; User: string; Hostname: string; Labels: Record<string, string> };
      HostConfig: { Memory: number; NanoCpus: number; PidsLimit: number; ReadonlyRootfs: boolean; CapDrop: string[]; RestartPolicy: { Name: string; MaximumRetryCount: number } };
      State: { Status: string };
    }];
    const [c] = doc;
    assert.ok(c.Config.Env.includes('A=1'));
    assert.deepEqual([c.Config.WorkingDir, c.Config.User, c.Config.Hostname, c.Config.Labels.team], ['/tmp', '1000', 'conf-host', 'a']);
    assert.deepEqual([c.HostConfig.Memory, c.HostConfig.NanoCpus, c.HostConfig.PidsLimit, c.HostConfig.ReadonlyRootfs], [64 << 20, 5e8, 30, true]);
    assert.deepEqual(c.HostConfig.CapDrop, ['MKNOD']);
    assert.deepEqual(c.HostConfig.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 2 });
    assert.equal(c.State.Status, 'created');
    await d.dockerOk(['rm', 'conf']);
  });

  it('leaves nothing behind once every container is removed', async () => {
    assert.equal((await d.dockerOk(['ps', '-aq'])).trim(), '');
    const left = await containerLeftovers(d.root, []);
    assert.deepEqual(Object.entries(left).filter(([, v]) => v.length > 0), []);
  });
});
