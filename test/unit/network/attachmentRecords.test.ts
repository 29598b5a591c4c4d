import { strict as assert } from 'node:assert';
import { endpointFrom, peersOf, toAttachment } from '../../../engine/src/network/attachmentRecords';
import type { CniResult } from '../../../engine/src/network/cniResult';
import type { AttachmentRecord } from '../../../engine/src/network/networkStore';
import type { Endpoint } from '../../../engine/src/network/network';
import { bridgeNetwork } from './fixtures';

const net = bridgeNetwork('front', { ipam: { subnet: '10.1.0.0/24', gateway: '10.1.0.1' } });
const result = (address: string): CniResult => ({
  cniVersion: '1.0.0', routes: [], dns: {},
  interfaces: [{ name: 'br-front' }, { name: 'veth0' }, { name: 'eth0', mac: '02:00:00:00:00:05', sandbox: '/ns' }],
  ips: [{ address, gateway: '10.1.0.1', interface: 2 }],
});

describe('endpointFrom', () => {
  it('builds the endpoint from the plugin\'s result', () => {
    const e = endpointFrom({ network: net, ifname: 'eth0', result: result('10.1.0.5/24'), aliases: ['a'], dnsNames: ['web', 'a'] });
    assert.deepEqual({ ...e, endpointId: e.endpointId.length }, {
      networkId: net.id, networkName: 'front', endpointId: 64, ifname: 'eth0', macAddress: '02:00:00:00:00:05',
      ipv4: { address: '10.1.0.5', prefixLength: 24 }, gateway: '10.1.0.1', aliases: ['a'], dnsNames: ['web', 'a'],
    });
  });

  it('refuses an address outside the network a plugin claims to have attached to', () => {
    assert.throws(() => endpointFrom({ network: net, ifname: 'eth0', result: result('192.168.9.9/24'), aliases: [], dnsNames: [] }), /assigned 192\.168\.9\.9\/24, which is not in the network's subnet 10\.1\.0\.0\/24/);
    assert.throws(() => endpointFrom({ network: net, ifname: 'eth0', result: result('10.1.0.5/16'), aliases: [], dnsNames: [] }), /not in the network's subnet/);
  });
});

describe('peersOf / toAttachment', () => {
  const endpoint = (networkId: string, address: string, names: string[]): Endpoint => ({
    networkId, networkName: 'x', endpointId: 'e', ifname: 'eth0', macAddress: '', ipv4: { address, prefixLength: 24 }, gateway: '', aliases: [], dnsNames: names,
  });
  const record = (id: string, state: AttachmentRecord['state'], endpoints: Endpoint[]): AttachmentRecord => ({
    containerId: id, name: id, mode: 'bridge', state, hostname: id, files: { hosts: '', resolvConf: '', hostname: '' },
    endpoints: endpoints.map((e) => ({ networkId: e.networkId, ifname: e.ifname, plugins: [], endpoint: e })), ports: [], extraHosts: [], warnings: [],
  });

  it('lists attached containers sharing a user-defined network, not the default bridge, not ones leaving', () => {
    const me = record('me', 'attached', [endpoint('user', '10.0.0.2', ['me']), endpoint('default', '172.17.0.2', [])]);
    const all = [
      me,
      record('peer', 'attached', [endpoint('user', '10.0.0.3', ['peer', 'p'])]),
      record('leaving', 'detaching', [endpoint('user', '10.0.0.4', ['leaving'])]),
      record('elsewhere', 'attached', [endpoint('other', '10.9.0.3', ['elsewhere'])]),
      record('onbridge', 'attached', [endpoint('default', '172.17.0.3', [])]),
    ];
    assert.deepEqual(peersOf(me, all, (id) => id !== 'default'), [{ address: '10.0.0.3', names: ['peer', 'p'] }]);
    assert.deepEqual(toAttachment(me).endpoints.map((e) => e.ipv4.address), ['10.0.0.2', '172.17.0.2']);
  });
});
