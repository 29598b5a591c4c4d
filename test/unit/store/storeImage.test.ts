import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isNotFound } from '../../../engine/src/image/berthError';
import { validateImage } from '../../../engine/src/image/validateImage';
import { LayoutImageStore } from '../../../engine/src/store/layoutImageStore';
import { OciLayoutStore } from '../../../engine/src/store/ociLayoutStore';
import { imageFromStore, writeImage } from '../../../engine/src/store/storeImage';
import { randomImage } from '../../fixtures/memoryImage';
import { readAll, removeScratch, scratchDir } from '../../fixtures/scratch';

describe('store images (source and sink)', () => {
  let dir: string;
  let content: OciLayoutStore;
  let images: LayoutImageStore;
  beforeEach(async () => {
    dir = scratchDir('images');
    content = await OciLayoutStore.open(join(dir, 'content'));
    images = new LayoutImageStore(join(dir, 'content'));
  });
  afterEach(() => removeScratch(dir));

  it('round-trips an image: memory → writeImage → imageFromStore, same digests, valid', async () => {
    const { image } = await randomImage(dir, 3);
    await validateImage(image);
    const descriptor = await writeImage(content, images, image, 'example.com/team/app:1.0');
    assert.equal(descriptor.digest, await image.digest());
    const back = imageFromStore(content, (await images.get('example.com/team/app:1.0')).target);
    await validateImage(back);
    assert.deepEqual(await back.rawManifest(), await image.rawManifest());
    const [ours, theirs] = [await back.layers(), await image.layers()];
    for (let i = 0; i < ours.length; i++) assert.deepEqual(await readAll(await ours[i]!.compressed()), await readAll(await theirs[i]!.compressed()));
    const blobCount = (await content.listBlobs()).length;
    await writeImage(content, images, image, 'example.com/team/app:1.0');
    assert.equal((await content.listBlobs()).length, blobCount, 'writing the same image again adds nothing');
  });

  it('names images in index.json with org.opencontainers.image.ref.name, moves and deletes names', async () => {
    const a = await writeImage(content, images, (await randomImage(dir, 1)).image, 'a:1');
    const b = await writeImage(content, images, (await randomImage(dir, 1)).image, 'b:1');
    await images.set('a:1', b);
    await images.set('c:1', a);
    assert.deepEqual((await images.list()).map((r) => `${r.name}=${r.target.digest === a.digest ? 'a' : 'b'}`).sort(), ['a:1=b', 'b:1=b', 'c:1=a']);
    const index = JSON.parse(readFileSync(join(dir, 'content/index.json'), 'utf8')) as { manifests: { annotations: Record<string, string> }[] };
    assert.deepEqual(index.manifests.map((m) => m.annotations['org.opencontainers.image.ref.name']).sort(), ['a:1', 'b:1', 'c:1']);
    await images.delete('a:1');
    await assert.rejects(images.get('a:1'), (err) => isNotFound(err));
    await assert.rejects(images.delete('a:1'), (err) => isNotFound(err));
  });
});
