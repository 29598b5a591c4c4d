import { strict as assert } from 'node:assert';
import { firewallChains, renderRules } from '../../../engine/src/network/firewallRules';
import { bridgeNetwork } from './fixtures';

const chains = firewallChains('BERTH');

describe('renderRules', () => {
  it('per network: everything entering from outside but replies and published ports dropped (in the isolation chain), those and what containers send accepted, subnet masqueraded, its addresses reachable only through its bridge but for replies, and nothing from it to the host loopback (mangle)', () => {
    const text = renderRules(chains, [bridgeNetwork('web')], { forward: true, isolation: true, postrouting: true, prerouting: true });
    assert.equal(text, [
      '*filter',
      ':BERTH-ISOLATE - [0:0]',
      ':BERTH-FORWARD - [0:0]',
      '-A BERTH-ISOLATE -o br-web ! -i br-web -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -m comment --comment "berth web: not published" -j DROP',
      '-A BERTH-FORWARD -j BERTH-ISOLATION',
      '-A BERTH-FORWARD -o br-web -m conntrack --ctstate RELATED,ESTABLISHED -m comment --comment "berth web: replies" -j ACCEPT',
      '-A BERTH-FORWARD -o br-web -m conntrack --ctstate DNAT -m comment --comment "berth web: published ports" -j ACCEPT',
      '-A BERTH-FORWARD -i br-web -o br-web -m comment --comment "berth web: between its containers" -j ACCEPT',
      '-A BERTH-FORWARD -i br-web ! -o br-web -m comment --comment "berth web: outbound" -j ACCEPT',
      'COMMIT',
      '*nat',
      ':BERTH-POSTROUTING - [0:0]',
      '-A BERTH-POSTROUTING -s 10.1.0.0/24 ! -o br-web -m comment --comment "berth web: outbound NAT" -j MASQUERADE',
      'COMMIT',
      '*mangle',
      ':BERTH-PREROUTING - [0:0]',
      '-A BERTH-PREROUTING -d 10.1.0.0/24 ! -i br-web -m addrtype ! --dst-type LOCAL -m conntrack ! --ctstate RELATED,ESTABLISHED -m comment --comment "berth web: only through its bridge" -j DROP',
      '-A BERTH-PREROUTING -i br-web -d 127.0.0.0/8 -m comment --comment "berth web: no loopback destinations" -j DROP',
      'COMMIT',
      '',
    ].join('\n'));
  });

  it('orders the rules so no network lets another in: every drop, internal ones first, is in the isolation chain, which the forward chain reaches before any accept', () => {
    // a published network listed first, an internal one after it (the order networks are created in)
    const lines = renderRules(chains, [bridgeNetwork('a', { bridge: 'br-a' }), bridgeNetwork('b', { bridge: 'br-b', internal: true }), bridgeNetwork('c', { bridge: 'br-c' })], { forward: true, isolation: true, postrouting: true, prerouting: true }).split('\n');
    const indexes = (test: (l: string) => boolean) => lines.flatMap((l, i) => (test(l) ? [i] : []));
    const internalDrops = indexes((l) => l.includes('-i br-b ! -o br-b') && l.endsWith('-j DROP'));
    const drops = indexes((l) => l.endsWith('-j DROP') && !l.startsWith('-A BERTH-PREROUTING '));
    const forward = indexes((l) => l.startsWith('-A BERTH-FORWARD '));
    assert.equal(internalDrops.length, 1);
    assert.ok(internalDrops[0]! < Math.min(...drops.filter((i) => i !== internalDrops[0])), 'the internal drop comes before the others: an internal network may not reach another\'s published ports');
    assert.ok(drops.every((i) => lines[i]!.startsWith('-A BERTH-ISOLATE ')), 'every drop is in the isolation chain');
    assert.equal(lines[forward[0]!], '-A BERTH-FORWARD -j BERTH-ISOLATION', 'the forward chain goes through every root\'s drops first');
    assert.ok(forward.slice(1).every((i) => lines[i]!.endsWith('-j ACCEPT')));
    assert.ok(lines.some((l) => l.includes('-o br-c ! -i br-c') && l.endsWith('-j DROP')));
    assert.ok(lines.some((l) => l.includes('-o br-b ! -i br-b -m conntrack ! --ctstate RELATED,ESTABLISHED ') && l.endsWith('-j DROP')), 'nothing published gets into an internal network');
  });

  it('internal networks drop what leaves and are not masqueraded; missing jumps are added; host/none ignored', () => {
    const text = renderRules(chains, [bridgeNetwork('vault', { internal: true }), bridgeNetwork('plain', { masquerade: false }), bridgeNetwork('host', { driver: 'host', bridge: undefined, ipam: undefined })], { forward: false, isolation: false, postrouting: false, prerouting: false });
    assert.match(text, /-A BERTH-ISOLATE -i br-vault ! -o br-vault .*-j DROP/);
    assert.doesNotMatch(text, /br-vault -m conntrack --ctstate DNAT/);
    assert.doesNotMatch(text, /-i br-vault ! -o br-vault .*-j ACCEPT/);
    assert.match(text, /-i br-vault -o br-vault .*-j ACCEPT/);
    assert.doesNotMatch(text, /MASQUERADE/);
    assert.match(text, /^-I FORWARD 1 -j BERTH-FORWARD$/m);
    assert.match(text, /^-A BERTH-ISOLATION -j BERTH-ISOLATE$/m);
    assert.doesNotMatch(text, /^:BERTH-ISOLATION /m, 'the shared chain is never declared (that would flush the other roots\' jumps)');
    assert.match(text, /^-A POSTROUTING -j BERTH-POSTROUTING$/m);
    assert.match(text, /^-A PREROUTING -j BERTH-PREROUTING$/m);
    assert.match(text, /^-A BERTH-PREROUTING -d 10\.1\.0\.0\/24 ! -i br-vault .*-j DROP$/m, 'an internal network\'s addresses too');
    assert.doesNotMatch(text, /host/);
  });

  it('keeps quotes out of comments (network names are user input)', () => {
    assert.doesNotMatch(renderRules(chains, [bridgeNetwork('a"b', { bridge: 'br-x' })], { forward: true, isolation: true, postrouting: true, prerouting: true }), /a"b/);
  });
});

describe('firewallChains', () => {
  it('refuses chain prefixes iptables would not take', () => {
    assert.deepEqual(firewallChains('BT1'), { forward: 'BT1-FORWARD', isolate: 'BT1-ISOLATE', postrouting: 'BT1-POSTROUTING', prerouting: 'BT1-PREROUTING' });
    assert.throws(() => firewallChains('berth'), /invalid iptables chain prefix/);
    assert.throws(() => firewallChains('A-VERY-LONG-PREFIX-NAME'), /invalid iptables chain prefix/);
  });
});
