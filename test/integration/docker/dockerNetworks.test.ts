// The docker CLI's networking against berthd: a published port reached from the host, docker port,
// a port already taken, user-defined networks where containers reach each other by name,
// network create/ls/inspect/connect/disconnect/rm/prune, and the container and network events.
import * as assert from 'node:assert/strict';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { containerLeftovers, startContainerDaemon, type ContainerDaemon } from '../api/containerDaemon';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

function httpGet(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/' }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve(body));
    }).on('error', reject).end();
  });
}

// busybox httpd forks into the background once it listens; `ready` is printed after that
const web = (text: string) => ['sh', '-c', `echo ${text} > /tmp/index.html && httpd -p 80 -h /tmp && echo ready && exec sleep 1000`];

describe('the docker CLI against berthd: networks and ports', function () {
  this.timeout(120_000);
  let d: ContainerDaemon;

  before(async () => {
    d = await startContainerDaemon('dockernet');
  });
  after(() => d?.close());

  it('docker run -p: the host reaches the container; docker port and ps show the binding; the port is taken until the container stops', async () => {
    const port = await freePort();
    await d.dockerOk(['run', '-d', '--name', 'web', '-p', `${port}:80`, 'busybox', ...web('hello-from-web')]);
    await d.waitForLog('web', 'ready');
    assert.equal(await httpGet(port), 'hello-from-web\n');
    assert.equal((await d.dockerOk(['port', 'web'])).trim(), `80/tcp -> 0.0.0.0:${port}`);
    assert.equal((await d.dockerOk(['port', 'web', '80'])).trim(), `0.0.0.0:${port}`);
    assert.match(await d.dockerOk(['ps', '--format', '{{.Ports}}']), new RegExp(`0\\.0\\.0\\.0:${port}->80/tcp`));
    const taken = await d.docker(['run', '--rm', '-p', `${port}:80`, 'busybox', 'true']);
    assert.equal(taken.code, 125);
    assert.match(taken.stderr, new RegExp(`Bind for 0\\.0\\.0\\.0:${port} failed: port is already allocated`));
    await d.dockerOk(['rm', '-f', 'web']);
    assert.equal((await d.docker(['run', '--rm', '-p', `${port}:80`, 'busybox', 'true'])).code, 0, 'free again after the container is gone');
  });

  it('docker run -P publishes the exposed ports on free host ports', async () => {
    await d.dockerOk(['run', '-d', '--name', 'pub', '--expose', '80', '-P', 'busybox', ...web('published')]);
    await d.waitForLog('pub', 'ready');
    const port = Number(/0\.0\.0\.0:(\d+)/.exec(await d.dockerOk(['port', 'pub', '80/tcp']))?.[1]);
    assert.ok(port > 0);
    assert.equal(await httpGet(port), 'published\n');
    await d.dockerOk(['rm', '-f', 'pub']);
  });

  it('containers on a user network reach each other by name; connect and disconnect change that', async () => {
    const id = (await d.dockerOk(['network', 'create', 'appnet'])).trim();
    assert.match(id, /^[0-9a-f]{64}$/);
    assert.match(await d.dockerOk(['network', 'ls']), /^[0-9a-f]{12}\s+appnet\s+bridge\s+local$/m);
    const dup = await d.docker(['network', 'create', 'appnet']);
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /network with name appnet already exists/);
    await d.dockerOk(['run', '-d', '--name', 'api', '--network', 'appnet', '--network-alias', 'backend', 'busybox', ...web('from-api')]);
    await d.waitForLog('api', 'ready');
    assert.equal(await d.dockerOk(['run', '--rm', '--network', 'appnet', 'busybox', 'wget', '-qO-', 'http://api/']), 'from-api\n');
    assert.equal(await d.dockerOk(['run', '--rm', '--network', 'appnet', 'busybox', 'wget', '-qO-', 'http://backend/']), 'from-api\n', 'by alias');
    const members = await d.dockerOk(['network', 'inspect', '-f', '{{range .Containers}}{{.Name}}{{end}}', 'appnet']);
    assert.equal(members.trim(), 'api');

    // a container on the default network joins appnet while it runs, then leaves it
    await d.dockerOk(['run', '-d', '--name', 'client', '--init', 'busybox', 'sleep', '1000']);
    await d.dockerOk(['network', 'connect', 'appnet', 'client']);
    assert.equal(await d.dockerOk(['exec', 'client', 'wget', '-qO-', 'http://api/']), 'from-api\n');
    const networks = await d.dockerOk(['inspect', '-f', '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}', 'client']);
    assert.deepEqual(networks.trim().split(' ').sort(), ['appnet', 'bridge']);
    await d.dockerOk(['network', 'disconnect', 'appnet', 'client']);
    assert.notEqual((await d.docker(['exec', 'client', 'wget', '-T', '2', '-qO-', 'http://api/'])).code, 0);

    // a stopped container connected to appnet is on it at its next start
    await d.dockerOk(['stop', 'client']);
    await d.dockerOk(['network', 'connect', 'appnet', 'client']);
    await d.dockerOk(['start', 'client']);
    assert.equal(await d.dockerOk(['exec', 'client', 'wget', '-qO-', 'http://api/']), 'from-api\n');

    const busy = await d.docker(['network', 'rm', 'appnet']);
    assert.equal(busy.code, 1);
    assert.match(busy.stderr, /has active endpoints/);
    await d.dockerOk(['rm', '-f', 'api', 'client']);
    assert.equal((await d.dockerOk(['network', 'rm', 'appnet'])).trim(), 'appnet');
    assert.doesNotMatch(await d.dockerOk(['network', 'ls']), /appnet/);
  });

  it('--network none has only loopback; --network host shares the host\'s interfaces', async () => {
    assert.equal((await d.dockerOk(['run', '--rm', '--network', 'none', 'busybox', 'sh', '-c', 'ls /sys/class/net'])).trim(), 'lo');
    const hostLinks = (await d.dockerOk(['run', '--rm', '--network', 'host', 'busybox', 'ls', '/sys/class/net'])).trim().split('\n');
    assert.ok(hostLinks.length > 1, `host interfaces: ${hostLinks.join(' ')}`);
  });

  it('network prune removes unused networks only', async () => {
    await d.dockerOk(['network', 'create', 'unused1']);
    await d.dockerOk(['network', 'create', 'inuse']);
    await d.dockerOk(['run', '-d', '--name', 'holder', '--network', 'inuse', 'busybox', 'sleep', '1000']);
    const pruned = await d.dockerOk(['network', 'prune', '-f']);
    assert.match(pruned, /unused1/);
    assert.doesNotMatch(pruned, /inuse/);
    await d.dockerOk(['rm', '-f', 'holder']);
    await d.dockerOk(['network', 'rm', 'inuse']);
  });

  it('docker events shows the container and network events of a run', async () => {
    const since = (Date.now() / 1000 - 1).toFixed(3);
    await d.dockerOk(['run', '--rm', '--name', 'evt', 'busybox', 'true']);
    const until = (Date.now() / 1000 + 1).toFixed(3);
    const seen = await d.dockerOk(['events', '--since', since, '--until', until, '--format', '{{.Type}} {{.Action}} {{.Actor.Attributes.name}}']);
    const order = ['container create evt', 'container attach evt', 'network connect bridge', 'container start evt', 'container die evt', 'container destroy evt'];
    // each event after the one before it: the window's first second may hold the previous test's
    // network events, which name no container
    let from = seen.indexOf(order[0]!);
    for (const line of order) {
      const at = seen.indexOf(line, from);
      assert.ok(at >= 0, `missing or out of order: ${line} (after position ${from}) in:\n${seen}`);
      from = at;
    }
    assert.match(seen, /network disconnect bridge/);
  });

  it('leaves no veth, netns, iptables rule or cgroup behind', async () => {
    assert.equal((await d.dockerOk(['ps', '-aq'])).trim(), '');
    const left = await containerLeftovers(d.root, []);
    assert.deepEqual(Object.entries(left).filter(([, v]) => v.length > 0), []);
  });
});
