import { strict as assert } from 'node:assert';
import { parsePortKey, parsePortSpec, portKey } from '../../../engine/src/network/portSpec';

describe('parsePortSpec', () => {
  it('reads docker run -p forms', () => {
    assert.deepEqual(parsePortSpec('80'), [{ containerPort: 80, protocol: 'tcp', hostIp: '' }]);
    assert.deepEqual(parsePortSpec('8080:80'), [{ containerPort: 80, protocol: 'tcp', hostIp: '', hostPort: 8080 }]);
    assert.deepEqual(parsePortSpec('127.0.0.1:8080:80/udp'), [{ containerPort: 80, protocol: 'udp', hostIp: '127.0.0.1', hostPort: 8080 }]);
    assert.deepEqual(parsePortSpec('127.0.0.1::80'), [{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1' }]);
    assert.deepEqual(parsePortSpec('53/UDP'), [{ containerPort: 53, protocol: 'udp', hostIp: '' }]);
  });

  it('maps ranges one to one, or a host range as the choice for one container port', () => {
    assert.deepEqual(parsePortSpec('8000-8001:80-81').map((r) => [r.hostPort, r.containerPort]), [[8000, 80], [8001, 81]]);
    assert.deepEqual(parsePortSpec('8000-8010:80'), [{ containerPort: 80, protocol: 'tcp', hostIp: '', hostPort: 8000, hostPortEnd: 8010 }]);
    assert.equal(parsePortSpec('7000-7002').length, 3);
  });

  it('refuses what docker refuses, with its words', () => {
    assert.throws(() => parsePortSpec('8000-8002:80-81'), /invalid ranges specified for container and host Ports: 80-81 and 8000-8002/);
    assert.throws(() => parsePortSpec('80/icmp'), /invalid proto: icmp/);
    assert.throws(() => parsePortSpec('1.2.3:80:80'), /invalid IP address: 1\.2\.3/);
    assert.throws(() => parsePortSpec('8080:'), /no port specified: 8080:<empty>/);
    assert.throws(() => parsePortSpec('0'), /invalid containerPort: 0/);
    assert.throws(() => parsePortSpec('70000:80'), /invalid hostPort: 70000/);
    assert.throws(() => parsePortSpec('[::1]:80:80'), /IPv6/);
  });
});

describe('portKey / parsePortKey', () => {
  it('round-trips Docker\'s "80/tcp" keys, tcp by default', () => {
    assert.equal(portKey({ containerPort: 80, protocol: 'udp' }), '80/udp');
    assert.deepEqual(parsePortKey('443'), { containerPort: 443, protocol: 'tcp' });
    assert.throws(() => parsePortKey('80-81/tcp'), /a single port expected/);
  });
});
