import { strict as assert } from 'node:assert';
import { formatCidr, parseCidr } from '../../../engine/src/network/ipv4';
import { chooseSubnet, parseRouteTable } from '../../../engine/src/network/subnetPool';

describe('chooseSubnet', () => {
  it('takes Docker\'s pools in order, skipping what the host or other networks use', () => {
    assert.equal(formatCidr(chooseSubnet([])), '172.17.0.0/16');
    assert.equal(formatCidr(chooseSubnet([parseCidr('172.17.0.0/16'), parseCidr('172.18.5.0/24')])), '172.19.0.0/16');
    assert.equal(formatCidr(chooseSubnet([parseCidr('172.16.0.0/12')])), '192.168.0.0/20');
    assert.equal(formatCidr(chooseSubnet([parseCidr('172.16.0.0/12'), parseCidr('192.168.1.0/24')])), '192.168.16.0/20');
  });

  it('says what to do when every subnet is taken', () => {
    assert.throws(() => chooseSubnet([parseCidr('0.0.0.0/1'), parseCidr('128.0.0.0/1')]), /no free subnet .*berth network prune.*--subnet/);
  });
});

describe('parseRouteTable', () => {
  it('reads /proc/net/route (little-endian hex) without the default route', () => {
    const table = [
      'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
      'eth0\t00000000\t010200C0\t0003\t0\t0\t0\t00000000\t0\t0\t0',
      'eth0\t000200C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0',
      'docker0\t000011AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0',
      'junk line',
    ].join('\n');
    assert.deepEqual(parseRouteTable(table).map(formatCidr), ['192.0.2.0/24', '172.17.0.0/16']);
  });
});
