import { strict as assert } from 'node:assert';
import { KeyedLock } from '../../../engine/src/network/keyedLock';

describe('KeyedLock', () => {
  it('runs sections of one key one at a time, in order, even after a failure; other keys meanwhile', async () => {
    const lock = new KeyedLock();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = lock.run('a', async () => { log.push('a1 start'); await gate; log.push('a1 end'); throw new Error('a1 failed'); });
    const second = lock.run('a', async () => { log.push('a2'); return 2; });
    const other = lock.run('b', async () => { log.push('b'); });
    await other;
    assert.deepEqual(log, ['a1 start', 'b']);
    release();
    await assert.rejects(first, /a1 failed/);
    assert.equal(await second, 2);
    assert.deepEqual(log, ['a1 start', 'b', 'a1 end', 'a2']);
    await lock.idle();
  });
});
