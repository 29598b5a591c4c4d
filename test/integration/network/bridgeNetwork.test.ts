// The default bridge with the real CNI plugins: addresses and files, container to container, NAT to
// the outside, nothing reachable from outside unless published, published TCP and UDP ports from
// the host and from the outside, and CHECK.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { CniNetworkManager } from '../../../engine/src/network/cniNetworkManager';
import type { Attachment } from '../../../engine/src/network/network';
import { removeScratch, scratchDir } from '../../fixtures/scratch';
import {
  droppedPackets, httpGet, inNetns, killNetnsProcesses, must, openTestManager, Outside, requireNetworkTools, run, runTag,
  startHttpd, startUdpEcho, tcpConnects, udpRequest, webRoot,
} from './netTestbed';

describe('CniNetworkManager: the default bridge', function () {
  this.timeout(60000);
  let dir: string;
  let tag: string;
  let manager: CniNetworkManager;
  let outside: Outside;
  let web: Attachment;
  let client: Attachment;
  const webPort = 20000 + Math.floor(Math.random() * 5000);

  before(async () => {
    requireNetworkTools();
    dir = scratchDir('net-bridge');
    tag = runTag();
    manager = await openTestManager(dir, tag);
    outside = await Outside.create(tag, dir);
    web = await manager.attach(`web${tag}aaaaaaaaaaaa`, {
      name: 'web', mode: { kind: 'bridge', networks: [] },
      ports: [{ containerPort: 80, protocol: 'tcp', hostPort: webPort }, { containerPort: 53, protocol: 'udp', hostPort: webPort }],
    });
    client = await manager.attach(`cli${tag}aaaaaaaaaaaa`, { name: 'client', mode: { kind: 'bridge', networks: [{ network: 'bridge' }] } });
    await startHttpd(web.netnsPath!, '0.0.0.0:80', webRoot(dir, 'web'));
  });

  after(async () => {
    for (const a of [web, client]) if (a?.netnsPath) killNetnsProcesses(a.netnsPath);
    await manager?.detach(web?.containerId ?? 'none', { wait: true });
    await manager?.detach(client?.containerId ?? 'none', { wait: true });
    await outside?.remove();
    await manager?.uninstall();
    removeScratch(dir);
  });

  const bridgeNet = () => manager.getNetwork('bridge');

  it('gives the container eth0 with an address of the subnet, a default route via the gateway and lo up', async () => {
    const endpoint = web.endpoints[0]!;
    assert.equal(endpoint.ifname, 'eth0');
    assert.equal(endpoint.networkName, 'bridge');
    assert.equal(endpoint.gateway, bridgeNet().ipam!.gateway);
    assert.match(endpoint.macAddress, /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/);
    const addr = await must('nsenter', [`--net=${web.netnsPath}`, 'ip', '-o', '-4', 'addr', 'show']);
    assert.match(addr, new RegExp(`eth0\\s+inet ${endpoint.ipv4.address.replace(/\./g, '\\.')}/${endpoint.ipv4.prefixLength}`));
    assert.match(addr, /lo\s+inet 127\.0\.0\.1\/8/);
    const routes = await must('nsenter', [`--net=${web.netnsPath}`, 'ip', 'route']);
    assert.match(routes, new RegExp(`default via ${endpoint.gateway.replace(/\./g, '\\.')} dev eth0`));
  });

  it('writes hostname, hosts (own address, no peers on the default bridge) and resolv.conf', () => {
    assert.equal(web.hostname, web.containerId.slice(0, 12));
    assert.equal(readFileSync(web.files.hostname, 'utf8'), `${web.hostname}\n`);
    const hosts = readFileSync(web.files.hosts, 'utf8');
    assert.match(hosts, /^127\.0\.0\.1\tlocalhost$/m);
    assert.match(hosts, new RegExp(`^${web.endpoints[0]!.ipv4.address}\\t${web.hostname}$`, 'm'));
    assert.doesNotMatch(hosts, /client/, 'no name resolution on the default bridge, as in Docker');
    const host = readFileSync('/etc/resolv.conf', 'utf8');
    const resolv = readFileSync(web.files.resolvConf, 'utf8');
    for (const ns of host.match(/^nameserver\s+(\S+)/gm) ?? []) if (!/127\.|::1/.test(ns)) assert.ok(resolv.includes(ns.replace(/\s+/, ' ')), `${ns} kept`);
  });

  it('lets containers on the bridge reach each other by address', async () => {
    const r = await httpGet(client.netnsPath!, `http://${web.endpoints[0]!.ipv4.address}/`);
    assert.equal(r.stdout, 'web\n', r.stderr);
  });

  it('NATs outbound traffic: the outside sees the host, not the container', async () => {
    const r = await httpGet(client.netnsPath!, `http://${outside.address}/cgi-bin/addr`);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), outside.hostAddress);
  });

  it('drops connections from outside to a container address (the port is not published there)', async () => {
    await outside.routeVia(bridgeNet().ipam!.subnet);
    const dropped = () => droppedPackets('mangle', manager.firewall.chains.prerouting, bridgeNet().bridge!, 'only through its bridge');
    const before = await dropped();
    assert.equal(await tcpConnects(outside.netns, web.endpoints[0]!.ipv4.address, 80), false);
    assert.ok(await dropped() > before, 'the mangle rule for the bridge\'s addresses dropped it, before any FORWARD chain');
  });

  it('publishes a TCP port: reachable from the outside and from the host (its address and 127.0.0.1)', async () => {
    const fromOutside = await httpGet(outside.netns, `http://${outside.hostAddress}:${webPort}/cgi-bin/addr`);
    assert.equal(fromOutside.code, 0, fromOutside.stderr);
    assert.equal(fromOutside.stdout.trim(), outside.address, 'DNAT keeps the caller\'s address');
    for (const host of [outside.hostAddress, '127.0.0.1']) {
      const r = await run('busybox', ['wget', '-q', '-O', '-', `http://${host}:${webPort}/`]);
      assert.equal(r.stdout, 'web\n', `${host}: ${r.stderr}`);
    }
  });

  it('publishes a UDP port: a datagram from the outside and from the host is echoed', async () => {
    const echo = await startUdpEcho(web.netnsPath!, 53);
    try {
      assert.equal(await udpRequest(outside.netns, outside.hostAddress, webPort, 'from-outside'), 'echo:from-outside');
      assert.equal(await udpRequest(undefined, outside.hostAddress, webPort, 'from-host'), 'echo:from-host');
    } finally {
      echo.stop();
    }
  });

  it('reaches a published port of another container through the host (hairpin)', async () => {
    const r = await httpGet(client.netnsPath!, `http://${outside.hostAddress}:${webPort}/`);
    assert.equal(r.stdout, 'web\n', r.stderr);
  });

  it('CHECK passes on a healthy endpoint and fails once its veth is gone', async () => {
    await manager.check(client.containerId);
    await inNetns(client.netnsPath!, 'ip', 'link', 'del', 'eth0');
    await assert.rejects(manager.check(client.containerId), /CNI plugin bridge CHECK .* failed/);
  });
});
