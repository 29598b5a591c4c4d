import * as assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import type { IncomingMessage } from 'node:http';
import { boolParam, filtersParam, intParam, readBody, readJsonObject } from '../../../engine/src/api/apiContext';
import { HttpError } from '../../../engine/src/api/httpError';

function fakeRequest(body: string | Buffer, length?: number): IncomingMessage {
  const stream = Readable.from([Buffer.from(body)]) as unknown as IncomingMessage;
  Object.assign(stream, { headers: length === undefined ? {} : { 'content-length': String(length) } });
  return stream;
}

describe('filtersParam', () => {
  it("reads Docker's map-of-lists and the older map-of-booleans", () => {
    const q = new URLSearchParams({ filters: '{"dangling":["true"],"label":["a=b","c"]}' });
    assert.deepEqual([...filtersParam(q, ['dangling', 'label'])], [['dangling', ['true']], ['label', ['a=b', 'c']]]);
    const old = new URLSearchParams({ filters: '{"dangling":{"true":true,"false":false}}' });
    assert.deepEqual(filtersParam(old, ['dangling']).get('dangling'), ['true']);
    assert.equal(filtersParam(new URLSearchParams(), ['dangling']).size, 0);
  });

  it('rejects bad JSON, unknown filters and wrong shapes with 400', () => {
    for (const filters of ['{nope', '[1]', '{"dangling":7}', '{"color":["red"]}']) {
      assert.throws(() => filtersParam(new URLSearchParams({ filters }), ['dangling']), (err) => err instanceof HttpError && err.status === 400, filters);
    }
  });
});

describe('query parameters', () => {
  it('boolParam reads 1/true/True as true and 0/false/empty as false', () => {
    const q = new URLSearchParams('a=1&b=True&c=0&d=false&e=');
    assert.deepEqual(['a', 'b', 'c', 'd', 'e'].map((k) => boolParam(q, k)), [true, true, false, false, false]);
    assert.equal(boolParam(q, 'missing', true), true);
  });

  it('intParam rejects what is not a non-negative integer', () => {
    assert.equal(intParam(new URLSearchParams('limit=7'), 'limit', 25), 7);
    assert.equal(intParam(new URLSearchParams(), 'limit', 25), 25);
    assert.throws(() => intParam(new URLSearchParams('limit=-1'), 'limit', 25), /invalid value for limit/);
    assert.throws(() => intParam(new URLSearchParams('limit=x'), 'limit', 25), /invalid value for limit/);
  });
});

describe('readBody / readJsonObject', () => {
  it('refuses bodies over the limit, by declared length or by bytes read', async () => {
    await assert.rejects(readBody(fakeRequest('x', 10 << 20), 1024), (err) => err instanceof HttpError && err.status === 413);
    await assert.rejects(readBody(fakeRequest(Buffer.alloc(2048)), 1024), (err) => err instanceof HttpError && err.status === 413);
    assert.equal((await readBody(fakeRequest('hello'), 1024)).toString(), 'hello');
  });

  it('parses JSON objects and says why anything else is refused', async () => {
    assert.deepEqual(await readJsonObject(fakeRequest('{"a":1}'), 'auth'), { a: 1 });
    assert.deepEqual(await readJsonObject(fakeRequest(''), 'auth'), {});
    await assert.rejects(readJsonObject(fakeRequest('{"a":'), 'auth'), /auth: request body is not valid JSON/);
    await assert.rejects(readJsonObject(fakeRequest('[1,2]'), 'auth'), /auth: request body must be a JSON object/);
  });
});
