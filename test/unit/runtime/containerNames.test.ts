// Generated container names: a name another create is still holding counts as taken, so creates
// running at once never draw the same name (one of them would fail with a name conflict).
import * as assert from 'node:assert/strict';
import { generateName } from '../../../engine/src/runtime/containerNames';
import { ContainerStore } from '../../../engine/src/runtime/containerStore';
import { removeScratch, scratchDir } from '../../fixtures/scratch';

describe('container names', () => {
  let dir: string;
  beforeEach(() => (dir = scratchDir('names')));
  afterEach(() => removeScratch(dir));

  it('counts a name held by a create in progress as in use, until it is released', async () => {
    const store = await ContainerStore.open(dir, () => undefined);
    const release = store.reserveName('calm_anchor');
    assert.equal(store.nameInUse('calm_anchor'), true);
    assert.throws(() => store.checkNameFree('calm_anchor'), /already in use by container "\(being created\)"/);
    release();
    assert.equal(store.nameInUse('calm_anchor'), false);
  });

  it('never generates a name another create holds', async () => {
    const store = await ContainerStore.open(dir, () => undefined);
    // 300 creates in progress at once: drawn from 576 pairs, names would repeat if held ones counted as free
    const held = Array.from({ length: 300 }, () => {
      const name = generateName((n) => store.nameInUse(n));
      store.reserveName(name);
      return name;
    });
    assert.equal(new Set(held).size, held.length);
  });
});
