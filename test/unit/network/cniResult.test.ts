import { strict as assert } from 'node:assert';
import { containerAddress, parseCniError, parseCniResult } from '../../../engine/src/network/cniResult';

const good = {
  cniVersion: '1.0.0',
  interfaces: [{ name: 'br0', mac: '02:42:ac:11:00:01' }, { name: 'veth1', mac: '16:11:c5:9f:a2:0d' }, { name: 'eth0', mac: '6a:a5:3b:ba:d1:70', sandbox: '/run/berth/netns/x' }],
  ips: [{ interface: 2, address: '172.17.0.2/16', gateway: '172.17.0.1' }],
  routes: [{ dst: '0.0.0.0/0' }],
  dns: {},
  extra: 'dropped',
};

describe('parseCniResult', () => {
  it('keeps the known fields of a bridge plugin result and drops the rest', () => {
    const r = parseCniResult(good, 'CNI plugin bridge ADD');
    assert.equal(r.ips[0]!.address, '172.17.0.2/16');
    assert.equal('extra' in r, false);
    assert.deepEqual(containerAddress(r, 'eth0', 'bridge'), { ip: r.ips[0], mac: '6a:a5:3b:ba:d1:70' });
    assert.throws(() => containerAddress(r, 'eth1', 'bridge'), /no IPv4 address for the container's eth1/);
  });

  it('refuses hostile results, naming the field', () => {
    const bad = (patch: Record<string, unknown>) => () => parseCniResult({ ...good, ...patch }, 'CNI plugin evil ADD');
    assert.throws(bad({ ips: [{ address: '172.17.0.2', interface: 2 }] }), /CNI plugin evil ADD returned an invalid result: ips\[0\]\.address "172\.17\.0\.2" is not an address with a prefix length/);
    assert.throws(bad({ ips: [{ address: '172.17.0.2/16', interface: 7 }] }), /ips\[0\]\.interface 7 is not an index into interfaces/);
    assert.throws(bad({ ips: [{ address: '172.17.0.2/16', gateway: 'evil' }] }), /ips\[0\]\.gateway "evil" is not an IP address/);
    assert.throws(bad({ interfaces: [{ name: 'a-very-long-interface-name' }] }), /interfaces\[0\]\.name is not a string of at most 15/);
    assert.throws(bad({ interfaces: [{ name: 'eth0', mac: 'zz' }] }), /interfaces\[0\]\.mac "zz" is not a hardware address/);
    assert.throws(bad({ routes: 'all' }), /routes is not a list/);
    assert.throws(bad({ ips: new Array(300).fill({ address: '1.1.1.1/32' }) }), /ips is not a list \(of at most 256 entries\)/);
    assert.throws(() => parseCniResult('nope', 'x'), /the result is not an object/);
    assert.throws(bad({ ips: [{ address: '172.17.0.2/99' }] }), /not an address with a prefix length/);
  });
});

describe('parseCniError', () => {
  it('reads {code, msg, details} and nothing else', () => {
    assert.deepEqual(parseCniError({ cniVersion: '1.0.0', code: 7, msg: 'bad config', details: 'no subnet' }), { code: 7, msg: 'bad config', details: 'no subnet' });
    assert.equal(parseCniError({ msg: 'no code' }), undefined);
    assert.equal(parseCniError(null), undefined);
  });
});
