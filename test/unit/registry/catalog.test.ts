// Listings over the distribution API: _catalog page by page, tags of a repository.
import * as assert from 'node:assert/strict';
import { catalog, listTags } from '../../../engine/src/registry/catalog';
import { MemoryRegistry } from '../../fixtures/registry/memoryRegistry';

describe('catalog / listTags', () => {
  let registry: MemoryRegistry;
  before(async () => {
    registry = await MemoryRegistry.start();
    for (let i = 0; i < 25; i++) registry.repo(`repo${String(i).padStart(2, '0')}`);
    registry.putManifest('repo00', Buffer.from('{}'), 'application/vnd.oci.image.manifest.v1+json', 'v1');
    registry.putManifest('repo00', Buffer.from('{ }'), 'application/vnd.oci.image.manifest.v1+json', 'v2');
  });
  after(() => registry.close());

  it('follows Link headers across pages, up to the limit', async () => {
    const all = await catalog(registry.host, { limit: 10 });
    assert.deepEqual(all, Array.from({ length: 10 }, (_, i) => `repo${String(i).padStart(2, '0')}`));
    registry.log.length = 0;
    const paged = await catalog(registry.host, { limit: 1000 });
    assert.equal(paged.length, 25);
    assert.deepEqual(paged, [...new Set(paged)].sort(), 'each name once, in order');
    assert.equal(registry.log.filter((r) => r.url.startsWith('/v2/_catalog')).length, 3, 'three pages of at most 10');
  });

  it('lists tags', async () => {
    assert.deepEqual(await listTags(registry.host, 'repo00'), ['v1', 'v2']);
    assert.deepEqual(await listTags(registry.host, 'repo01'), []);
  });
});
