// Endpoints per registry: Docker Hub's host, insecure registries (loopback by default, or the
// configured list), and certs.d CAs and client certificates.
import * as assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isInsecure, registryHost, resolveEndpoints } from '../../../engine/src/registry/registryHosts';
import { removeScratch, scratchDir } from '../../fixtures/scratch';

describe('resolveEndpoints', () => {
  it('sends docker.io to registry-1.docker.io over verified HTTPS', async () => {
    assert.equal(registryHost('docker.io'), 'registry-1.docker.io');
    assert.deepEqual(await resolveEndpoints('docker.io'), [{ domain: 'docker.io', origin: 'https://registry-1.docker.io', tls: { rejectUnauthorized: true } }]);
  });

  it('treats loopback as insecure unless the list is given, and matches hosts, ports and CIDRs', () => {
    for (const host of ['localhost:5000', '127.0.0.1:5000', '127.9.9.9', '[::1]:5000']) assert.ok(isInsecure(host, {}), host);
    assert.equal(isInsecure('127.0.0.1:5000', { insecure: [] }), false);
    assert.equal(isInsecure('reg.lan:5000', {}), false);
    const config = { insecure: ['reg.lan:5000', 'other.lan', '10.1.0.0/16'] };
    assert.ok(isInsecure('reg.lan:5000', config));
    assert.equal(isInsecure('reg.lan:6000', config), false);
    assert.ok(isInsecure('other.lan:1234', config));
    assert.ok(isInsecure('10.1.2.3:5000', config));
    assert.equal(isInsecure('10.2.0.1', config), false);
  });

  it('tries HTTPS without verification, then plain HTTP, for an insecure registry', async () => {
    const endpoints = await resolveEndpoints('reg.lan:5000', { insecure: ['reg.lan:5000'] });
    assert.deepEqual(endpoints.map((e) => [e.origin, e.tls?.rejectUnauthorized]), [['https://reg.lan:5000', false], ['http://reg.lan:5000', undefined]]);
  });

  it('reads certs.d: extra CAs beside the system roots, and a client certificate pair', async () => {
    const dir = scratchDir('certsd');
    try {
      mkdirSync(join(dir, 'reg.example:8443'));
      writeFileSync(join(dir, 'reg.example:8443', 'ca.crt'), 'CA PEM');
      writeFileSync(join(dir, 'reg.example:8443', 'client.cert'), 'CERT PEM');
      writeFileSync(join(dir, 'reg.example:8443', 'client.key'), 'KEY PEM');
      const [endpoint] = await resolveEndpoints('reg.example:8443', { certsDir: dir });
      assert.equal(endpoint!.tls!.ca!.at(-1), 'CA PEM');
      assert.ok(endpoint!.tls!.ca!.length > 1, 'system roots kept');
      assert.equal(endpoint!.tls!.cert, 'CERT PEM');
      assert.equal(endpoint!.tls!.key, 'KEY PEM');
      mkdirSync(join(dir, 'half:1'));
      writeFileSync(join(dir, 'half:1', 'client.cert'), 'x');
      await assert.rejects(resolveEndpoints('half:1', { certsDir: dir }), /client certificate without its key client.key/);
      assert.deepEqual(await resolveEndpoints('none.example', { certsDir: dir }), [{ domain: 'none.example', origin: 'https://none.example', tls: { rejectUnauthorized: true } }]);
    } finally {
      removeScratch(dir);
    }
  });
});
