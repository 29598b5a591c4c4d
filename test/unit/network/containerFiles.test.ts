import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeContainerFiles } from '../../../engine/src/network/containerFiles';
import type { AttachmentRecord } from '../../../engine/src/network/networkStore';
import { removeScratch, scratchDir } from '../../fixtures/scratch';

describe('writeContainerFiles', () => {
  let dir: string;
  beforeEach(() => (dir = scratchDir('container-files')));
  afterEach(() => removeScratch(dir));

  const record = (mode: AttachmentRecord['mode']): AttachmentRecord => ({
    containerId: 'c1', name: 'web', mode, state: 'attached', hostname: 'box', domainname: 'example.org',
    files: { hosts: join(dir, 'c1', 'hosts'), resolvConf: join(dir, 'c1', 'resolv.conf'), hostname: join(dir, 'c1', 'hostname') },
    endpoints: [{
      networkId: 'n', ifname: 'eth0', plugins: [],
      endpoint: { networkId: 'n', networkName: 'front', endpointId: 'e', ifname: 'eth0', macAddress: '', ipv4: { address: '10.1.0.2', prefixLength: 24 }, gateway: '10.1.0.1', aliases: ['www'], dnsNames: ['web', 'www', 'box'] },
    }],
    ports: [], extraHosts: [], warnings: [],
  });

  it('writes hostname, hosts with the own names, and resolv.conf; behind systemd-resolved\'s stub, its upstream servers', async () => {
    writeFileSync(join(dir, 'resolv.conf'), 'nameserver 127.0.0.53\noptions edns0\nsearch lan\n');
    writeFileSync(join(dir, 'upstream.conf'), 'nameserver 192.0.2.53\nsearch lan\n');
    const host = { hosts: join(dir, 'etc-hosts'), resolvConf: join(dir, 'resolv.conf'), resolvedConf: join(dir, 'upstream.conf') };
    const r = record('bridge');
    await writeContainerFiles(r, [{ address: '10.1.0.3', names: ['api'] }], host);
    assert.equal(readFileSync(r.files.hostname, 'utf8'), 'box\n');
    assert.match(readFileSync(r.files.hosts, 'utf8'), /^10\.1\.0\.2\tbox\.example\.org box web www\n10\.1\.0\.3\tapi\n$/m);
    assert.match(readFileSync(r.files.resolvConf, 'utf8'), /^nameserver 192\.0\.2\.53\nsearch lan\n$/m);
  });

  it('--network host keeps the stub and the host\'s hosts file', async () => {
    writeFileSync(join(dir, 'resolv.conf'), 'nameserver 127.0.0.53\n');
    writeFileSync(join(dir, 'etc-hosts'), '127.0.0.1 localhost myhost\n');
    const r = record('host');
    await writeContainerFiles(r, [], { hosts: join(dir, 'etc-hosts'), resolvConf: join(dir, 'resolv.conf'), resolvedConf: join(dir, 'missing') });
    assert.equal(readFileSync(r.files.hosts, 'utf8'), '127.0.0.1 localhost myhost\n');
    assert.match(readFileSync(r.files.resolvConf, 'utf8'), /^nameserver 127\.0\.0\.53$/m);
  });
});
