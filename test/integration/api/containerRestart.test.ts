// berthd killed with SIGKILL while containers run, then started again: the containers are still
// listed and still running (conmon held them), one that exited meanwhile shows its exit code, and
// attach, exec, logs, published ports, stop and rm all work through the new daemon.
import * as assert from 'node:assert/strict';
import { mkdirSync, watch, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { hostNames } from '../../../engine/src/daemon/hostNames';
import { containerLeftovers, PtySession, startContainerDaemon, type ContainerDaemon } from './containerDaemon';

function httpGet(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body));
    }).on('error', reject).end();
  });
}

/** Resolves when conmon has written the container's exit file (it does so without berthd). */
function exitFileWritten(dir: string, id: string): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watch(dir, (_event, name) => {
      if (name === id) {
        watcher.close();
        resolve();
      }
    });
  });
}

describe('berthd killed (SIGKILL) with running containers, then restarted', function () {
  this.timeout(120_000);
  let d: ContainerDaemon;

  before(async () => {
    d = await startContainerDaemon('ctrcrash');
  });
  after(() => d?.close());

  it('keeps them running and manageable: ps, logs, exec, attach, ports, stop, rm', async () => {
    const ctl = join(d.dir, 'ctl');
    mkdirSync(ctl);
    const shell = (await d.dockerOk(['run', '-dit', '--name', 'shell', 'busybox', 'sh'])).trim();
    const web = (await d.dockerOk(['run', '-d', '--name', 'web', '-p', '0:80', 'busybox', 'sh', '-c', 'echo up > /tmp/index.html; httpd -p 80 -h /tmp; echo ready; exec sleep 1000'])).trim();
    await d.waitForLog('web', 'ready');
    const port = Number(/:(\d+)$/.exec((await d.dockerOk(['port', 'web', '80'])).trim())?.[1]);
    const quitter = (await d.dockerOk(['run', '-d', '--name', 'quitter', '-v', `${ctl}:/ctl`, 'busybox', 'sh', '-c', 'echo waiting; while [ ! -e /ctl/go ]; do sleep 0.1; done; exit 9'])).trim();
    await d.waitForLog('quitter', 'waiting');
    const pids = (await d.dockerOk(['inspect', '-f', '{{.State.Pid}}', 'shell', 'web'])).trim();

    await d.crashAndRestart(async () => {
      // the quitter exits while no daemon runs; conmon records it
      const recorded = exitFileWritten(join(hostNames(d.root).execRoot, 'runtime', 'exits'), quitter);
      writeFileSync(join(ctl, 'go'), '');
      await recorded;
    });

    const ps = await d.dockerOk(['ps', '-a', '--format', '{{.Names}} {{.State}}']);
    assert.deepEqual(ps.trim().split('\n').sort(), ['quitter exited', 'shell running', 'web running']);
    assert.equal((await d.dockerOk(['inspect', '-f', '{{.State.ExitCode}}', 'quitter'])).trim(), '9');
    assert.equal((await d.dockerOk(['inspect', '-f', '{{.State.Pid}}', 'shell', 'web'])).trim(), pids, 'the same processes');
    assert.equal(await d.dockerOk(['logs', 'web']), 'ready\n');
    assert.equal(await httpGet(port), 'up\n', 'the published port survived');
    assert.equal(await d.dockerOk(['exec', 'web', 'cat', '/tmp/index.html']), 'up\n');

    const attach = new PtySession('docker attach shell', d.env);
    attach.write('echo after-restart-$((20+3))\r');
    await attach.expect(/after-restart-23/);
    attach.write('\x10\x11');
    await attach.exited;

    assert.equal((await d.dockerOk(['stop', '-t', '1', 'shell', 'web'])).trim(), 'shell\nweb');
    await d.dockerOk(['rm', 'shell', 'web', 'quitter']);
    // the published port's rules name the container: none may stay behind the restarted daemon's rm
    const left = await containerLeftovers(d.root, [shell, web, quitter]);
    assert.deepEqual(Object.entries(left).filter(([, v]) => v.length > 0), []);
  });
});
