import * as assert from 'node:assert/strict';
import { errorBody, errorStatus, HttpError } from '../../../engine/src/api/httpError';
import { berthError } from '../../../engine/src/image/berthError';
import { RegistryError } from '../../../engine/src/registry/registryError';

describe('errorStatus', () => {
  it('maps each engine error kind to its Docker status', () => {
    const expected: Record<string, number> = {
      'not-found': 404, 'already-exists': 409, 'invalid-argument': 400, 'failed-precondition': 409, unavailable: 503, 'data-loss': 500, internal: 500,
    };
    for (const [kind, status] of Object.entries(expected)) assert.equal(errorStatus(berthError(kind as never, 'x')), status, kind);
    assert.equal(errorStatus(new HttpError(413, 'too large')), 413);
  });

  it('gives a registry that refused the credentials a 401, and keeps its message', () => {
    const err = new RegistryError('login to 127.0.0.1:5000', 'GET', 'http://127.0.0.1:5000/v2/', 401, [{ code: 'UNAUTHORIZED', message: 'authentication required' }]);
    assert.equal(errorStatus(err), 401);
    assert.match(errorBody(err).message, /UNAUTHORIZED: authentication required/);
    assert.equal(errorStatus(new RegistryError('pull x', 'GET', 'http://r/v2/x/manifests/1', 404, [])), 404);
  });

  it('says "internal error" for what is not an engine error', () => {
    assert.equal(errorStatus(new Error('boom')), 500);
    assert.equal(errorBody(new Error('boom')).message, 'internal error: boom');
    assert.equal(errorBody(berthError('not-found', 'No such image: a:latest')).message, 'No such image: a:latest');
  });
});
