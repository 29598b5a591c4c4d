import { strict as assert } from 'node:assert';
import { formatPublishedPort, portRequestsFromApi, toDockerPortMap } from '../../../engine/src/network/portBindings';

describe('portRequestsFromApi', () => {
  it('reads HostConfig.PortBindings: fixed, random, ranges, specific addresses', () => {
    assert.deepEqual(portRequestsFromApi({
      '80/tcp': [{ HostIp: '', HostPort: '8080' }, { HostIp: '127.0.0.1', HostPort: '' }],
      '53/udp': [{ HostIp: '0.0.0.0', HostPort: '5300-5310' }],
      '443': null,
    }), [
      { containerPort: 443, protocol: 'tcp', hostIp: '' }, // "443" is an integer key: JavaScript lists it first
      { containerPort: 80, protocol: 'tcp', hostIp: '', hostPort: 8080 },
      { containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1' },
      { containerPort: 53, protocol: 'udp', hostIp: '', hostPort: 5300, hostPortEnd: 5310 },
    ]);
  });

  it('adds a random port for each exposed port without a binding when publishing all (-P)', () => {
    const requests = portRequestsFromApi({ '80/tcp': [{ HostIp: '', HostPort: '8080' }] }, ['80/tcp', '9000/udp'], true);
    assert.deepEqual(requests, [{ containerPort: 80, protocol: 'tcp', hostIp: '', hostPort: 8080 }, { containerPort: 9000, protocol: 'udp', hostIp: '' }]);
  });

  it('refuses malformed bindings (untrusted API input)', () => {
    assert.throws(() => portRequestsFromApi([]), /expected an object/);
    assert.throws(() => portRequestsFromApi({ '80/tcp': 'x' }), /expected a list/);
    assert.throws(() => portRequestsFromApi({ '80/tcp': [{ HostPort: 8080 }] }), /must be strings/);
    assert.throws(() => portRequestsFromApi({ '80/tcp': [{ HostIp: '::1', HostPort: '1' }] }), /IPv4 addresses only/);
    assert.throws(() => portRequestsFromApi({ 'eighty/tcp': [] }), /invalid port/);
  });
});

describe('toDockerPortMap', () => {
  it('lists exposed ports as null and published ones with their host bindings, sorted', () => {
    const published = [
      { containerPort: 80, protocol: 'tcp' as const, hostIp: '0.0.0.0', hostPort: 8080 },
      { containerPort: 53, protocol: 'udp' as const, hostIp: '127.0.0.1', hostPort: 5353 },
    ];
    assert.deepEqual(toDockerPortMap(published, ['443/tcp', '80/tcp']), {
      '53/udp': [{ HostIp: '127.0.0.1', HostPort: '5353' }],
      '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }],
      '443/tcp': null,
    });
    assert.equal(formatPublishedPort(published[0]!), '80/tcp -> 0.0.0.0:8080');
  });
});
