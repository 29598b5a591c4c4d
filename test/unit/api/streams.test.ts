import * as assert from 'node:assert/strict';
import { DetachScanner, parseDetachKeys } from '../../../engine/src/api/detachKeys';
import { frame, StdcopyReader } from '../../../engine/src/api/stdcopy';
import { isInvalidArgument } from '../../../engine/src/image/berthError';

describe('frame and StdcopyReader', () => {
  it("writes docker's 8-byte header: stream, three zeros, big-endian length", () => {
    assert.deepEqual([...frame('stderr', Buffer.from('hi'))], [2, 0, 0, 0, 0, 0, 0, 2, 0x68, 0x69]);
    assert.deepEqual([...frame('stdout', Buffer.alloc(0))], [1, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('reads frames back from chunks cut anywhere, including inside a header', () => {
    const bytes = Buffer.concat([frame('stdout', Buffer.from('one\n')), frame('stderr', Buffer.from('two')), frame('stdout', Buffer.from('3'))]);
    for (let cut = 1; cut < bytes.length; cut++) {
      const reader = new StdcopyReader();
      const frames = [...reader.push(bytes.subarray(0, cut)), ...reader.push(bytes.subarray(cut))];
      assert.deepEqual(frames.map((f) => `${f.stream}:${f.payload.toString()}`), ['stdout:one\n', 'stderr:two', 'stdout:3'], `cut at ${cut}`);
      assert.equal(reader.leftover, 0);
    }
  });

  it('refuses bytes that are not framing', () => {
    assert.throws(() => new StdcopyReader().push(Buffer.from('hello world\n')), /unrecognized stream 104/);
  });
});

describe('parseDetachKeys', () => {
  it("reads docker's notation", () => {
    assert.deepEqual([...parseDetachKeys('ctrl-p,ctrl-q')], [16, 17]);
    assert.deepEqual([...parseDetachKeys('ctrl-@,ctrl-[,a,ctrl-_')], [0, 27, 97, 31]);
    assert.deepEqual([...parseDetachKeys('CTRL-A')], [1]);
  });

  it('rejects unknown keys', () => {
    assert.throws(() => parseDetachKeys('ctrl-1'), (err: unknown) => isInvalidArgument(err) && /Invalid detach keys \(ctrl-1\)/.test((err as Error).message));
    assert.throws(() => parseDetachKeys('shift-a'), /unknown key 'shift-a'/);
  });
});

describe('DetachScanner', () => {
  const keys = parseDetachKeys('ctrl-p,ctrl-q');

  it('detaches on the sequence and forwards what came before it', () => {
    const s = new DetachScanner(keys);
    assert.deepEqual(s.push(Buffer.from('ls\r\x10\x11more')), { forward: Buffer.from('ls\r'), detach: true });
  });

  it('holds a possible start across chunks and releases it when the sequence breaks', () => {
    const s = new DetachScanner(keys);
    assert.deepEqual(s.push(Buffer.from('a\x10')), { forward: Buffer.from('a'), detach: false });
    assert.deepEqual(s.push(Buffer.from('b')), { forward: Buffer.from('\x10b'), detach: false });
    assert.deepEqual(s.push(Buffer.from('\x10')), { forward: Buffer.alloc(0), detach: false });
    assert.deepEqual(s.push(Buffer.from('\x10\x11')), { forward: Buffer.from('\x10'), detach: true });
  });

  it('passes everything through without keys', () => {
    assert.deepEqual(new DetachScanner(Buffer.alloc(0)).push(Buffer.from('\x10\x11')), { forward: Buffer.from('\x10\x11'), detach: false });
  });
});
