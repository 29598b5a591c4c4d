import * as assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDataLoss } from '../../../engine/src/image/berthError';
import { readBlob, writeBlobBytes } from '../../../engine/src/store/blobs';
import { OciLayoutStore } from '../../../engine/src/store/ociLayoutStore';
import { removeScratch, scratchDir } from '../../fixtures/scratch';
import { contentStoreSuite } from './contentStoreSuite';

contentStoreSuite('OciLayoutStore', async () => {
  const dir = scratchDir('content');
  return { store: await OciLayoutStore.open(join(dir, 'content')), cleanup: async () => removeScratch(dir) };
});

describe('OciLayoutStore', () => {
  let dir: string;
  beforeEach(() => (dir = scratchDir('layout')));
  afterEach(() => removeScratch(dir));

  it('is an OCI image layout: oci-layout, index.json and blobs/sha256/<hex>', async () => {
    const store = await OciLayoutStore.open(join(dir, 'content'));
    const info = await writeBlobBytes(store, 'x', Buffer.from('{}'));
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'content/oci-layout'), 'utf8')), { imageLayoutVersion: '1.0.0' });
    assert.equal(JSON.parse(readFileSync(join(dir, 'content/index.json'), 'utf8')).schemaVersion, 2);
    assert.equal(readFileSync(join(dir, 'content/blobs/sha256', info.digest.slice(7)), 'utf8'), '{}');
  });

  it('readBlob notices a blob whose bytes were damaged on disk', async () => {
    const store = await OciLayoutStore.open(join(dir, 'content'));
    const info = await writeBlobBytes(store, 'x', Buffer.from('{"a":1}'));
    writeFileSync(store.blobPath(info.digest), '{"a":2}');
    await assert.rejects(readBlob(store, info.digest), (err) => isDataLoss(err) && /system check --repair/.test((err as Error).message));
  });
});
