import { strict as assert } from 'node:assert';
import { containerResolvConf, parseResolvConf, renderResolvConf } from '../../../engine/src/network/resolvConf';

const host = parseResolvConf('# comment\nnameserver 127.0.0.53\nnameserver 10.0.0.2 # office\nnameserver fd00::1\ndomain corp\nsearch a.example b.example\noptions edns0 trust-ad\n');

describe('containerResolvConf', () => {
  it('drops loopback and IPv6 resolvers a container in its own namespace cannot reach', () => {
    const conf = containerResolvConf(host, undefined, false);
    assert.deepEqual(conf, { nameservers: ['10.0.0.2'], search: ['a.example', 'b.example'], options: ['edns0', 'trust-ad'] });
    assert.equal(renderResolvConf(conf).split('\n').slice(1).join('\n'), 'nameserver 10.0.0.2\nsearch a.example b.example\noptions edns0 trust-ad\n');
  });

  it('falls back to Docker\'s public resolvers when none is left, keeps the host\'s list for --network host', () => {
    const local = parseResolvConf('nameserver 127.0.0.53\n');
    assert.deepEqual(containerResolvConf(local, undefined, false).nameservers, ['8.8.8.8', '8.8.4.4']);
    assert.deepEqual(containerResolvConf(local, undefined, true).nameservers, ['127.0.0.53']);
  });

  it('lets --dns, --dns-search and --dns-option replace the host\'s settings ("." = no search)', () => {
    const conf = containerResolvConf(host, { servers: ['1.1.1.1'], search: ['.'], options: ['ndots:2'] }, false);
    assert.deepEqual(conf, { nameservers: ['1.1.1.1'], search: [], options: ['ndots:2'] });
  });
});
