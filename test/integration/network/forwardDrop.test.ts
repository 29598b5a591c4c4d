// On a host whose FORWARD policy is DROP (one running Docker, or a hardened firewall) containers
// still talk to each other, reach the outside and serve published ports: berth's per-network rules
// carry them (no per-container firewall rules). Played in a private network (and
// mount) namespace, so the policy change never touches this machine's own firewall.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
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

// Two berth roots on one host (a developer's berthd and a test's, say): each root's chain is jumped
// to from FORWARD, the later one first, and neither root's accepts may let its containers into the
// other's bridge. Played once with FORWARD policy ACCEPT (a plain host) and once with DROP.
const twoRoots = `
  const t = require(process.argv[1]);
  const [dir, tag, policy] = process.argv.slice(2);
  (async () => {
    await t.must('iptables', ['-P', 'FORWARD', policy]);
    const otherTag = ((parseInt(tag, 16) + 1) % 0xffff).toString(16).padStart(4, '0');
    const first = await t.openTestManager(dir + '/first', tag);
    const second = await t.openTestManager(dir + '/second', otherTag);
    const outside = await t.Outside.create(tag, dir);
    const bridge = { kind: 'bridge', networks: [] };
    const a = await first.attach('a' + tag, { name: 'a', mode: bridge });
    const b = await second.attach('b' + tag, { name: 'b', mode: bridge });
    await t.startHttpd(a.netnsPath, '0.0.0.0:80', t.webRoot(dir, 'a'));
    await t.startHttpd(b.netnsPath, '0.0.0.0:80', t.webRoot(dir, 'b'));
    const results = {
      aReachesB: await t.tcpConnects(a.netnsPath, b.endpoints[0].ipv4.address, 80),
      bReachesA: await t.tcpConnects(b.netnsPath, a.endpoints[0].ipv4.address, 80),
      aOut: (await t.httpGet(a.netnsPath, 'http://' + outside.address + '/cgi-bin/addr')).stdout.trim(),
      bOut: (await t.httpGet(b.netnsPath, 'http://' + outside.address + '/cgi-bin/addr')).stdout.trim(),
    };
    for (const c of [a, b]) t.killNetnsProcesses(c.netnsPath);
    await first.detach(a.containerId, { wait: true });
    await second.detach(b.containerId, { wait: true });
    await first.uninstall();
    const afterFirst = (await t.must('iptables-save', [])).split('\\n').filter((l) => l.includes('BT' + tag.toUpperCase())).length;
    await second.uninstall();
    await outside.remove();
    const left = (await t.must('iptables-save', [])).split('\\n').filter((l) => /BT[0-9A-F]{4}-|BERTH/.test(l));
    process.stdout.write(JSON.stringify({ ...results, expectedNat: outside.hostAddress, afterFirst, left }));
  })().catch((e) => { console.error(e); process.exit(3); });`;

// Another engine on the host (Docker, podman) whose FORWARD chains come before berth's and accept
// whatever its containers send, as Docker's `-i docker0 ! -o docker0 -j ACCEPT` does: played by a
// neighbour network (Outside) routing to berth's subnets, with accepts for it inserted above
// berth's jump once berth's rules are in. FORWARD policy DROP, as Docker sets it. A network without
// masquerading is there too: its containers' replies come back addressed to them, and must pass.
const foreignEngine = `
  const t = require(process.argv[1]);
  const [dir, tag] = process.argv.slice(2);
  (async () => {
    await t.must('iptables', ['-P', 'FORWARD', 'DROP']);
    const m = await t.openTestManager(dir, tag);
    const outside = await t.Outside.create(tag, dir);
    const bridge = { kind: 'bridge', networks: [] };
    const web = await m.attach('web' + tag, { name: 'web', mode: bridge, ports: [{ containerPort: 80, protocol: 'tcp', hostPort: 8080 }] });
    await t.startHttpd(web.netnsPath, '0.0.0.0:80', t.webRoot(dir, 'web'));
    await m.createNetwork({ name: 'plain', options: { 'com.docker.network.bridge.enable_ip_masquerade': 'false' } });
    const plain = await m.attach('pl' + tag, { name: 'plain', mode: { kind: 'bridge', networks: [{ network: 'plain' }] } });
    await t.startHttpd(plain.netnsPath, '0.0.0.0:80', t.webRoot(dir, 'plain'));
    for (const network of ['bridge', 'plain']) await outside.routeVia(m.getNetwork(network).ipam.subnet);
    for (const direction of ['-i', '-o']) await t.must('iptables', ['-I', 'FORWARD', '1', direction, outside.hostIf, '-j', 'ACCEPT']);
    const results = {
      foreignFirst: (await t.must('iptables', ['-S', 'FORWARD'])).split('\\n')[1],
      reachesUnpublished: await t.tcpConnects(outside.netns, web.endpoints[0].ipv4.address, 80),
      published: (await t.httpGet(outside.netns, 'http://' + outside.hostAddress + ':8080/')).stdout,
      webOut: (await t.httpGet(web.netnsPath, 'http://' + outside.address + '/cgi-bin/addr')).stdout.trim(),
      reachesPlain: await t.tcpConnects(outside.netns, plain.endpoints[0].ipv4.address, 80),
      plainOut: (await t.httpGet(plain.netnsPath, 'http://' + outside.address + '/cgi-bin/addr')).stdout.trim(),
      plainAddress: plain.endpoints[0].ipv4.address,
    };
    for (const c of [web, plain]) {
      t.killNetnsProcesses(c.netnsPath);
      await m.detach(c.containerId, { wait: true });
    }
    await m.uninstall();
    await outside.remove();
    const left = (await t.must('iptables-save', [])).split('\\n').filter((l) => /BT[0-9A-F]{4}-|BERTH/.test(l));
    process.stdout.write(JSON.stringify({ ...results, outsideIf: outside.hostIf, expectedNat: outside.hostAddress, left }));
  })().catch((e) => { console.error(e); process.exit(3); });`;

/** Runs a scenario in a network and mount namespace of its own: its firewall changes stay there. */
async function inPrivateNetwork(scenario: string, ...args: string[]): Promise<Record<string, unknown>> {
  const testbed = require.resolve('./netTestbed');
  const child = spawn('unshare', ['-n', '-m', '--propagation', 'private', 'sh', '-c', 'mount -t sysfs sysfs /sys && ip link set lo up && exec "$0" -e "$@"', process.execPath, scenario, testbed, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, out);
  return JSON.parse(out) as Record<string, unknown>;
}

/** A suite of scenarios in private networks, with a scratch directory of its own. */
function privateNetworkSuite(title: string, scratch: string, tests: (dir: () => string) => void): void {
  describe(title, function () {
    this.timeout(60000);
    let dir: string;
    before(() => {
      requireNetworkTools();
      dir = scratchDir(scratch);
    });
    after(() => removeScratch(dir));
    tests(() => dir);
  });
}

privateNetworkSuite('CniNetworkManager: a host with FORWARD policy DROP', 'net-drop', (dir) => {

  it('still connects containers, NATs them out and publishes their ports, and keeps networks apart (internal ones too)', async () => {
    const r = await inPrivateNetwork(scenario, dir(), runTag());
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

privateNetworkSuite('CniNetworkManager: two berth roots on one host', 'net-roots', (dir) => {

  for (const policy of ['ACCEPT', 'DROP']) {
    it(`keeps their bridges apart in both directions, whichever chain comes first (FORWARD policy ${policy}); each root removes only its own rules`, async () => {
      const r = await inPrivateNetwork(twoRoots, join(dir(), policy), runTag(), policy);
      assert.equal(r.aReachesB, false, 'a container of the first root must not reach one of the second');
      assert.equal(r.bReachesA, false, 'a container of the second root (whose chain is jumped to first) must not reach one of the first');
      assert.equal(r.aOut, r.expectedNat, 'both still reach the outside');
      assert.equal(r.bOut, r.expectedNat);
      assert.equal(r.afterFirst, 0, 'the first root\'s uninstall removed all its rules');
      assert.deepEqual(r.left, [], 'nothing of either root is left');
    });
  }
});

privateNetworkSuite('CniNetworkManager: another engine\'s chains before berth\'s', 'net-foreign', (dir) => {

  it('still keeps that engine\'s containers off unpublished ports, and serves published ones; replies reach containers of a network without masquerading', async () => {
    const r = await inPrivateNetwork(foreignEngine, dir(), runTag());
    assert.match(r.foreignFirst as string, new RegExp(`^-A FORWARD -o ${r.outsideIf as string} -j ACCEPT$`), 'the foreign accepts come first');
    assert.equal(r.reachesUnpublished, false, 'a container of the other engine must not reach an unpublished port by the container\'s address');
    assert.equal(r.published, 'web\n');
    assert.equal(r.webOut, r.expectedNat);
    assert.equal(r.reachesPlain, false, 'nor one of a network without masquerading');
    assert.equal(r.plainOut, r.plainAddress, 'a container of a network without masquerading reaches the outside under its own address: the replies come back to it');
    assert.deepEqual(r.left, [], 'the uninstall removed every berth rule, mangle ones included');
  });
});
