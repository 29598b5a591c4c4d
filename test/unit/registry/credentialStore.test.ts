// Credentials from Docker's config.json: base64 auths, identity tokens, credsStore and
// credHelpers through a real docker-credential-* program, and saving after a login.
import * as assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isNotFound } from '../../../engine/src/image/berthError';
import { DockerConfigCredentials, dockerHubAuthKey } from '../../../engine/src/registry/credentialStore';
import { installCredentialHelper, type CredentialHelper } from '../../fixtures/registry/credentialHelper';
import { removeScratch, scratchDir } from '../../fixtures/scratch';

describe('DockerConfigCredentials', () => {
  let dir: string;
  let path: string;
  let helper: CredentialHelper;
  let savedPath: string | undefined;
  before(() => {
    dir = scratchDir('creds');
    helper = installCredentialHelper(dir);
    savedPath = process.env.PATH;
    process.env.PATH = `${helper.bin}:${process.env.PATH}`;
  });
  after(() => {
    process.env.PATH = savedPath;
    removeScratch(dir);
  });
  beforeEach(() => {
    path = join(dir, `config-${Math.random().toString(16).slice(2)}.json`);
  });
  const write = (value: unknown) => writeFileSync(path, JSON.stringify(value));
  const b64 = (s: string) => Buffer.from(s).toString('base64');

  it('reads base64 auths, by exact key or by host, and Docker Hub under its legacy key', async () => {
    write({ auths: { 'localhost:5000': { auth: b64('alice:pa:ss') }, 'https://reg.example:8443/v2/': { auth: b64('bob:x') }, [dockerHubAuthKey]: { auth: b64('hub:h') } } });
    const store = new DockerConfigCredentials(path);
    assert.deepEqual(await store.get('localhost:5000'), { username: 'alice', password: 'pa:ss' });
    assert.deepEqual(await store.get('reg.example:8443'), { username: 'bob', password: 'x' });
    assert.deepEqual(await store.get('docker.io'), { username: 'hub', password: 'h' });
    assert.equal(await store.get('other:1'), undefined, 'none configured: anonymous');
  });

  it('reads identity tokens and says what is wrong with a broken file', async () => {
    write({ auths: { 'a:1': { auth: '', identitytoken: 'refresh-me' }, 'b:1': { auth: b64('no-colon') } } });
    const store = new DockerConfigCredentials(path);
    assert.deepEqual(await store.get('a:1'), { identityToken: 'refresh-me' });
    await assert.rejects(store.get('b:1'), /auths\["b:1"\].auth is not base64 of user:password/);
    writeFileSync(path, '{ not json');
    await assert.rejects(store.get('a:1'), new RegExp(`${path}: not a valid Docker config file`));
    assert.equal(await new DockerConfigCredentials(join(dir, 'absent.json')).get('a:1'), undefined);
  });

  it('asks the credential helper named for the registry, else the default one', async () => {
    write({ credsStore: helper.name, credHelpers: { 'special:1': helper.name }, auths: { 'special:1': { auth: b64('file:ignored') } } });
    const store = new DockerConfigCredentials(path);
    await store.store('special:1', { username: 'carol', password: 'c' });
    await store.store('docker.io', { identityToken: 'tok' });
    assert.deepEqual(await store.get('special:1'), { username: 'carol', password: 'c' }, 'the helper wins over auths');
    assert.deepEqual(await store.get('docker.io'), { identityToken: 'tok' }, '<token> user means identity token');
    assert.equal(await store.get('unknown:1'), undefined, '"credentials not found" is no credentials');
    const calls = readFileSync(helper.log, 'utf8');
    assert.match(calls, /^get https:\/\/index\.docker\.io\/v1\/$/m);
    await store.erase('special:1');
    assert.equal(await store.get('special:1'), undefined);
  });

  it('fails clearly when a configured helper is not installed', async () => {
    write({ credsStore: 'nonexistent-helper' });
    await assert.rejects(new DockerConfigCredentials(path).get('x:1'), /docker-credential-nonexistent-helper is configured in config.json but not installed/);
  });

  it('stores credentials in auths (owner-only file), keeping the rest, and erases them', async () => {
    write({ auths: { 'keep:1': { auth: b64('k:k') } }, psFormat: 'table' });
    const store = new DockerConfigCredentials(path);
    await store.store('new:1', { username: 'dave', password: 'd' });
    const saved = JSON.parse(readFileSync(path, 'utf8')) as { auths: Record<string, { auth: string }>; psFormat: string };
    assert.equal(saved.auths['new:1']!.auth, b64('dave:d'));
    assert.equal(saved.psFormat, 'table');
    assert.equal(statSync(path).mode & 0o777, 0o600);
    await store.erase('new:1');
    assert.equal(await store.get('new:1'), undefined);
    await assert.rejects(store.erase('new:1'), (err: Error) => isNotFound(err));
  });
});
