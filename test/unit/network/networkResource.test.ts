import { strict as assert } from 'node:assert';
import type { Attachment, Endpoint } from '../../../engine/src/network/network';
import { toEndpointSettings, toNetworkResource, toNetworkSettings } from '../../../engine/src/network/networkResource';
import { bridgeNetwork } from './fixtures';

const endpoint: Endpoint = {
  networkId: 'n1', networkName: 'bridge', endpointId: 'e1', ifname: 'eth0', macAddress: '02:42:ac:11:00:02',
  ipv4: { address: '172.17.0.2', prefixLength: 16 }, gateway: '172.17.0.1', aliases: [], dnsNames: [],
};

describe('toNetworkResource', () => {
  it('produces Docker\'s NetworkResource with the members', () => {
    const network = bridgeNetwork('front', { labels: { a: 'b' }, ipam: { subnet: '10.1.0.0/24', gateway: '10.1.0.1', ipRange: '10.1.0.128/25' } });
    const r = toNetworkResource({ network, members: [{ containerId: 'c1', name: 'web', endpoint: { ...endpoint, ipv4: { address: '10.1.0.130', prefixLength: 24 } } }] });
    assert.deepEqual(r, {
      Name: 'front', Id: network.id, Created: network.created, Scope: 'local', Driver: 'bridge', EnableIPv6: false,
      IPAM: { Driver: 'default', Options: null, Config: [{ Subnet: '10.1.0.0/24', Gateway: '10.1.0.1', IPRange: '10.1.0.128/25' }] },
      Internal: false, Attachable: false, Ingress: false, ConfigFrom: { Network: '' }, ConfigOnly: false,
      Containers: { c1: { Name: 'web', EndpointID: 'e1', MacAddress: '02:42:ac:11:00:02', IPv4Address: '10.1.0.130/24', IPv6Address: '' } },
      Options: {}, Labels: { a: 'b' },
    });
  });
});

describe('toEndpointSettings / toNetworkSettings', () => {
  it('fills a live endpoint, and leaves a stopped container\'s configuration empty but listed', () => {
    assert.equal(toEndpointSettings(endpoint, { networkId: 'n1' }).IPAddress, '172.17.0.2');
    const stopped = toEndpointSettings(undefined, { networkId: 'n2', aliases: ['db'], ipv4Address: '10.0.0.9' });
    assert.deepEqual([stopped.IPAddress, stopped.EndpointID, stopped.Aliases, stopped.IPAMConfig, stopped.DNSNames], ['', '', ['db'], { IPv4Address: '10.0.0.9' }, null]);
  });

  it('puts the default bridge\'s address at the top, every network under Networks, ports with exposed ones', () => {
    const attachment: Attachment = {
      containerId: 'c1', name: 'web', mode: 'bridge', netnsPath: '/run/ns/c1', hostname: 'c1', files: { hosts: '', resolvConf: '', hostname: '' },
      endpoints: [endpoint], ports: [{ containerPort: 80, protocol: 'tcp', hostIp: '0.0.0.0', hostPort: 8080 }], warnings: [],
    };
    const s = toNetworkSettings(attachment, { bridge: { networkId: 'n1' }, back: { networkId: 'n2' } }, ['80/tcp', '443/tcp']);
    assert.equal(s.IPAddress, '172.17.0.2');
    assert.equal(s.SandboxKey, '/run/ns/c1');
    assert.deepEqual(Object.keys(s.Networks).sort(), ['back', 'bridge']);
    assert.deepEqual(s.Ports, { '80/tcp': [{ HostIp: '0.0.0.0', HostPort: '8080' }], '443/tcp': null });
    const stopped = toNetworkSettings(undefined, { bridge: { networkId: 'n1' } }, ['80/tcp']);
    assert.deepEqual([stopped.IPAddress, stopped.SandboxKey, stopped.Ports, stopped.Networks.bridge!.NetworkID], ['', '', {}, 'n1']);
  });
});
