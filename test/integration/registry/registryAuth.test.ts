// The real registry with authentication and TLS: htpasswd (Basic), token auth (Bearer, JWTs
// from our token server, verified by docker-registry against the signer's certificate), and TLS
// with a test CA found through certs.d.
import * as assert from 'node:assert/strict';
import { mkdirSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isFailedPrecondition } from '../../../engine/src/image/berthError';
import { validateImage } from '../../../engine/src/image/validateImage';
import { DockerConfigCredentials } from '../../../engine/src/registry/credentialStore';
import { login } from '../../../engine/src/registry/login';
import { pullImage } from '../../../engine/src/registry/pull';
import { pushImage } from '../../../engine/src/registry/push';
import { isRegistryError } from '../../../engine/src/registry/registryError';
import { imageFromStore, writeImage } from '../../../engine/src/store/storeImage';
import { randomImage } from '../../fixtures/memoryImage';
import { installCredentialHelper } from '../../fixtures/registry/credentialHelper';
import { startDockerRegistry, type DockerRegistry } from '../../fixtures/registry/dockerRegistry';
import { makeTestCertificates, type TestCertificates } from '../../fixtures/registry/testCertificates';
import { openTestStore } from '../../fixtures/registry/testStore';
import { TokenServer } from '../../fixtures/registry/tokenServer';
import { removeScratch, requireRoot, scratchDir } from '../../fixtures/scratch';

describe('docker-registry with authentication and TLS', () => {
  let dir: string;
  let certs: TestCertificates;
  const running: DockerRegistry[] = [];
  before(() => {
    requireRoot();
    dir = scratchDir('registry-auth');
    certs = makeTestCertificates(dir);
  });
  after(async () => {
    for (const r of running) await r.stop();
    removeScratch(dir);
  });
  const start = async (name: string, variant: Parameters<typeof startDockerRegistry>[1]) => {
    const r = await startDockerRegistry(join(dir, name), variant);
    running.push(r);
    return r;
  };
  const storeWithImage = async (name: string, ref: string) => {
    const parts = await openTestStore(join(dir, name));
    const { image } = await randomImage(dir, 2);
    const d = await writeImage(parts.content, parts.images, image, ref);
    return { parts, d };
  };
  const dockerConfig = (name: string, value: unknown) => {
    const path = join(dir, name, 'config.json');
    mkdirSync(join(dir, name), { recursive: true });
    writeFileSync(path, JSON.stringify(value));
    return new DockerConfigCredentials(path);
  };

  it('htpasswd: login checks the password; push and pull with config.json auths and a credential helper', async () => {
    const registry = await start('htpasswd', { htpasswd: { alice: 'wonder' } });
    assert.deepEqual(await login(registry.host, 'alice', 'wonder'), { status: 'Login Succeeded' });
    await assert.rejects(login(registry.host, 'alice', 'nope'), (err: Error) => isRegistryError(err) && err.status === 401);
    const ref = `${registry.host}/private/app:1`;
    const { parts, d } = await storeWithImage('htpasswd-src', ref);
    await assert.rejects(pushImage(ref, { store: parts }), /authentication required: log in first \(berth login 127\.0\.0\.1:\d+\)/);
    const credentials = dockerConfig('htpasswd-cfg', { auths: { [registry.host]: { auth: Buffer.from('alice:wonder').toString('base64') } } });
    await pushImage(ref, { store: parts, credentials });

    const helper = installCredentialHelper(join(dir, 'helper'));
    const savedPath = process.env.PATH;
    process.env.PATH = `${helper.bin}:${savedPath}`;
    try {
      const viaHelper = dockerConfig('helper-cfg', { credsStore: helper.name });
      await viaHelper.store(registry.host, { username: 'alice', password: 'wonder' });
      const dst = await openTestStore(join(dir, 'htpasswd-dst'));
      const pulled = await pullImage(ref, { store: dst, credentials: viaHelper });
      assert.equal(pulled.descriptor.digest, d.digest);
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('token auth: Bearer tokens from the realm, identity token from login, 401 says to log in', async () => {
    const tokens = await TokenServer.start({ service: 'berth-registry', issuer: 'berth-test-issuer', users: { bob: 'builder' }, signingCert: certs.signingCert, signingKey: certs.signingKey });
    try {
      const registry = await start('token', { token: { realm: tokens.realm, service: 'berth-registry', issuer: 'berth-test-issuer', rootCertBundle: certs.signingCert } });
      const identity = await login(registry.host, 'bob', 'builder');
      assert.ok(identity.identityToken, 'the realm granted an offline token');
      await assert.rejects(login(registry.host, 'bob', 'wrong'), /incorrect username or password/);
      const ref = `${registry.host}/team/tool:2`;
      const { parts, d } = await storeWithImage('token-src', ref);
      const credentials = dockerConfig('token-cfg', { auths: { [registry.host]: { auth: '', identitytoken: identity.identityToken } } });
      await pushImage(ref, { store: parts, credentials });
      assert.ok(tokens.log.some((r) => r.method === 'POST'), 'the identity token was exchanged with a refresh grant');
      const dst = await openTestStore(join(dir, 'token-dst'));
      await assert.rejects(pullImage(ref, { store: dst }), (err: Error) => isRegistryError(err) && err.status === 401 && /log in first/.test(err.message));
      const pulled = await pullImage(ref, { store: dst, credentials });
      assert.equal(pulled.descriptor.digest, d.digest);
      await validateImage(imageFromStore(dst.content, pulled.manifest));
    } finally {
      await tokens.close();
    }
  });

  it('TLS: a registry signed by an unknown CA is refused, and trusted once certs.d has the CA', async () => {
    const registry = await start('tls', { tls: { cert: certs.serverCert, key: certs.serverKey } });
    const ref = `${registry.host}/secure/app:1`;
    const { parts, d } = await storeWithImage('tls-src', ref);
    const certsDir = join(dir, 'certs.d');
    const verified = { insecure: [] as string[], certsDir };
    await assert.rejects(pushImage(ref, { store: parts, hosts: verified }), (err: Error) => {
      assert.ok(isFailedPrecondition(err));
      assert.match(err.message, new RegExp(`the TLS certificate of ${registry.host} is not trusted .*certs\\.d/${registry.host}/ca\\.crt`));
      return true;
    });
    mkdirSync(join(certsDir, registry.host), { recursive: true });
    copyFileSync(certs.caCert, join(certsDir, registry.host, 'ca.crt'));
    await pushImage(ref, { store: parts, hosts: verified });
    const dst = await openTestStore(join(dir, 'tls-dst'));
    const pulled = await pullImage(ref, { store: dst, hosts: verified });
    assert.equal(pulled.descriptor.digest, d.digest);
    const insecure = await openTestStore(join(dir, 'tls-insecure'));
    const again = await pullImage(ref, { store: insecure, hosts: { insecure: [registry.host] } });
    assert.equal(again.descriptor.digest, d.digest, 'insecure-registries skips verification');
  });
});
