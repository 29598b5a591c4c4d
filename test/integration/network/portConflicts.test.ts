// Host ports: taken by another container or by a host process → Docker's error before anything is
// created; -P style random ports; a port freed by a detach is usable again at once.
import * as assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { once } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CniNetworkManager } from '../../../engine/src/network/cniNetworkManager';
import { portRequestsFromApi } from '../../../engine/src/network/portBindings';
import { removeScratch, scratchDir } from '../../fixtures/scratch';
import { killNetnsProcesses, openTestManager, requireNetworkTools, run, runTag, startHttpd, webRoot } from './netTestbed';

describe('CniNetworkManager: published ports', function () {
  this.timeout(60000);
  let dir: string;
  let tag: string;
  let manager: CniNetworkManager;
  const port = 25000 + Math.floor(Math.random() * 5000);
  const bridge = { kind: 'bridge' as const, networks: [] };

  before(async () => {
    requireNetworkTools();
    dir = scratchDir('net-ports');
    tag = runTag();
    manager = await openTestManager(dir, tag);
  });

  after(async () => {
    for (const a of manager?.listAttachments() ?? []) await manager.detach(a.containerId, { wait: true });
    await manager?.uninstall();
    removeScratch(dir);
  });

  const id = (n: string) => `${n}${tag}dddddddddddd`;
  const leftovers = () => readdirSync(join(dir, 'run', 'netns')).length + readdirSync(join(dir, 'run', 'attachments')).length;

  it('refuses a host port another container holds, with Docker\'s message, creating nothing', async () => {
    await manager.attach(id('first'), { name: 'first', mode: bridge, ports: [{ containerPort: 80, protocol: 'tcp', hostPort: port }] });
    const before = leftovers();
    await assert.rejects(
      manager.attach(id('second'), { name: 'second', mode: bridge, ports: [{ containerPort: 8080, protocol: 'tcp', hostPort: port }] }),
      (err: Error) => err.message.includes(`Bind for 0.0.0.0:${port} failed: port is already allocated`) && err.message.includes('first'),
    );
    assert.equal(leftovers(), before);
    assert.equal(existsSync(join(dir, 'run', 'netns', id('second'))), false);
    // a specific address conflicts with "all addresses", another protocol does not
    await assert.rejects(manager.attach(id('second'), { name: 'second', mode: bridge, ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: port }] }), /port is already allocated/);
    const udp = await manager.attach(id('second'), { name: 'second', mode: bridge, ports: [{ containerPort: 80, protocol: 'udp', hostPort: port }] });
    assert.deepEqual(udp.ports, [{ containerPort: 80, protocol: 'udp', hostIp: '0.0.0.0', hostPort: port }]);
    await manager.detach(id('second'), { wait: true });
  });

  it('lets the next container take a port as soon as its holder detached (waiting for the background teardown)', async () => {
    await manager.detach(id('first'));
    const again = await manager.attach(id('third'), { name: 'third', mode: bridge, ports: [{ containerPort: 80, protocol: 'tcp', hostPort: port }] });
    await startHttpd(again.netnsPath!, '0.0.0.0:80', webRoot(dir, 'third'));
    const r = await run('busybox', ['wget', '-q', '-O', '-', `http://127.0.0.1:${port}/`]);
    assert.equal(r.stdout, 'third\n', 'the DNAT of the detached container is gone, the new one answers');
    killNetnsProcesses(again.netnsPath!);
    await manager.detach(id('third'), { wait: true });
  });

  it('refuses a port a host process listens on', async () => {
    const server: Server = createServer();
    server.listen(port + 1, '0.0.0.0');
    await once(server, 'listening');
    try {
      await assert.rejects(
        manager.attach(id('fourth'), { name: 'fourth', mode: bridge, ports: [{ containerPort: 80, protocol: 'tcp', hostPort: port + 1 }] }),
        new RegExp(`Bind for 0\\.0\\.0\\.0:${port + 1} failed: port is already allocated \\(by a process on this host\\)`),
      );
    } finally {
      server.close();
    }
    assert.deepEqual(manager.listAttachments(), []);
  });

  it('publishes every exposed port on a random free port (-P), reachable from the host', async () => {
    const requests = portRequestsFromApi({}, ['80/tcp', '53/udp'], true);
    const a = await manager.attach(id('random'), { name: 'random', mode: bridge, ports: requests });
    const [tcp, udp] = a.ports;
    const range = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    for (const p of [tcp!, udp!]) assert.ok(p.hostPort >= range[0]! && p.hostPort <= range[1]!, `${p.hostPort} in ${range.join('-')}`);
    await startHttpd(a.netnsPath!, '0.0.0.0:80', webRoot(dir, 'random'));
    const r = await run('busybox', ['wget', '-q', '-O', '-', `http://127.0.0.1:${tcp!.hostPort}/`]);
    assert.equal(r.stdout, 'random\n', r.stderr);
    killNetnsProcesses(a.netnsPath!);
    await manager.detach(id('random'), { wait: true });
  });
});
