import * as assert from 'node:assert/strict';
import { decodeHeaderBlock, decodePaxRecords, emptyHeader, encodeHeader, BLOCK } from '../../../engine/src/layer/tarHeader';
import { readTar } from '../../../engine/src/layer/tarReader';

async function readBack(blocks: Buffer[]) {
  const entries = [];
  for await (const e of readTar((async function* () { yield Buffer.concat(blocks); })())) {
    const body: Buffer[] = [];
    for await (const chunk of e.body) body.push(chunk);
    entries.push({ header: e.header, body: Buffer.concat(body) });
  }
  return entries;
}

describe('tar header encoding', () => {
  it('writes plain ustar when the entry fits', () => {
    const h = emptyHeader('etc/hosts', 'file');
    h.size = 5;
    const block = encodeHeader(h);
    assert.equal(block.length, BLOCK);
    const raw = decodeHeaderBlock(block)!;
    assert.equal(raw.name, 'etc/hosts');
    assert.equal(raw.size, 5);
    assert.equal(block.subarray(257, 263).toString('latin1'), 'ustar\0');
  });

  it('splits long names into ustar prefix and name, and uses PAX beyond that', async () => {
    const split = emptyHeader(`${'a'.repeat(120)}/${'b'.repeat(90)}`, 'file');
    assert.equal(encodeHeader(split).length, BLOCK);
    const long = emptyHeader(`${'c'.repeat(300)}`, 'file');
    const unicode = emptyHeader('opt/名前', 'symlink');
    unicode.linkname = 'ünï';
    const entries = await readBack([encodeHeader(split), encodeHeader(long), encodeHeader(unicode), Buffer.alloc(1024)]);
    assert.deepEqual(entries.map((e) => e.header.name), [split.name, long.name, 'opt/名前']);
    assert.equal(entries[2]!.header.linkname, 'ünï');
  });

  it('carries binary xattr values, large owners and sizes through PAX records', async () => {
    const h = emptyHeader('usr/bin/ping', 'file');
    h.uid = 3_000_000;
    h.gid = 70_000_000;
    h.xattrs.set('security.capability', Buffer.from([0x01, 0x00, 0x00, 0x02, 0xff, 0x80, 0x00]));
    h.xattrs.set('user.note', Buffer.from('a=b\nc'));
    h.size = 3;
    const entries = await readBack([encodeHeader(h), Buffer.from('abc'), Buffer.alloc(BLOCK - 3), Buffer.alloc(1024)]);
    const back = entries[0]!.header;
    assert.equal(back.uid, 3_000_000);
    assert.equal(back.gid, 70_000_000);
    assert.deepEqual(back.xattrs.get('security.capability'), h.xattrs.get('security.capability'));
    assert.equal(back.xattrs.get('user.note')!.toString(), 'a=b\nc');
    assert.equal(entries[0]!.body.toString(), 'abc');
  });

  it('rejects a corrupt checksum and malformed PAX records', () => {
    const block = encodeHeader(emptyHeader('x', 'file'));
    block[0] = 0x79;
    assert.throws(() => decodeHeaderBlock(block), /bad checksum/);
    assert.throws(() => decodePaxRecords(Buffer.from('99 path=x\n')), /malformed record/);
  });

  it('reads the end of data in the middle of a file as an error', async () => {
    const h = emptyHeader('f', 'file');
    h.size = 1000;
    await assert.rejects(readBack([encodeHeader(h), Buffer.alloc(100)]), /unexpected end of data in the data of "f"/);
  });

  it('rejects sparse files by name', async () => {
    const block = encodeHeader(emptyHeader('sparse', 'file'));
    block[156] = 'S'.charCodeAt(0);
    block.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of block) sum += b;
    block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    await assert.rejects(readBack([block, Buffer.alloc(1024)]), /unsupported entry type "S"/);
  });
});
