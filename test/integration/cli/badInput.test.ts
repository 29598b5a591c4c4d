// Issue 4's bad input, through both `berth run` and `docker run` against the same berthd: an image
// that is nowhere (the pull offer, then the registry's answer), a missing command (127), one that
// cannot be executed (126), a host port already taken (by a container or by a host process), a name
// in use, invalid limits and mistyped flags (125, as docker exits for anything of its own). Each
// case must give both CLIs docker's exit status and a message saying what was wrong, and none may
// leave a container behind.
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { startDockerRegistry, type DockerRegistry } from '../../fixtures/registry/dockerRegistry';
import { removeDaemonDir, startContainerDaemon, type ContainerDaemon } from '../api/containerDaemon';

interface BadRun {
  readonly what: string;
  readonly args: readonly string[];
  readonly code: number;
  /** Both CLIs' stderr must match (each puts its own prefix before the daemon's message). */
  readonly stderr: RegExp;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

describe("bad input to berth run and docker run: docker's exit codes and messages", function () {
  this.timeout(180_000);
  let d: ContainerDaemon;
  let registry: DockerRegistry;
  let hostListener: Server;
  let hostPort: number;
  let holderPort: number;
  let holderId: string;

  before(async () => {
    d = await startContainerDaemon('badinput');
    registry = await startDockerRegistry(join(d.dir, 'registry'));
    hostListener = createServer();
    await new Promise<void>((resolve) => hostListener.listen(0, '0.0.0.0', resolve));
    hostPort = (hostListener.address() as { port: number }).port;
    holderId = (await d.berthOk(['run', '-d', '--init', '--name', 'holder', '-p', '0:80', 'busybox', 'sleep', '1000'])).trim();
    holderPort = Number(/:(\d+)$/m.exec(await d.berthOk(['port', 'holder', '80']))?.[1]);
    assert.ok(holderPort > 0, 'the holder published its port');
  });
  after(async () => {
    hostListener?.close();
    await registry?.stop();
    if (!d) return;
    const left = (await d.berth(['ps', '-aq'])).stdout.split('\n').filter(Boolean);
    if (left.length) await d.berth(['rm', '-f', ...left]);
    await d.daemon.stop();
    await removeDaemonDir(d.dir);
  });

  const check = async (bad: BadRun) => {
    for (const [cli, run] of [['berth', d.berth], ['docker', d.docker]] as const) {
      const r = await run(['run', '--rm', ...bad.args]);
      const detail = `${cli} run --rm ${bad.args.join(' ')} (${bad.what}): exit ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`;
      assert.equal(r.code, bad.code, detail);
      assert.match(r.stderr, bad.stderr, detail);
      assert.equal(r.stdout, '', detail);
    }
  };

  it('an image that is nowhere: "Unable to find image" locally, the pull attempt, its error, 125', async () => {
    const missing = `${registry.host}/nosuch/image:1`;
    await check({
      what: 'not in the registry', args: [missing, 'true'], code: 125,
      stderr: new RegExp(`^Unable to find image '${escape(missing)}' locally\\n.*Error response from daemon: .*${escape(missing)}.*manifest unknown`, 's'),
    });
    // a registry that does not answer at all
    await check({
      what: 'registry unreachable', args: ['127.0.0.1:1/nosuch/image:1', 'true'], code: 125,
      stderr: /^Unable to find image '127\.0\.0\.1:1\/nosuch\/image:1' locally\n.*Error response from daemon: .*127\.0\.0\.1:1.*ECONNREFUSED/s,
    });
  });

  it('a command that is missing exits 127, one that cannot be executed 126', async () => {
    await check({ what: 'missing', args: ['busybox', 'no-such-command'], code: 127, stderr: /Error response from daemon: .*exec: "no-such-command": executable file not found in \$PATH/ });
    await check({ what: 'missing by path', args: ['busybox', '/bin/no-such-command'], code: 127, stderr: /exec: "\/bin\/no-such-command": .*no such file or directory/ });
    await check({ what: 'not executable', args: ['busybox', '/etc/passwd'], code: 126, stderr: /Error response from daemon: .*exec: "\/etc\/passwd": permission denied/ });
    await check({ what: 'a directory', args: ['busybox', '/etc'], code: 126, stderr: /exec: "\/etc": permission denied/ });
  });

  it('a host port already taken, by a container or by a host process: 125, "port is already allocated"', async () => {
    await check({ what: 'published by a container', args: ['-p', `${holderPort}:80`, 'busybox', 'true'], code: 125, stderr: new RegExp(`Error response from daemon: Bind for 0\\.0\\.0\\.0:${holderPort} failed: port is already allocated`) });
    await check({ what: 'a host process listens', args: ['-p', `${hostPort}:80`, 'busybox', 'true'], code: 125, stderr: new RegExp(`Error response from daemon: Bind for 0\\.0\\.0\\.0:${hostPort} failed: port is already allocated`) });
  });

  it('a name in use: 125, "Conflict. The container name ... is already in use"', async () => {
    await check({
      what: 'name in use', args: ['--name', 'holder', 'busybox', 'true'], code: 125,
      stderr: new RegExp(`Error response from daemon: Conflict\\. The container name "/holder" is already in use by container "${holderId}"\\. You have to remove \\(or rename\\) that container to be able to reuse that name\\.`),
    });
  });

  it("invalid limits: 125 with the daemon's reason", async () => {
    const cpus = availableParallelism();
    const range = new RegExp(`Error response from daemon: Range of CPUs is from 0\\.01 to ${cpus}\\.00, as there are only ${cpus} CPUs available`);
    const bad: BadRun[] = [
      { what: 'memory below 6MB', args: ['--memory', '1k', 'busybox', 'true'], code: 125, stderr: /Error response from daemon: Minimum memory limit allowed is 6MB/ },
      { what: 'more CPUs than the host', args: ['--cpus', String(cpus + 1), 'busybox', 'true'], code: 125, stderr: range },
      { what: 'negative CPUs', args: ['--cpus', '-1', 'busybox', 'true'], code: 125, stderr: range },
      { what: 'swap below memory', args: ['--memory', '20m', '--memory-swap', '10m', 'busybox', 'true'], code: 125, stderr: /Error response from daemon: Minimum memoryswap limit should be larger than memory limit, see usage/ },
      { what: 'swap without memory', args: ['--memory-swap', '10m', 'busybox', 'true'], code: 125, stderr: /Error response from daemon: You should always set the Memory limit when using Memoryswap limit, see usage/ },
      { what: 'a CPU the host lacks', args: ['--cpuset-cpus', String(cpus + 3), 'busybox', 'true'], code: 125, stderr: new RegExp(`Error response from daemon: Requested CPUs are not available - requested ${cpus + 3}, available: [0-9,-]+`) },
      { what: 'a malformed CPU list', args: ['--cpuset-cpus', 'a-b', 'busybox', 'true'], code: 125, stderr: /Error response from daemon: Invalid value a-b for cpuset cpus/ },
      { what: 'negative CPU shares', args: ['--cpu-shares', '-5', 'busybox', 'true'], code: 125, stderr: /Error response from daemon: invalid CPU shares \(-5\): value must be a positive integer/ },
    ];
    for (const b of bad) await check(b);
  });

  it('mistyped flags and values: 125 (never a status a container could have exited with), with the flag named', async () => {
    await check({ what: 'not a size', args: ['--memory', 'abc', 'busybox', 'true'], code: 125, stderr: /invalid argument "abc" for "(-m, )?--memory" flag: invalid size: 'abc'/ });
    await check({ what: 'not a number', args: ['--pids-limit', 'many', 'busybox', 'true'], code: 125, stderr: /invalid argument "many" for "--pids-limit" flag/ });
    await check({ what: 'unknown flag', args: ['--no-such-flag', 'busybox', 'true'], code: 125, stderr: /unknown flag: --no-such-flag/ });
    // the same mistake through `exec`, whose status is also the process's own
    const exec = await d.berth(['exec', '--no-such-flag', 'holder', 'true']);
    assert.deepEqual([exec.code, /unknown flag: --no-such-flag/.test(exec.stderr)], [125, true], exec.stderr);
  });

  it('leaves no container behind: only the holder is left', async () => {
    assert.deepEqual((await d.berthOk(['ps', '-aq', '--no-trunc'])).split('\n').filter(Boolean), [holderId]);
    assert.deepEqual((await d.dockerOk(['ps', '-aq', '--no-trunc'])).split('\n').filter(Boolean), [holderId]);
  });
});
