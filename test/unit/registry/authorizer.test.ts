// Authorization: challenges parsed from hostile headers, Basic and Bearer flows against the
// in-process registry and token server, and where credentials may (and may not) travel.
import * as assert from 'node:assert/strict';
import { isFailedPrecondition } from '../../../engine/src/image/berthError';
import { Authorizer } from '../../../engine/src/registry/authorizer';
import { parseChallenges } from '../../../engine/src/registry/challenge';
import { StaticCredentials } from '../../../engine/src/registry/credentialStore';
import { HttpTransport } from '../../../engine/src/registry/httpTransport';
import { login } from '../../../engine/src/registry/login';
import { pullImage } from '../../../engine/src/registry/pull';
import { isRegistryError } from '../../../engine/src/registry/registryError';
import { randomImage } from '../../fixtures/memoryImage';
import { blobGet, redirect } from '../../fixtures/registry/faults';
import { MemoryRegistry } from '../../fixtures/registry/memoryRegistry';
import { buildImage, seedImage, type SeededImage } from '../../fixtures/registry/seedImages';
import { makeTestCertificates } from '../../fixtures/registry/testCertificates';
import { openTestStore } from '../../fixtures/registry/testStore';
import { TokenServer } from '../../fixtures/registry/tokenServer';
import { removeScratch, scratchDir } from '../../fixtures/scratch';

describe('parseChallenges', () => {
  it('reads Docker\'s challenges and survives malformed ones', () => {
    assert.deepEqual(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:samalba/my-app:pull,push"'), [
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:samalba/my-app:pull,push' } },
    ]);
    assert.deepEqual(parseChallenges(['Basic realm="x y", Bearer realm=https://t/token,error="insufficient_scope"']), [
      { scheme: 'basic', params: { realm: 'x y' } },
      { scheme: 'bearer', params: { realm: 'https://t/token', error: 'insufficient_scope' } },
    ]);
    assert.deepEqual(parseChallenges('Bearer realm="with \\"quote\\""'), [{ scheme: 'bearer', params: { realm: 'with "quote"' } }]);
    for (const junk of ['', '=', '"', 'Bearer realm="unterminated', ',,,', '\u0000\u0001', 'x'.repeat(100000)]) assert.doesNotThrow(() => parseChallenges(junk));
  });
});

describe('Authorizer realm checks', () => {
  const creds = new StaticCredentials({ 'reg.example': { username: 'u', password: 'p' } });
  it('never sends credentials to a plain-HTTP realm of an HTTPS registry', async () => {
    const transport = new HttpTransport();
    const auth = new Authorizer('reg.example', () => 'https://reg.example', creds, transport);
    assert.ok(auth.learn('Bearer realm="http://127.0.0.1:1/token",service="s"', undefined));
    await assert.rejects(auth.header(['repository:a:pull']), (err: Error) => isFailedPrecondition(err) && /over plain HTTP; refusing/.test(err.message));
    transport.close();
  });
  it('rejects realms that are not HTTP(S) URLs or carry credentials', async () => {
    const transport = new HttpTransport();
    for (const [realm, message] of [['file:///etc/passwd', /not HTTP\(S\)/], ['not a url', /without a valid realm URL/], ['https://x:y@127.0.0.1:1/t', /credentials in its URL/]] as const) {
      const auth = new Authorizer('reg.example', () => 'https://reg.example', creds, transport);
      auth.learn(`Bearer realm="${realm}"`, undefined);
      await assert.rejects(auth.header(['repository:a:pull']), message);
    }
    transport.close();
  });
});

describe('registry authentication', () => {
  let dir: string;
  let registry: MemoryRegistry;
  let tokens: TokenServer;
  let parts: Awaited<ReturnType<typeof openTestStore>>;
  let image: SeededImage;
  before(async () => {
    dir = scratchDir('auth');
    const certs = makeTestCertificates(dir);
    tokens = await TokenServer.start({ service: 'memory', issuer: 'berth-test', users: { alice: 's3cret' }, signingCert: certs.signingCert, signingKey: certs.signingKey });
  });
  after(async () => {
    await tokens.close();
    removeScratch(dir);
  });
  beforeEach(async () => {
    registry = await MemoryRegistry.start();
    parts = await openTestStore(scratchDir('auth-store'));
    image = seedImage(registry, 'private/app', buildImage((await randomImage(dir, 1)).layers), 'latest');
    tokens.log.length = 0;
    tokens.hooks = [];
  });
  afterEach(async () => {
    await registry.close();
    removeScratch(parts.content.root.replace(/\/content$/, ''));
  });
  const ref = () => `${registry.host}/private/app`;
  const alice = () => new StaticCredentials({ [registry.host]: { username: 'alice', password: 's3cret' } });
  const useBearer = () => {
    registry.auth = { kind: 'bearer', realm: tokens.realm, service: 'memory', accepts: (t, s) => tokens.accepts(t, s) };
  };

  it('Basic: asks without credentials first, then sends them to the registry', async () => {
    registry.auth = { kind: 'basic', users: { alice: 's3cret' } };
    await pullImage(ref(), { store: parts, credentials: alice() });
    assert.equal(registry.log[0]!.headers.authorization, undefined);
    assert.ok(registry.log.slice(1).every((r) => r.headers.authorization === `Basic ${Buffer.from('alice:s3cret').toString('base64')}`));
  });

  it('401 without credentials says to log in; refused credentials say so', async () => {
    registry.auth = { kind: 'basic', users: { alice: 's3cret' } };
    await assert.rejects(pullImage(ref(), { store: parts }), (err: Error) => {
      assert.ok(isRegistryError(err) && err.status === 401);
      assert.match(err.message, new RegExp(`authentication required: log in first \\(berth login ${registry.host}\\)$`));
      return true;
    });
    const wrong = new StaticCredentials({ [registry.host]: { username: 'alice', password: 'nope' } });
    await assert.rejects(pullImage(ref(), { store: parts, credentials: wrong }), /the registry refused the credentials for .*: log in again/);
  });

  it('Bearer: credentials go to the realm the registry named, the registry sees only the token', async () => {
    useBearer();
    await pullImage(ref(), { store: parts, credentials: alice() });
    assert.equal(tokens.log.length, 1, 'one token for the pull scope, cached for every request');
    assert.equal(tokens.log[0]!.headers.authorization, `Basic ${Buffer.from('alice:s3cret').toString('base64')}`);
    assert.match(tokens.log[0]!.url, /service=memory&scope=repository%3Aprivate%2Fapp%3Apull/);
    assert.ok(registry.log.every((r) => !String(r.headers.authorization ?? '').startsWith('Basic')), 'the password never reaches the registry');
    assert.ok(registry.log.slice(1).every((r) => String(r.headers.authorization).startsWith('Bearer ')));
  });

  it('Bearer: a blob redirected to a storage host is fetched there without any credentials', async () => {
    useBearer();
    const storage = await MemoryRegistry.start();
    const layer = image.layers[0]!.descriptor.digest;
    storage.putBlob('private/app', image.layers[0]!.bytes);
    registry.hooks.push(redirect(blobGet(layer), (req) => `http://${storage.host}${req.url}`));
    try {
      await pullImage(ref(), { store: parts, credentials: alice() });
      assert.equal(storage.requestsTo(layer).length, 1);
      assert.equal(storage.requestsTo(layer)[0]!.headers.authorization, undefined);
    } finally {
      await storage.close();
    }
  });

  it('a redirect loop ends with an error', async () => {
    registry.hooks.push(redirect(blobGet(image.layers[0]!.descriptor.digest), (req) => req.url!));
    await assert.rejects(pullImage(ref(), { store: parts, retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 1 } }), /more than 5 redirects/);
  });

  it('a token realm that redirects elsewhere does not get to forward the credentials', async () => {
    useBearer();
    const elsewhere = await MemoryRegistry.start();
    tokens.hooks.push(async (req, res) => {
      res.writeHead(307, { location: `http://${elsewhere.host}${req.url}` }).end();
      return true;
    });
    try {
      await assert.rejects(pullImage(ref(), { store: parts, credentials: alice(), retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }));
      assert.ok(elsewhere.log.length > 0, 'the redirect was followed');
      assert.ok(elsewhere.log.every((r) => r.headers.authorization === undefined), 'without the Authorization header');
    } finally {
      await elsewhere.close();
    }
  });

  it('login returns an identity token that later pulls use (OAuth2 refresh grant)', async () => {
    useBearer();
    const result = await login(registry.host, 'alice', 's3cret');
    assert.equal(result.status, 'Login Succeeded');
    assert.ok(result.identityToken);
    await assert.rejects(login(registry.host, 'alice', 'wrong'), /the credentials were refused/);
    tokens.log.length = 0;
    await pullImage(ref(), { store: parts, credentials: new StaticCredentials({ [registry.host]: { identityToken: result.identityToken! } }) });
    assert.equal(tokens.log[0]!.method, 'POST');
    assert.equal(tokens.log[0]!.headers.authorization, undefined, 'the refresh token travels in the form, not as Basic');
  });

  it('login against a Basic registry checks the password', async () => {
    registry.auth = { kind: 'basic', users: { alice: 's3cret' } };
    assert.deepEqual(await login(registry.host, 'alice', 's3cret'), { status: 'Login Succeeded' });
    await assert.rejects(login(registry.host, 'alice', 'wrong'), (err: Error) => isRegistryError(err) && err.status === 401);
  });
});
