import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { appendLayers, withConfig } from '../../../engine/src/image/mutate';
import { validateImage } from '../../../engine/src/image/validateImage';
import { LayoutImageStore } from '../../../engine/src/store/layoutImageStore';
import { OciLayoutStore } from '../../../engine/src/store/ociLayoutStore';
import { imageFromStore, writeImage } from '../../../engine/src/store/storeImage';
import { memoryImage, randomImage } from '../../fixtures/memoryImage';
import { removeScratch, scratchDir } from '../../fixtures/scratch';

describe('appendLayers / withConfig', () => {
  let dir: string;
  beforeEach(() => (dir = scratchDir('mutate')));
  afterEach(() => removeScratch(dir));

  it('appends layers and history, edits the config, and stays a valid image through the store', async () => {
    const base = (await randomImage(dir, 2)).image;
    const extra = (await randomImage(dir, 1)).layers[0]!;
    const [extraLayer] = await memoryImage([extra]).layers();
    const built = await withConfig(await appendLayers(base, [{ layer: extraLayer!, history: { created_by: 'COPY . /app' } }]), { config: { Cmd: ['/app/run'] } });
    await validateImage(built);
    const config = await built.config();
    assert.equal(config.rootfs.diff_ids.length, 3);
    assert.equal(config.rootfs.diff_ids[2], extra.diffId);
    assert.deepEqual(config.history?.at(-1), { created_by: 'COPY . /app' });
    assert.deepEqual(config.config?.Cmd, ['/app/run']);
    const again = await withConfig(await appendLayers(base, [{ layer: extraLayer!, history: { created_by: 'COPY . /app' } }]), { config: { Cmd: ['/app/run'] } });
    assert.equal(await again.digest(), await built.digest(), 'same inputs, same digest');
    const content = await OciLayoutStore.open(join(dir, 'content'));
    const images = new LayoutImageStore(join(dir, 'content'));
    await writeImage(content, images, built, 'built:1');
    await validateImage(imageFromStore(content, (await images.get('built:1')).target));
  });
});
