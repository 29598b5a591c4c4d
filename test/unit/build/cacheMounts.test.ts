import { strict as assert } from 'node:assert';
import { existsSync, lstatSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CacheMounts } from '../../../engine/src/build/cacheMounts';
import { removeScratch, requireRoot, scratchDir } from '../../fixtures/scratch';

describe('CacheMounts', () => {
  let dir: string;
  let mounts: CacheMounts;

  beforeEach(() => {
    requireRoot();
    dir = scratchDir('cache-mounts');
    mounts = new CacheMounts(join(dir, 'caches'));
  });

  afterEach(() => removeScratch(dir));

  it('shared: every user gets the same directory at once, made once with the mount\'s mode and owner', async () => {
    const [a, b] = await Promise.all([
      mounts.acquire('npm', { sharing: 'shared', mode: 0o750, uid: 1000, gid: 1001 }),
      mounts.acquire('npm', { sharing: 'shared', mode: 0o750, uid: 1000, gid: 1001 }),
    ]);
    assert.equal(a.dir, b.dir);
    const st = lstatSync(a.dir);
    assert.deepEqual([st.mode & 0o7777, st.uid, st.gid], [0o750, 1000, 1001]);
    a.release();
    b.release();
  });

  it('private: a second user while the first holds it gets another directory', async () => {
    const a = await mounts.acquire('go', { sharing: 'private' });
    const b = await mounts.acquire('go', { sharing: 'private' });
    assert.notEqual(a.dir, b.dir);
    a.release();
    const c = await mounts.acquire('go', { sharing: 'private' });
    assert.equal(c.dir, a.dir, 'a free directory is reused');
    b.release();
    c.release();
  });

  it('locked: a second user waits until the first releases', async () => {
    const a = await mounts.acquire('apt', { sharing: 'locked' });
    let second = false;
    const waiting = mounts.acquire('apt', { sharing: 'locked' }).then((held) => {
      second = true;
      return held;
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(second, false);
    a.release();
    const b = await waiting;
    assert.equal(b.dir, a.dir);
    b.release();
  });

  it('keeps contents between uses; prune removes what is not in use and reports the bytes', async () => {
    const a = await mounts.acquire('pip', { sharing: 'shared' });
    writeFileSync(join(a.dir, 'wheel'), Buffer.alloc(100_000));
    a.release();
    const again = await mounts.acquire('pip', { sharing: 'shared' });
    assert.ok(existsSync(join(again.dir, 'wheel')));
    const busy = await mounts.acquire('busy', { sharing: 'shared' });
    again.release();
    const listed = await mounts.list();
    assert.deepEqual(listed.map((m) => [m.id, m.inUse]).sort(), [['busy', true], ['pip', false]]);
    const pruned = await mounts.prune();
    assert.deepEqual(pruned.removed, ['pip']);
    assert.ok(pruned.reclaimedBytes >= 100_000);
    assert.ok(existsSync(busy.dir));
    busy.release();
  });

  it('seeds a new directory once, and removes one whose creation failed', async () => {
    await assert.rejects(mounts.acquire('bad', { sharing: 'shared', seed: async () => { throw new Error('seed failed'); } }), /seed failed/);
    assert.deepEqual((await mounts.list()).map((m) => m.id), []);
    let seeded = 0;
    const seed = async (d: string) => { seeded++; writeFileSync(join(d, 'seed'), 's'); };
    const a = await mounts.acquire('seeded', { sharing: 'shared', seed });
    a.release();
    const b = await mounts.acquire('seeded', { sharing: 'shared', seed });
    b.release();
    assert.equal(seeded, 1);
    assert.ok(existsSync(join(b.dir, 'seed')));
  });
});
