import { strict as assert } from 'node:assert';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ownNames, renderHostHosts, renderHosts, writeInPlace } from '../../../engine/src/network/hostsFile';
import { removeScratch, scratchDir } from '../../fixtures/scratch';

describe('renderHosts', () => {
  it('writes Docker\'s layout: localhost block, --add-host entries, own addresses, peers', () => {
    const text = renderHosts({
      own: [{ address: '172.18.0.2', names: ownNames('web', 'example.org') }],
      peers: [{ address: '172.18.0.3', names: ['api', 'backend', '0123456789ab'] }, { address: '172.18.0.9', names: [] }],
      extraHosts: [{ name: 'db', address: '192.0.2.7' }],
    });
    assert.equal(text, [
      '127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', 'fe00::\tip6-localnet', 'ff00::\tip6-mcastprefix',
      'ff02::1\tip6-allnodes', 'ff02::2\tip6-allrouters', '192.0.2.7\tdb', '172.18.0.2\tweb.example.org web', '172.18.0.3\tapi backend 0123456789ab', '',
    ].join('\n'));
  });

  it('keeps the host\'s file for --network host and appends --add-host', () => {
    assert.equal(renderHostHosts('127.0.0.1 localhost', [{ name: 'x', address: '10.0.0.1' }]), '127.0.0.1 localhost\n10.0.0.1\tx\n');
    assert.equal(renderHostHosts('', []), '');
  });
});

describe('writeInPlace', () => {
  it('replaces the bytes of the same inode, shorter or longer', async () => {
    const dir = scratchDir('hosts');
    try {
      const file = join(dir, 'hosts');
      writeFileSync(file, 'a much longer first version of the file\n');
      const inode = statSync(file).ino;
      await writeInPlace(file, 'short\n');
      assert.equal(readFileSync(file, 'utf8'), 'short\n');
      await writeInPlace(file, 'longer than short, again\n');
      assert.equal(readFileSync(file, 'utf8'), 'longer than short, again\n');
      assert.equal(statSync(file).ino, inode);
    } finally {
      removeScratch(dir);
    }
  });
});
