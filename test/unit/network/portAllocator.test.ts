import { strict as assert } from 'node:assert';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { PortAllocator, probeHostPort } from '../../../engine/src/network/portAllocator';
import type { Protocol } from '../../../engine/src/network/network';

const tcp = (hostPort?: number, hostIp = '') => ({ containerPort: 80, protocol: 'tcp' as Protocol, hostIp, ...(hostPort === undefined ? {} : { hostPort }) });
const free = async () => undefined;

describe('PortAllocator', () => {
  it('refuses a port another owner holds, with Docker\'s message naming the holder', async () => {
    const ports = new PortAllocator({ probe: free });
    await ports.reserve('a', 'web', [tcp(8080)]);
    await assert.rejects(ports.reserve('b', 'api', [tcp(8080)]), /^BerthError: Bind for 0\.0\.0\.0:8080 failed: port is already allocated \(by container web\)/);
    await assert.rejects(ports.reserve('b', 'api', [tcp(8080, '127.0.0.1')]), /Bind for 127\.0\.0\.1:8080 failed/);
    assert.deepEqual(await ports.reserve('c', 'dns', [{ containerPort: 53, protocol: 'udp', hostIp: '', hostPort: 8080 }]), [{ containerPort: 53, protocol: 'udp', hostIp: '0.0.0.0', hostPort: 8080 }]);
    assert.deepEqual([...ports.holdersOf([tcp(8080, '10.0.0.1')])], ['a']);
  });

  it('lets specific addresses share a port, and frees everything of an owner on release', async () => {
    const ports = new PortAllocator({ probe: free });
    await ports.reserve('a', 'a', [tcp(9000, '127.0.0.1')]);
    await ports.reserve('b', 'b', [tcp(9000, '127.0.0.2')]);
    await assert.rejects(ports.reserve('c', 'c', [tcp(9000)]), /already allocated \(by container a\)/);
    ports.release('a');
    ports.release('b');
    await ports.reserve('c', 'c', [tcp(9000)]);
  });

  it('allocates all or nothing: a conflict later in the list frees what came before', async () => {
    const ports = new PortAllocator({ probe: free });
    await ports.reserve('a', 'a', [tcp(7001)]);
    await assert.rejects(ports.reserve('b', 'b', [tcp(7000), tcp(7001)]));
    await ports.reserve('c', 'c', [tcp(7000)]);
    await assert.rejects(ports.reserve('d', 'd', [tcp(7002), tcp(7002)]), /7002 failed: port is already allocated \(by container d\)/);
  });

  it('picks random ports from the dynamic range, skipping held ones and ones a host process holds', async () => {
    const busy = new Set([40001, 40002]);
    const probe = async (_p: Protocol, _ip: string, port: number) => {
      if (busy.has(port)) throw Object.assign(new Error('in use'), { code: 'EADDRINUSE' });
    };
    const ports = new PortAllocator({ probe, dynamicRange: { start: 40000, end: 40003 } });
    await ports.reserve('a', 'a', [tcp(40000)]);
    const [p] = await ports.reserve('b', 'b', [tcp()]);
    assert.equal(p!.hostPort, 40003);
    await assert.rejects(ports.reserve('c', 'c', [tcp()]), /no free host port in 40000-40003/);
  });

  it('picks from a host port range (-p 8000-8010:80) the same way', async () => {
    const probe = async (_p: Protocol, _ip: string, port: number) => {
      if (port === 50001) throw Object.assign(new Error('in use'), { code: 'EADDRINUSE' });
    };
    const ports = new PortAllocator({ probe, dynamicRange: { start: 40000, end: 40003 } });
    await ports.reserve('a', 'a', [tcp(50000)]);
    const [p] = await ports.reserve('b', 'b', [{ ...tcp(50000), hostPortEnd: 50002 }]);
    assert.equal(p!.hostPort, 50002);
  });

  it('adopts the ports of attachments found at start', async () => {
    const ports = new PortAllocator({ probe: free });
    ports.adopt('old', 'survivor', [{ containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8088 }]);
    await assert.rejects(ports.reserve('new', 'new', [tcp(8088)]), /by container survivor/);
  });
});

describe('probeHostPort', () => {
  it('fails with EADDRINUSE on a port a process listens on, and passes once it is free', async () => {
    const server = createServer().listen(0, '127.0.0.1');
    await once(server, 'listening');
    const { port } = server.address() as { port: number };
    await assert.rejects(probeHostPort('tcp', '127.0.0.1', port), { code: 'EADDRINUSE' });
    await assert.rejects(probeHostPort('tcp', '0.0.0.0', port), { code: 'EADDRINUSE' });
    server.close();
    await once(server, 'close');
    await probeHostPort('tcp', '127.0.0.1', port);
    await probeHostPort('udp', '127.0.0.1', port);
    await assert.rejects(probeHostPort('tcp', '192.0.2.123', port), { code: 'EADDRNOTAVAIL' });
  });
});
