import { strict as assert } from 'node:assert';
import { createHash } from 'node:crypto';
import { chmodSync, lstatSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContentHashCache } from '../../../engine/src/build/contentHashCache';
import { removeScratch, scratchDir } from '../../fixtures/scratch';

const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');
const file = (path: string) => ({ hostPath: path, stats: lstatSync(path, { bigint: true }) });

describe('ContentHashCache', () => {
  let dir: string;

  beforeEach(() => {
    dir = scratchDir('hashes');
  });

  afterEach(() => removeScratch(dir));

  it('hashes contents in parallel, small and large files alike', async () => {
    const big = Buffer.alloc(70 << 20, 7);
    writeFileSync(join(dir, 'big'), big);
    for (let i = 0; i < 20; i++) writeFileSync(join(dir, `f${i}`), `file ${i}\n`);
    const cache = await ContentHashCache.open();
    const paths = [join(dir, 'big'), ...Array.from({ length: 20 }, (_, i) => join(dir, `f${i}`))];
    const hashes = await cache.hashFiles(paths.map(file));
    assert.equal(hashes.get(join(dir, 'big')), sha(big));
    for (let i = 0; i < 20; i++) assert.equal(hashes.get(join(dir, `f${i}`)), sha(`file ${i}\n`));
  });

  it('reuses a hash while size, mtime, ctime and inode are unchanged, and persists them', async () => {
    const path = join(dir, 'a');
    writeFileSync(path, 'one\n');
    const record = join(dir, 'hashes.json');
    const first = await ContentHashCache.open(record);
    assert.equal((await first.hashFiles([file(path)])).get(path), sha('one\n'));
    await first.save();
    // the file is gone but its signature is what the caller sees: the saved hash answers
    const stats = lstatSync(path, { bigint: true });
    rmSync(path);
    const second = await ContentHashCache.open(record);
    assert.equal((await second.hashFiles([{ hostPath: path, stats }])).get(path), sha('one\n'));
  });

  it('reads the file again when its mtime or ctime changes', async () => {
    const path = join(dir, 'a');
    writeFileSync(path, 'one\n');
    const cache = await ContentHashCache.open();
    await cache.hashFiles([file(path)]);
    const time = new Date(2030, 0, 1);
    writeFileSync(path, 'two\n');
    utimesSync(path, time, time);
    assert.equal((await cache.hashFiles([file(path)])).get(path), sha('two\n'));
    writeFileSync(path, 'six\n');
    utimesSync(path, time, time); // same size, same mtime: only the ctime says it changed
    assert.equal((await cache.hashFiles([file(path)])).get(path), sha('six\n'));
    chmodSync(path, 0o600);
    assert.equal((await cache.hashFiles([file(path)])).get(path), sha('six\n'));
  });

  it('fails with the path when a file cannot be read', async () => {
    const path = join(dir, 'gone');
    writeFileSync(path, 'x');
    const stats = lstatSync(path, { bigint: true });
    rmSync(path);
    const cache = await ContentHashCache.open();
    await assert.rejects(cache.hashFiles([{ hostPath: path, stats }]), new RegExp(`hash ${path}: .*ENOENT`));
  });
});
