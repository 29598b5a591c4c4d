import { strict as assert } from 'node:assert';
import { cidrContains, cidrLast, cidrsOverlap, formatCidr, formatIpv4, parseCidr, parseInterfaceAddress, parseIpv4, tryParseIpv4 } from '../../../engine/src/network/ipv4';

describe('ipv4', () => {
  it('parses strict dotted quads only', () => {
    assert.equal(parseIpv4('172.17.0.2'), 0xac110002);
    assert.equal(formatIpv4(parseIpv4('255.255.255.255')), '255.255.255.255');
    for (const bad of ['1.2.3', '1.2.3.4.5', '01.2.3.4', '256.1.1.1', '1.2.3.-4', ' 1.2.3.4', '1.2.3.4 ', '::1', '']) assert.equal(tryParseIpv4(bad), undefined, bad);
    assert.throws(() => parseIpv4('10.1', 'gateway'), /invalid IPv4 gateway "10\.1"/);
  });

  it('parses subnets, refusing host bits unless asked to clear them', () => {
    assert.deepEqual(parseCidr('10.88.0.0/16'), { network: 0x0a580000, prefixLength: 16 });
    assert.throws(() => parseCidr('10.88.0.1/16'), /host bits are set; did you mean 10\.88\.0\.0\/16\?/);
    assert.equal(formatCidr(parseCidr('10.88.0.1/16', 'x', false)), '10.88.0.0/16');
    for (const bad of ['10.0.0.0', '10.0.0.0/33', '10.0.0.0/-1', '10.0.0.0/08', '10.0.0.0/']) assert.throws(() => parseCidr(bad), /CIDR notation/, bad);
    assert.deepEqual(parseInterfaceAddress('172.17.0.5/16'), { address: parseIpv4('172.17.0.5'), prefixLength: 16 });
  });

  it('answers containment and overlap', () => {
    const a = parseCidr('172.16.0.0/12');
    assert.ok(cidrContains(a, parseIpv4('172.31.255.255')));
    assert.ok(!cidrContains(a, parseIpv4('172.32.0.0')));
    assert.ok(cidrsOverlap(a, parseCidr('172.17.0.0/16')));
    assert.ok(!cidrsOverlap(parseCidr('10.0.0.0/24'), parseCidr('10.0.1.0/24')));
    assert.ok(cidrsOverlap(parseCidr('0.0.0.0/0'), parseCidr('192.168.1.0/24')));
    assert.equal(formatIpv4(cidrLast(parseCidr('10.1.2.0/23'))), '10.1.3.255');
  });
});
