// On a host whose FORWARD policy is DROP (one running Docker, or a hardened firewall) containers
// still talk to each other, reach the outside and serve published ports: berth's per-network rules
// carry them (no per-container firewall rules). Played in a private network (and
// mount) namespace, so the policy change never touches this machine's own firewall.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { removeScratch, scratchDir } from '../../fixtures/scratch';
import { requireNetworkTools, runTag } from './netTestbed';

const scenario = `
  const t = require(process.argv[1]);
  const [dir, tag] = process.argv.slice(2);
  (async () => {
    await t.must('iptables', ['-P', 'FORWARD', 'DROP']);
    const m = await t.openTestManager(dir, tag);
    const outside = await t.Outside.create(tag, dir);
    // web and client on a network of their own, stranger on the default bridge: each side tries
    // the other, so whichever network's rules come first, an accept placed too early shows
    await m.createNetwork({ name: 'back' });
    const back = { kind: 'bridge', networks: [{ network: 'back' }] };
    const web = await m.attach('web' + tag, { name: 'web', mode: back, ports: [{ containerPort: 80, protocol: 'tcp', hostPort: 8080 }] });
    const client = await m.attach('cli' + tag, { name: 'client', mode: back });
    const stranger = await m.attach('str' + tag, { name: 'stranger', mode: { kind: 'bridge', networks: [] } });
    // an internal network created after the published one: its drop must still come before
    // back's accept of DNATed traffic, or the insider reaches web through the host's port
    await m.createNetwork({ name: 'vault', internal: true });
    const insider = await m.attach('ins' + tag, { name: 'insider', mode: { kind: 'bridge', networks: [{ network: 'vault' }] } });
    await t.startHttpd(web.netnsPath, '0.0.0.0:80', t.webRoot(dir, 'web'));
    await t.startHttpd(stranger.netnsPath, '0.0.0.0:80', t.webRoot(dir, 'stranger'));
    const results = {
      policy: (await t.must('iptables', ['-S', 'FORWARD'])).split('\\n')[0],
      peer: (await t.httpGet(client.netnsPath, 'http://' + web.endpoints[0].ipv4.address + '/')).stdout,
      nat: (await t.httpGet(client.netnsPath, 'http://' + outside.address + '/cgi-bin/addr')).stdout,
      strangerNat: (await t.httpGet(stranger.netnsPath, 'http://' + outside.address + '/cgi-bin/addr')).stdout,
      strangerReachesWeb: await t.tcpConnects(stranger.netnsPath, web.endpoints[0].ipv4.address, 80),
      clientReachesStranger: await t.tcpConnects(client.netnsPath, stranger.endpoints[0].ipv4.address, 80),
      published: (await t.httpGet(outside.netns, 'http://' + outside.hostAddress + ':8080/')).stdout,
      insiderReachesPublished: await t.tcpConnects(insider.netnsPath, m.getNetwork('vault').ipam.gateway, 8080),
    };
    for (const c of [web, stranger]) t.killNetnsProcesses(c.netnsPath);
    for (const c of [web, client, stranger, insider]) await m.detach(c.containerId, { wait: true });
    await outside.remove();
    await m.uninstall();
    process.stdout.write(JSON.stringify({ ...results, expectedNat: outside.hostAddress }));
  })().catch((e) => { console.error(e); process.exit(3); });`;

describe('CniNetworkManager: a host with FORWARD policy DROP', function () {
  this.timeout(60000);
  let dir: string;
  before(() => {
    requireNetworkTools();
    dir = scratchDir('net-drop');
  });
  after(() => removeScratch(dir));

  it('still connects containers, NATs them out and publishes their ports, and keeps networks apart (internal ones too)', async () => {
    const testbed = require.resolve('./netTestbed');
    const child = spawn('unshare', ['-n', '-m', '--propagation', 'private', 'sh', '-c', 'mount -t sysfs sysfs /sys && ip link set lo up && exec "$0" -e "$1" "$2" "$3" "$4"', process.execPath, scenario, testbed, dir, runTag()], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, out);
    const r = JSON.parse(out) as Record<string, string | boolean>;
    assert.equal(r.policy, '-P FORWARD DROP');
    assert.equal(r.peer, 'web\n');
    assert.equal((r.nat as string).trim(), r.expectedNat);
    assert.equal((r.strangerNat as string).trim(), r.expectedNat, 'a container of the default bridge reaches the outside too');
    assert.equal(r.strangerReachesWeb, false, 'a container of the default bridge must not reach web: one network\'s accepts may not let it into another');
    assert.equal(r.clientReachesStranger, false, 'a container of network back must not reach one of the default bridge');
    assert.equal(r.published, 'web\n');
    assert.equal(r.insiderReachesPublished, false, 'a container of an internal network must not reach a published port through its gateway');
  });
});
