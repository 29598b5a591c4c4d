// User-defined networks: create/list/inspect/remove, reaching peers by name and alias through the
// hosts files (updated in place under a live bind mount), isolation from other networks, connect
// and disconnect of a running container, internal networks and fixed addresses.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { once } from 'node:events';
import type { CniNetworkManager } from '../../../engine/src/network/cniNetworkManager';
import type { Attachment } from '../../../engine/src/network/network';
import { toNetworkResource } from '../../../engine/src/network/networkResource';
import { removeScratch, scratchDir } from '../../fixtures/scratch';
import { httpGet, killNetnsProcesses, must, openTestManager, Outside, requireNetworkTools, runTag, startHttpd, tcpConnects, webRoot } from './netTestbed';

describe('CniNetworkManager: user-defined networks', function () {
  this.timeout(60000);
  let dir: string;
  let tag: string;
  let manager: CniNetworkManager;
  let outside: Outside;
  const attached: Attachment[] = [];

  before(async () => {
    requireNetworkTools();
    dir = scratchDir('net-user');
    tag = runTag();
    manager = await openTestManager(dir, tag);
    outside = await Outside.create(tag, dir);
  });

  after(async () => {
    for (const a of attached) if (a.netnsPath) killNetnsProcesses(a.netnsPath);
    for (const a of attached) await manager?.detach(a.containerId, { wait: true });
    await outside?.remove();
    await manager?.uninstall();
    removeScratch(dir);
  });

  async function container(name: string, networks: { network: string; aliases?: string[]; ipv4Address?: string }[], serve = true): Promise<Attachment> {
    const a = await manager.attach(`${name}${tag}bbbbbbbbbbbb`, { name, mode: { kind: 'bridge', networks } });
    attached.push(a);
    if (serve) await startHttpd(a.netnsPath!, '0.0.0.0:80', webRoot(dir, name));
    return a;
  }

  it('creates networks with subnets of their own, lists, inspects and refuses duplicates or overlaps', async () => {
    const front = await manager.createNetwork({ name: 'front', labels: { tier: 'web' } });
    const back = await manager.createNetwork({ name: 'back' });
    assert.notEqual(front.ipam!.subnet, back.ipam!.subnet);
    assert.ok(existsSync(`/sys/class/net/${front.bridge}`), 'the bridge exists from the start');
    assert.deepEqual(manager.listNetworks().map((n) => n.name), ['back', 'bridge', 'front', 'host', 'none']);
    assert.equal(manager.getNetwork(front.id.slice(0, 12)).name, 'front');
    await assert.rejects(manager.createNetwork({ name: 'front' }), /network with name front already exists/);
    await assert.rejects(manager.createNetwork({ name: 'clash', subnet: front.ipam!.subnet }), /Pool overlaps/);
    const resource = toNetworkResource(manager.inspectNetwork('front'));
    assert.equal(resource.Driver, 'bridge');
    assert.deepEqual(resource.Labels, { tier: 'web' });
    assert.deepEqual(resource.Containers, {});
  });

  it('resolves peers by name and alias, and the hosts file of a running container follows peers joining', async () => {
    const web = await container('web', [{ network: 'front', aliases: ['www'] }]);
    const before = statSync(web.files.hosts).ino;
    // a long-lived "container" of its own with web's hosts file already bind-mounted: it must see
    // the api container that joins afterwards, so the file has to change in place
    const reader = spawn('unshare', ['-m', '--propagation', 'private', 'sh', '-c', 'mount --bind "$0" /etc/hosts && echo mounted && read go && exec nsenter --net="$1" busybox wget -q -O - http://api/', web.files.hosts, web.netnsPath!], { stdio: ['pipe', 'pipe', 'inherit'] });
    const [mounted] = (await once(reader.stdout, 'data')) as [Buffer];
    assert.equal(mounted.toString().trim(), 'mounted');
    const api = await container('api', [{ network: 'front' }]);
    const answer = new Promise<string>((resolve) => {
      let out = '';
      reader.stdout.on('data', (d: Buffer) => (out += d.toString()));
      reader.on('close', () => resolve(out));
    });
    reader.stdin.end('go\n');
    assert.equal(await answer, 'api\n');
    assert.equal(statSync(web.files.hosts).ino, before, 'same inode: written in place');
    for (const url of ['http://web/', 'http://www/', `http://${web.containerId.slice(0, 12)}/`]) {
      const r = await httpGet(api.netnsPath!, url, api.files.hosts);
      assert.equal(r.stdout, 'web\n', `${url}: ${r.stderr}`);
    }
    const members = manager.inspectNetwork('front').members.map((m) => m.name).sort();
    assert.deepEqual(members, ['api', 'web']);
  });

  it('keeps networks apart: no route from one network, or the default bridge, into another', async () => {
    const web = attached.find((a) => a.name === 'web')!;
    const other = await container('other', [{ network: 'back' }], false);
    const plain = await container('plain', [{ network: 'bridge' }], false);
    for (const from of [other, plain]) assert.equal(await tcpConnects(from.netnsPath!, web.endpoints[0]!.ipv4.address, 80), false, `${from.name} must not reach front`);
    assert.doesNotMatch(readFileSync(other.files.hosts, 'utf8'), /\bweb\b/);
  });

  it('connects a running container to another network (eth1, names on both) and disconnects it', async () => {
    const other = attached.find((a) => a.name === 'other')!;
    const endpoint = await manager.connect('front', other.containerId, { aliases: ['extra'] });
    assert.equal(endpoint.ifname, 'eth1');
    const links = await must('nsenter', [`--net=${other.netnsPath}`, 'ip', '-o', 'link']);
    assert.match(links, /eth1@/);
    const r = await httpGet(other.netnsPath!, 'http://web/', other.files.hosts);
    assert.equal(r.stdout, 'web\n', r.stderr);
    const web = attached.find((a) => a.name === 'web')!;
    assert.match(readFileSync(web.files.hosts, 'utf8'), new RegExp(`^${endpoint.ipv4.address}\\t.*\\bextra\\b`, 'm'));
    await manager.disconnect('front', other.containerId);
    assert.doesNotMatch(readFileSync(web.files.hosts, 'utf8'), /\bextra\b/);
    assert.doesNotMatch(await must('nsenter', [`--net=${other.netnsPath}`, 'ip', '-o', 'link']), /eth1@/);
    await assert.rejects(manager.disconnect('front', other.containerId), /is not connected to network front/);
  });

  it('drops a container that leaves from its peers\' hosts files', async () => {
    const api = attached.find((a) => a.name === 'api')!;
    const web = attached.find((a) => a.name === 'web')!;
    killNetnsProcesses(api.netnsPath!);
    await manager.detach(api.containerId);
    attached.splice(attached.indexOf(api), 1);
    assert.doesNotMatch(readFileSync(web.files.hosts, 'utf8'), /\bapi\b/);
  });

  it('gives a fixed address with ipv4Address and refuses one outside the subnet', async () => {
    const third = parseInt(tag, 16) % 250;
    const net = await manager.createNetwork({ name: 'fixed', subnet: `10.250.${third}.0/24`, ipRange: `10.250.${third}.128/25` });
    const pinned = await container('pinned', [{ network: 'fixed', ipv4Address: `10.250.${third}.50` }], false);
    assert.equal(pinned.endpoints[0]!.ipv4.address, `10.250.${third}.50`);
    const ranged = await container('ranged', [{ network: 'fixed' }], false);
    assert.ok(Number(ranged.endpoints[0]!.ipv4.address.split('.')[3]) >= 128, 'allocated from the ip range');
    await assert.rejects(manager.attach(`bad${tag}bbbbbbbbbbbb`, { name: 'bad', mode: { kind: 'bridge', networks: [{ network: net.name, ipv4Address: '10.9.9.9' }] } }), /not a host address of its subnet/);
    assert.equal(existsSync(`${dir}/run/netns/bad${tag}bbbbbbbbbbbb`), false, 'nothing created for a refused attach');
  });

  it('an internal network has no way out but its members still reach each other', async () => {
    await manager.createNetwork({ name: 'vault', internal: true });
    const a = await container('vault-a', [{ network: 'vault' }]);
    const b = await container('vault-b', [{ network: 'vault' }], false);
    assert.equal(a.endpoints[0]!.gateway, '');
    assert.doesNotMatch(await must('nsenter', [`--net=${b.netnsPath}`, 'ip', 'route']), /default/);
    assert.equal((await httpGet(b.netnsPath!, 'http://vault-a/', b.files.hosts)).stdout, 'vault-a\n');
    assert.equal(await tcpConnects(b.netnsPath!, outside.address, 80), false);
  });

  it('refuses to remove a network in use or a predefined one; removes it (bridge and rules) once unused', async () => {
    await assert.rejects(manager.removeNetwork('front'), /has active endpoints/);
    await assert.rejects(manager.removeNetwork('bridge'), /pre-defined network and cannot be removed/);
    const back = manager.getNetwork('back');
    const other = attached.find((a) => a.name === 'other')!;
    await manager.detach(other.containerId); // the removal waits for this background teardown
    attached.splice(attached.indexOf(other), 1);
    await manager.removeNetwork('back');
    assert.equal(existsSync(`/sys/class/net/${back.bridge}`), false);
    assert.doesNotMatch(await must('iptables-save', []), new RegExp(back.bridge!));
    assert.throws(() => manager.getNetwork('back'), /network back not found/);
    assert.deepEqual(await manager.pruneNetworks(), []); // front, fixed and vault still have containers
  });
});
