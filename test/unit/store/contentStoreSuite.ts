// One conformance suite for every ContentStore implementation (containerd's content testsuite):
// call it from the implementation's test file with a factory for a fresh, empty store.
import * as assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { isAlreadyExists, isDataLoss, isNotFound, isUnavailable } from '../../../engine/src/image/berthError';
import { digestOf } from '../../../engine/src/image/digest';
import { readBlob, writeBlob, writeBlobBytes } from '../../../engine/src/store/blobs';
import type { ContentStore } from '../../../engine/src/store/contentStore';
import { readAll } from '../../fixtures/scratch';

export function contentStoreSuite(name: string, create: () => Promise<{ store: ContentStore; cleanup: () => Promise<void> }>): void {
  describe(`ContentStore conformance: ${name}`, () => {
    let store: ContentStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ store, cleanup } = await create()));
    afterEach(() => cleanup());

    it('commits written bytes as a blob readable by digest', async () => {
      const bytes = randomBytes(100_000);
      const writer = await store.openWriter('ref-a');
      await writer.write(bytes.subarray(0, 40_000));
      await writer.write(bytes.subarray(40_000));
      assert.deepEqual(writer.status(), { digest: digestOf(bytes), size: bytes.length });
      const info = await writer.commit({ digest: digestOf(bytes), size: bytes.length });
      assert.equal(info.digest, digestOf(bytes));
      assert.deepEqual(await readAll(await store.openBlob(info.digest)), bytes);
      assert.equal((await store.info(info.digest)).size, bytes.length);
      assert.ok((await store.listBlobs()).some((b) => b.digest === info.digest));
      assert.deepEqual(await store.listIngests(), []);
    });

    it('refuses a commit whose digest or size does not match, leaving neither blob nor ingest', async () => {
      for (const expected of [{ digest: digestOf('other') }, { size: 3 }]) {
        const writer = await store.openWriter('ref-bad');
        await writer.write(Buffer.from('content'));
        await assert.rejects(writer.commit(expected), (err) => isDataLoss(err));
        await assert.rejects(store.info(digestOf('content')), (err) => isNotFound(err));
        assert.deepEqual(await store.listIngests(), []);
      }
    });

    it('refuses bytes beyond the expected size as they are written', async () => {
      const writer = await store.openWriter('ref-size', { size: 4 });
      await assert.rejects(writer.write(Buffer.from('too long')), (err) => isDataLoss(err));
      await writer.abort();
      assert.deepEqual(await store.listIngests(), []);
    });

    it('reports already-exists on a second commit of the same bytes; writeBlob treats it as success', async () => {
      await writeBlobBytes(store, 'first', Buffer.from('same'));
      const writer = await store.openWriter('second');
      await writer.write(Buffer.from('same'));
      await assert.rejects(writer.commit(), (err) => isAlreadyExists(err));
      const info = await writeBlob(store, 'third', Readable.from([Buffer.from('same')]), { digest: digestOf('same'), size: 4 });
      assert.equal(info.digest, digestOf('same'));
      assert.equal((await store.listBlobs()).length, 1);
      assert.deepEqual(await store.listIngests(), []);
    });

    it('allows one writer per ref, lists writes in progress and aborts them', async () => {
      const writer = await store.openWriter('busy');
      await writer.write(Buffer.from('12345'));
      await assert.rejects(store.openWriter('busy'), (err) => isUnavailable(err));
      const ingests = await store.listIngests();
      assert.deepEqual(ingests.map((i) => [i.ref, i.offset]), [['busy', 5]]);
      await writer.abort();
      assert.deepEqual(await store.listIngests(), []);
      const again = await store.openWriter('busy');
      await again.abort();
    });

    it('stores concurrent writes of the same content under different refs once', async () => {
      const bytes = randomBytes(300_000);
      const results = await Promise.all([1, 2, 3].map((i) => writeBlob(store, `c${i}`, Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]), { digest: digestOf(bytes), size: bytes.length })));
      assert.deepEqual(new Set(results.map((r) => r.digest)), new Set([digestOf(bytes)]));
      assert.equal((await store.listBlobs()).length, 1);
    });

    it('stores concurrent writes of the same content under the same ref once (two pulls of one image)', async () => {
      const bytes = randomBytes(300_000);
      const streamed = await Promise.all([1, 2, 3].map(() => writeBlob(store, 'same-ref', Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]), { digest: digestOf(bytes), size: bytes.length })));
      const small = await Promise.all([1, 2, 3].map(() => writeBlobBytes(store, 'manifest-ref', Buffer.from('a manifest'))));
      assert.deepEqual(new Set(streamed.map((r) => r.digest)), new Set([digestOf(bytes)]));
      assert.deepEqual(new Set(small.map((r) => r.digest)), new Set([digestOf('a manifest')]));
      assert.equal((await store.listBlobs()).length, 2);
      assert.deepEqual(await store.listIngests(), []);
    });

    it('answers not-found for missing blobs and deletes blobs', async () => {
      const missing = digestOf('missing');
      await assert.rejects(store.openBlob(missing), (err) => isNotFound(err));
      await assert.rejects(store.info(missing), (err) => isNotFound(err));
      await assert.rejects(store.deleteBlob(missing), (err) => isNotFound(err));
      const info = await writeBlobBytes(store, 'del', Buffer.from('delete me'));
      await store.deleteBlob(info.digest);
      await assert.rejects(store.info(info.digest), (err) => isNotFound(err));
      assert.deepEqual(await readBlob(store, (await writeBlobBytes(store, 'k', Buffer.from('kept'))).digest), Buffer.from('kept'));
    });
  });
}
