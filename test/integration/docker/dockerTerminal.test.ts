// The docker CLI's interactive paths against berthd, under a real pseudo-terminal (util-linux's
// `script`): run -it (raw mode, the terminal's size in the container, input, the exit status),
// run -i with piped input, exec -it, attach and detaching with ctrl-p ctrl-q.
import * as assert from 'node:assert/strict';
import { PtySession, startContainerDaemon, type ContainerDaemon } from '../api/containerDaemon';

describe('the docker CLI against berthd: terminals', function () {
  this.timeout(120_000);
  let d: ContainerDaemon;

  before(async () => {
    d = await startContainerDaemon('dockertty');
  });
  after(() => d?.close());

  it('docker run -it: a shell on a TTY of the terminal\'s size, typed input, its exit status', async () => {
    const pty = new PtySession('docker run -it --rm busybox sh', d.env, { rows: 33, cols: 101 });
    await pty.expect(/\/ # /);
    pty.write('tty; stty size; echo $((6*7))\r');
    await pty.expect(/\/dev\/pts\/0\r\n33 101\r\n42\r\n/);
    pty.write('exit 3\r');
    assert.equal(await pty.exited, 3);
    assert.equal((await d.dockerOk(['ps', '-aq'])).trim(), '');
  });

  it('docker run -i: piped input reaches the process, its end is EOF', async () => {
    const r = await d.docker(['run', '-i', '--rm', 'busybox', 'sh', '-c', 'wc -l; echo done'], 'a\nb\nc\n');
    assert.deepEqual([r.code, r.stdout], [0, '3\ndone\n']);
  });

  it('docker exec -it and exec -i into a running container; exec exit codes', async () => {
    await d.dockerOk(['run', '-dit', '--name', 'box', 'busybox', 'sh']);
    const pty = new PtySession('docker exec -it box sh', d.env, { rows: 20, cols: 70 });
    await pty.expect(/\/ # /);
    pty.write('stty size; echo in-$((2+2))\r');
    await pty.expect(/20 70\r\nin-4\r\n/);
    pty.write('exit 4\r');
    assert.equal(await pty.exited, 4);
    assert.equal((await d.docker(['exec', '-i', 'box', 'cat'], 'piped\n')).stdout, 'piped\n');
    assert.equal((await d.docker(['exec', 'box', 'sh', '-c', 'exit 9'])).code, 9);
    assert.equal((await d.docker(['exec', 'box', 'no-such-command'])).code, 127);
    assert.equal((await d.docker(['exec', '-e', 'X=1', '-w', '/tmp', '-u', '1000', 'box', 'sh', '-c', 'echo $X $(pwd) $(id -u)'])).stdout, '1 /tmp 1000\n');
  });

  it('docker attach, then ctrl-p ctrl-q detaches and leaves the container running', async () => {
    const pty = new PtySession('docker attach box', d.env);
    pty.write('echo attached-$((1+1))\r');
    await pty.expect(/attached-2/);
    pty.write('\x10\x11');
    await pty.expect(/read escape sequence/);
    await pty.exited;
    assert.equal((await d.dockerOk(['inspect', '-f', '{{.State.Running}}', 'box'])).trim(), 'true');
  });

  it('docker run -it exits with the status of a shell ended by the container stopping', async () => {
    const pty = new PtySession('docker run -it --name stopped busybox sh', d.env);
    await pty.expect(/\/ # /);
    await d.dockerOk(['kill', 'stopped']);
    assert.equal(await pty.exited, 137);
    await d.dockerOk(['rm', 'stopped', 'box', '-f']);
  });
});
