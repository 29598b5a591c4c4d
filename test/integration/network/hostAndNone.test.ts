// --network none (a namespace with only lo, up) and --network host (no namespace, the host's files).
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { CniNetworkManager } from '../../../engine/src/network/cniNetworkManager';
import { removeScratch, scratchDir } from '../../fixtures/scratch';
import { httpGet, killNetnsProcesses, must, openTestManager, requireNetworkTools, runTag, startHttpd, webRoot } from './netTestbed';

describe('CniNetworkManager: --network none and host', function () {
  this.timeout(60000);
  let dir: string;
  let tag: string;
  let manager: CniNetworkManager;

  before(async () => {
    requireNetworkTools();
    dir = scratchDir('net-modes');
    tag = runTag();
    manager = await openTestManager(dir, tag);
  });

  after(async () => {
    await manager?.uninstall();
    removeScratch(dir);
  });

  it('none: only lo, up, serving on 127.0.0.1; no route; hosts without the container\'s address', async () => {
    const id = `none${tag}cccccccccccc`;
    const a = await manager.attach(id, { name: 'lonely', mode: { kind: 'none' }, ports: [{ containerPort: 80, protocol: 'tcp', hostPort: 8080 }] });
    try {
      assert.deepEqual(a.endpoints, []);
      assert.deepEqual(a.ports, []);
      assert.deepEqual(a.warnings, ['Published ports are discarded when using none network mode']);
      const links = await must('nsenter', [`--net=${a.netnsPath}`, 'ip', '-o', 'link']);
      assert.deepEqual(links.trim().split('\n').map((l) => l.split(': ')[1]), ['lo']);
      assert.match(links, /LOOPBACK,UP,LOWER_UP/);
      assert.equal((await must('nsenter', [`--net=${a.netnsPath}`, 'ip', 'route'])).trim(), '');
      await startHttpd(a.netnsPath!, '127.0.0.1:80', webRoot(dir, 'lonely'));
      assert.equal((await httpGet(a.netnsPath!, 'http://127.0.0.1/')).stdout, 'lonely\n');
      const hosts = readFileSync(a.files.hosts, 'utf8');
      assert.match(hosts, /^127\.0\.0\.1\tlocalhost$/m);
      assert.doesNotMatch(hosts, new RegExp(a.hostname));
      killNetnsProcesses(a.netnsPath!);
    } finally {
      await manager.detach(id, { wait: true });
    }
    assert.equal(existsSync(a.netnsPath!), false);
  });

  it('host: no namespace, the host\'s name, hosts (plus --add-host) and resolv.conf, ports discarded', async () => {
    const id = `host${tag}cccccccccccc`;
    const a = await manager.attach(id, {
      name: 'sharer', mode: { kind: 'host' }, ports: [{ containerPort: 80, protocol: 'tcp' }],
      extraHosts: [{ name: 'db.example', address: '192.0.2.99' }, { name: 'gw', address: 'host-gateway' }],
    });
    try {
      assert.equal(a.netnsPath, undefined);
      assert.equal(a.hostname, hostname());
      assert.deepEqual(a.warnings, ['Published ports are discarded when using host network mode']);
      const hosts = readFileSync(a.files.hosts, 'utf8');
      assert.ok(hosts.startsWith(readFileSync('/etc/hosts', 'utf8').trimEnd()), 'the host\'s entries first');
      assert.match(hosts, /^192\.0\.2\.99\tdb\.example$/m);
      assert.match(hosts, new RegExp(`^${manager.getNetwork('bridge').ipam!.gateway}\\tgw$`, 'm'), 'host-gateway is the default bridge\'s gateway');
      const nameservers = (text: string) => text.split('\n').filter((l) => l.startsWith('nameserver'));
      assert.deepEqual(nameservers(readFileSync(a.files.resolvConf, 'utf8')), nameservers(readFileSync('/etc/resolv.conf', 'utf8')).map((l) => l.replace(/\s+/, ' ')));
    } finally {
      await manager.detach(id, { wait: true });
    }
    assert.throws(() => manager.getAttachment(id), /has no network attachment/);
  });

  it('refuses host or none mixed with other networks, and aliases or fixed addresses on the default bridge', async () => {
    const id = `mix${tag}cccccccccccc`;
    await assert.rejects(manager.attach(id, { name: 'mix', mode: { kind: 'bridge', networks: [{ network: 'bridge' }, { network: 'host' }] } }), /network host cannot be combined/);
    await assert.rejects(manager.attach(id, { name: 'mix', mode: { kind: 'bridge', networks: [{ network: 'bridge', aliases: ['a'] }] } }), /network-scoped alias is supported only for containers in user defined networks/);
    await assert.rejects(manager.attach(id, { name: 'mix', mode: { kind: 'bridge', networks: [{ network: 'bridge', ipv4Address: '10.1.1.1' }] } }), /user specified IP address is supported on user defined networks only/);
    await assert.rejects(manager.attach(id, { name: 'mix', mode: { kind: 'bridge', networks: [{ network: 'nosuch' }] } }), /network nosuch not found/);
    await assert.rejects(manager.attach(id, { name: 'bad name', mode: { kind: 'none' } }), /invalid container name/);
    assert.deepEqual(manager.listAttachments(), []);
  });
});
