import { strict as assert } from 'node:assert';
import { planAttachment, planConnect } from '../../../engine/src/network/attachmentPlan';
import type { NetworkInfo } from '../../../engine/src/network/network';
import { bridgeNetwork } from './fixtures';

const networks: Record<string, NetworkInfo> = {
  bridge: bridgeNetwork('bridge', { predefined: true, ipam: { subnet: '172.17.0.0/16', gateway: '172.17.0.1' } }),
  front: bridgeNetwork('front'),
  vault: bridgeNetwork('vault', { internal: true, ipam: { subnet: '10.3.0.0/24', gateway: '10.3.0.1' } }),
  host: bridgeNetwork('host', { driver: 'host', predefined: true, ipam: undefined, bridge: undefined }),
};
const context = {
  network: (n: string) => {
    const found = networks[n] ?? Object.values(networks).find((x) => x.id === n);
    if (!found) throw new Error(`network ${n} not found`);
    return found;
  },
  defaultBridge: networks.bridge!,
  netnsPath: '/run/berth/network/netns/c1',
  dir: '/run/berth/network/containers/c1',
};
const id = '0123456789abcdef0123';

describe('planAttachment', () => {
  it('defaults to the default bridge, the short id as hostname, and records the networks before anything runs', () => {
    const plan = planAttachment(id, { name: 'web', mode: { kind: 'bridge', networks: [] } }, context);
    assert.deepEqual(plan.networks.map((n) => n.network.name), ['bridge']);
    assert.deepEqual(plan.networks[0]!.dnsNames, [], 'no names on the default bridge');
    const r = plan.record;
    assert.equal(r.hostname, '0123456789ab');
    assert.equal(r.state, 'attaching');
    assert.equal(r.netnsPath, context.netnsPath);
    assert.deepEqual(r.endpoints, [{ networkId: networks.bridge!.id, ifname: 'eth0', plugins: [] }]);
    assert.deepEqual(r.files, { hosts: `${context.dir}/hosts`, resolvConf: `${context.dir}/resolv.conf`, hostname: `${context.dir}/hostname` });
  });

  it('names a container on a user-defined network by name, aliases, short id and hostname', () => {
    const plan = planAttachment(id, { name: 'web', hostname: 'box', mode: { kind: 'bridge', networks: [{ network: 'front', aliases: ['www', 'web'] }, { network: 'vault' }] } }, context);
    assert.deepEqual(plan.networks[0]!.dnsNames, ['web', 'www', '0123456789ab', 'box']);
    assert.deepEqual(plan.record.endpoints.map((e) => e.ifname), ['eth0', 'eth1']);
  });

  it('drops ports with a warning in host and none modes; host mode has no namespace', () => {
    const ports = [{ containerPort: 80, protocol: 'tcp' as const, hostPort: 80 }];
    const host = planAttachment(id, { name: 'h', mode: { kind: 'host' }, ports }, context);
    assert.equal(host.record.netnsPath, undefined);
    assert.deepEqual(host.ports, []);
    assert.deepEqual(host.record.warnings, ['Published ports are discarded when using host network mode']);
    const none = planAttachment(id, { name: 'n', mode: { kind: 'none' }, ports }, context);
    assert.equal(none.record.netnsPath, context.netnsPath);
    assert.deepEqual(none.networks, []);
  });

  it('resolves host-gateway in --add-host to the primary network\'s gateway', () => {
    const plan = planAttachment(id, { name: 'w', mode: { kind: 'bridge', networks: [{ network: 'front' }] }, extraHosts: [{ name: 'gw', address: 'host-gateway' }] }, context);
    assert.deepEqual(plan.record.extraHosts, [{ name: 'gw', address: '10.1.0.1' }]);
  });

  it('refuses names that could break a hosts file and Docker\'s invalid combinations', () => {
    const plan = (request: Parameters<typeof planAttachment>[1]) => () => planAttachment(id, request, context);
    const bridge = { kind: 'bridge' as const, networks: [] };
    assert.throws(plan({ name: 'a b', mode: bridge }), /invalid container name "a b"/);
    assert.throws(plan({ name: 'a', hostname: 'x\n1.2.3.4 evil', mode: bridge }), /invalid hostname/);
    assert.throws(plan({ name: 'a', hostname: 'h'.repeat(64), mode: bridge }), /at most 63/);
    assert.throws(plan({ name: 'a', mode: { kind: 'bridge', networks: [{ network: 'front', aliases: ['#x'] }] } }), /invalid network alias/);
    assert.throws(plan({ name: 'a', mode: bridge, extraHosts: [{ name: 'x', address: 'nowhere' }] }), /invalid --add-host x:nowhere/);
    assert.throws(plan({ name: 'a', mode: bridge, dns: { servers: ['dns.example'] } }), /invalid --dns dns\.example/);
    assert.throws(plan({ name: 'a', mode: { kind: 'bridge', networks: [{ network: 'front' }, { network: 'front' }] } }), /cannot be connected to network front twice/);
    assert.throws(plan({ name: 'a', mode: { kind: 'bridge', networks: [{ network: 'host' }] } }), /network host cannot be combined/);
    assert.throws(plan({ name: 'a', mode: { kind: 'bridge', networks: [{ network: 'bridge', aliases: ['x'] }] } }), /network-scoped alias is supported only for containers in user defined networks/);
    assert.throws(plan({ name: 'a', mode: { kind: 'bridge', networks: [{ network: 'bridge', ipv4Address: '172.17.0.9' }] } }), /user specified IP address is supported on user defined networks only/);
  });
});

describe('planConnect', () => {
  const attached = () => {
    const { record } = planAttachment(id, { name: 'web', mode: { kind: 'bridge', networks: [{ network: 'vault' }] } }, context);
    record.state = 'attached';
    return record;
  };

  it('takes the next free interface name; the first routed network gets the default route', () => {
    const plan = planConnect(attached(), networks.front!, { aliases: ['api'] }, context.network);
    assert.equal(plan.ifname, 'eth1');
    assert.equal(plan.primary, true, 'vault is internal: front brings the way out');
    const r = attached();
    r.endpoints.push({ networkId: networks.front!.id, ifname: 'eth1', plugins: [] });
    assert.equal(planConnect(r, networks.bridge!, {}, context.network).primary, false);
  });

  it('refuses a second connection to the same network and containers in host or none mode', () => {
    assert.throws(() => planConnect(attached(), networks.vault!, {}, context.network), /endpoint with name web already exists in network vault/);
    const none = planAttachment(id, { name: 'n', mode: { kind: 'none' } }, context).record;
    assert.throws(() => planConnect(none, networks.front!, {}, context.network), /uses --network none and cannot be connected/);
  });
});
