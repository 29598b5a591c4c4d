import { strict as assert } from 'node:assert';
import { endpointPlugins, requestedAddress } from '../../../engine/src/network/cniConfig';
import { bridgeNetwork } from './fixtures';

describe('endpointPlugins', () => {
  it('a primary endpoint without ports: bridge alone (host-local, default route, no per-container masquerade or firewall rules)', () => {
    const plugins = endpointPlugins({ network: bridgeNetwork('web'), ipamDir: '/run/berth/network/ipam/x', primary: true, ports: [] });
    assert.deepEqual(plugins.map((p) => p.type), ['bridge']);
    assert.deepEqual(plugins[0], {
      cniVersion: '1.0.0', name: 'web', type: 'bridge', bridge: 'br-web', isGateway: true, ipMasq: false, hairpinMode: true,
      ipam: { type: 'host-local', dataDir: '/run/berth/network/ipam/x', ranges: [[{ subnet: '10.1.0.0/24', gateway: '10.1.0.1' }]], routes: [{ dst: '0.0.0.0/0' }] },
    });
  });

  it('adds portmap with the published ports (hostIP only when not all addresses)', () => {
    const plugins = endpointPlugins({
      network: bridgeNetwork('web'), ipamDir: '/d', primary: true,
      ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 }, { containerPort: 53, protocol: 'udp', hostIp: '127.0.0.1', hostPort: 5353 }],
    });
    assert.deepEqual(plugins.map((p) => p.type), ['bridge', 'portmap']);
    assert.deepEqual(plugins[1]!.runtimeConfig, { portMappings: [{ hostPort: 8080, containerPort: 80, protocol: 'tcp' }, { hostPort: 5353, containerPort: 53, protocol: 'udp', hostIP: '127.0.0.1' }] });
  });

  it('no default route on a secondary or internal network; ip range and fixed addresses; mtu', () => {
    const ipam = (p: ReturnType<typeof endpointPlugins>) => p[0]!.ipam as { ranges: unknown; routes: unknown };
    assert.deepEqual(ipam(endpointPlugins({ network: bridgeNetwork('a'), ipamDir: '/d', primary: false, ports: [] })).routes, []);
    assert.deepEqual(ipam(endpointPlugins({ network: bridgeNetwork('a', { internal: true }), ipamDir: '/d', primary: true, ports: [] })).routes, []);
    const ranged = bridgeNetwork('r', { ipam: { subnet: '10.2.0.0/16', gateway: '10.2.0.1', ipRange: '10.2.5.0/24' }, mtu: 1400 });
    const p = endpointPlugins({ network: ranged, ipamDir: '/d', primary: true, ports: [] });
    assert.deepEqual(ipam(p).ranges, [[{ subnet: '10.2.0.0/16', gateway: '10.2.0.1', rangeStart: '10.2.5.0', rangeEnd: '10.2.5.255' }]]);
    assert.equal(p[0]!.mtu, 1400);
    const fixed = endpointPlugins({ network: ranged, ipamDir: '/d', primary: true, ports: [], ipv4Address: '10.2.9.9' });
    assert.deepEqual(fixed[0]!.runtimeConfig, { ips: ['10.2.9.9/16'] });
    assert.deepEqual(ipam(fixed).ranges, [[{ subnet: '10.2.0.0/16', gateway: '10.2.0.1' }]]);
  });

  it('refuses a host network', () => {
    assert.throws(() => endpointPlugins({ network: bridgeNetwork('h', { driver: 'host', ipam: undefined, bridge: undefined }), ipamDir: '/d', primary: true, ports: [] }), /has no bridge/);
  });
});

describe('requestedAddress', () => {
  it('accepts host addresses of the subnet only', () => {
    const n = bridgeNetwork('n');
    assert.equal(requestedAddress(n, '10.1.0.9'), '10.1.0.9');
    assert.throws(() => requestedAddress(n, '10.1.1.9'), /not a host address of its subnet 10\.1\.0\.0\/24/);
    assert.throws(() => requestedAddress(n, '10.1.0.255'), /not a host address/);
    assert.throws(() => requestedAddress(n, '10.1.0.1'), /is the network's gateway/);
    assert.throws(() => requestedAddress(n, 'ten'), /invalid IPv4 address \(--ip\)/);
  });
});
