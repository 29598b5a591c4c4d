// Registry errors as data: parsed distribution error lists, temporary() for retries, bodies
// capped at 64 KB, and URLs that never show a secret.
import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { isFailedPrecondition, isNotFound, isUnavailable } from '../../../engine/src/image/berthError';
import { parseErrorEntries, readErrorBody, redactUrl, RegistryError } from '../../../engine/src/registry/registryError';

describe('RegistryError', () => {
  it('names the action, the codes and the request; kinds follow the status', () => {
    const err = new RegistryError('pull app:1: manifest', 'GET', 'https://r/v2/app/manifests/1', 404, [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }]);
    assert.equal(err.message, 'pull app:1: manifest: MANIFEST_UNKNOWN: manifest unknown (GET https://r/v2/app/manifests/1 → 404)');
    assert.ok(isNotFound(err));
    assert.equal(err.temporary(), false);
    assert.ok(isFailedPrecondition(new RegistryError('a', 'GET', 'u', 401, [])));
    assert.ok(isUnavailable(new RegistryError('a', 'GET', 'u', 503, [])));
  });

  it('is temporary for overload and restarts, by status or by code', () => {
    for (const status of [408, 429, 500, 502, 503, 504]) assert.ok(new RegistryError('a', 'GET', 'u', status, []).temporary(), String(status));
    assert.ok(new RegistryError('a', 'PUT', 'u', 400, [{ code: 'BLOB_UPLOAD_INVALID', message: '' }]).temporary());
    assert.equal(new RegistryError('a', 'PUT', 'u', 400, [{ code: 'DIGEST_INVALID', message: '' }]).temporary(), false);
  });
});

describe('redactUrl', () => {
  it('drops userinfo and secret query values, keeps the public ones', () => {
    assert.equal(redactUrl('https://user:pw@r:5000/v2/app/blobs/uploads/u?_state=abc&digest=sha256%3Aaa&X-Amz-Signature=s'),
      'https://r:5000/v2/app/blobs/uploads/u?_state=REDACTED&digest=sha256%3Aaa&X-Amz-Signature=REDACTED');
    assert.equal(redactUrl('::not a url'), '(unparsable URL)');
  });
});

describe('readErrorBody / parseErrorEntries', () => {
  it('keeps at most 64 KB of a huge body', async () => {
    const huge = Readable.from((function* () { for (let i = 0; i < 1000; i++) yield Buffer.alloc(64 * 1024, 0x41); })());
    const body = await readErrorBody(huge);
    assert.equal(body.length, 64 * 1024);
    assert.ok(huge.destroyed, 'the rest is not read');
  });

  it('parses the distribution error list leniently', () => {
    assert.deepEqual(parseErrorEntries(Buffer.from('{"errors":[{"code":"DENIED","message":"no","detail":{"x":1}},{"bogus":true},7]}')), [
      { code: 'DENIED', message: 'no', detail: { x: 1 } }, { code: 'UNKNOWN', message: '' }]);
    assert.deepEqual(parseErrorEntries(Buffer.from('<html>502 Bad Gateway</html>')), []);
    assert.deepEqual(parseErrorEntries(Buffer.from('{"errors":"nope"}')), []);
  });
});
