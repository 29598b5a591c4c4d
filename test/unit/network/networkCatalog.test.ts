import { strict as assert } from 'node:assert';
import { parseCidr } from '../../../engine/src/network/ipv4';
import { NetworkCatalog } from '../../../engine/src/network/networkCatalog';

const catalog = (hostRoutes: string[] = ['192.0.2.0/24']) => {
  const c = new NetworkCatalog({ defaultBridge: 'berth0', hostSubnets: () => hostRoutes.map((r) => parseCidr(r)) });
  c.load([]);
  return c;
};

describe('NetworkCatalog', () => {
  it('adds the predefined networks once: bridge (default, NAT, Docker\'s options), host, none', () => {
    const c = new NetworkCatalog({ hostSubnets: () => [parseCidr('172.17.0.0/16')] });
    const added = c.load([]);
    assert.deepEqual(added.map((n) => [n.name, n.driver]), [['none', 'null'], ['host', 'host'], ['bridge', 'bridge']]);
    const bridge = c.get('bridge');
    assert.deepEqual(bridge.ipam, { subnet: '172.18.0.0/16', gateway: '172.18.0.1' }, 'skips the subnet the host routes');
    assert.equal(bridge.bridge, 'berth0');
    assert.equal(bridge.options['com.docker.network.bridge.default_bridge'], 'true');
    assert.ok(bridge.predefined && bridge.masquerade);
    assert.deepEqual(new NetworkCatalog().load(c.list()), [], 'nothing added to a loaded catalog');
  });

  it('looks networks up as Docker does: id, name, unique id prefix', () => {
    const c = catalog();
    const a = c.define({ name: 'alpha' });
    c.add(a);
    assert.equal(c.get(a.id).name, 'alpha');
    assert.equal(c.get('alpha').id, a.id);
    assert.equal(c.get(a.id.slice(0, 6)).name, 'alpha');
    assert.throws(() => c.get('nope'), /network nope not found/);
    assert.throws(() => c.get(''), /not found|ambiguous/);
  });

  it('defines a bridge network: subnet of its own, .1 gateway, br-<id> bridge, masquerade on', () => {
    const c = catalog(['172.17.0.0/16']);
    const n = c.define({ name: 'web', labels: { a: 'b' } });
    assert.equal(n.bridge, `br-${n.id.slice(0, 12)}`);
    assert.deepEqual(n.ipam, { subnet: '172.19.0.0/16', gateway: '172.19.0.1' }, 'not the host\'s, not the default bridge\'s (172.18)');
    assert.ok(n.masquerade && !n.internal && !n.predefined);
    assert.deepEqual(n.labels, { a: 'b' });
    const custom = c.define({ name: 'custom', subnet: '10.5.0.0/16', gateway: '10.5.0.254', ipRange: '10.5.1.0/24', internal: true, options: { 'com.docker.network.bridge.name': 'mybr', 'com.docker.network.bridge.enable_ip_masquerade': 'false', 'com.docker.network.driver.mtu': '1400' } });
    assert.deepEqual(custom.ipam, { subnet: '10.5.0.0/16', gateway: '10.5.0.254', ipRange: '10.5.1.0/24' });
    assert.equal(custom.bridge, 'mybr');
    assert.equal(custom.masquerade, false);
    assert.equal(custom.mtu, 1400);
  });

  it('refuses what Docker refuses', () => {
    const c = catalog();
    c.add(c.define({ name: 'taken', subnet: '10.9.0.0/16' }));
    assert.throws(() => c.define({ name: 'taken' }), /network with name taken already exists/);
    assert.throws(() => c.define({ name: 'bridge' }), /network with name bridge already exists/);
    assert.throws(() => c.define({ name: '-x' }), /invalid network name "-x"/);
    assert.throws(() => c.define({ name: 'o', driver: 'overlay' }), /network driver "overlay" is not supported/);
    assert.throws(() => c.define({ name: 'v6', enableIpv6: true }), /IPv6 is not supported/);
    assert.throws(() => c.define({ name: 'o', subnet: '10.9.128.0/17' }), /Pool overlaps with other one on this address space: 10\.9\.128\.0\/17 overlaps network taken/);
    assert.throws(() => c.define({ name: 'o', subnet: '10.8.0.0/16', gateway: '10.7.0.1' }), /gateway 10\.7\.0\.1 is not a host address of subnet 10\.8\.0\.0\/16/);
    assert.throws(() => c.define({ name: 'o', subnet: '10.8.0.0/16', ipRange: '10.7.0.0/24' }), /ip range 10\.7\.0\.0\/24 is not inside subnet/);
    assert.throws(() => c.define({ name: 'o', gateway: '10.7.0.1' }), /need --subnet/);
    assert.throws(() => c.define({ name: 'o', subnet: '10.8.0.0/31' }), /too small/);
    assert.throws(() => c.define({ name: 'o', options: { 'com.docker.network.bridge.name': 'a-name-that-is-too-long' } }), /invalid bridge name/);
    assert.throws(() => c.define({ name: 'o', options: { 'com.docker.network.driver.mtu': '9' } }), /an MTU of 68-65535/);
  });
});
