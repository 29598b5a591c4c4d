import * as assert from 'node:assert/strict';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { LineAssembler, parseLogLine, readLogs, type LogEntry } from '../../../engine/src/runtime/containerLogs';
import { removeScratch, scratchDir } from '../../fixtures/scratch';

async function all(gen: AsyncGenerator<LogEntry>): Promise<string[]> {
  const out: string[] = [];
  for await (const e of gen) out.push(`${e.stream}:${e.line.toString()}`);
  return out;
}

const log = [
  '2026-01-01T10:00:00.000000001+00:00 stdout F one',
  '2026-01-01T10:00:01.5+01:00 stderr F two',
  '2026-01-01T10:00:02.000000000+00:00 stdout P thr',
  '2026-01-01T10:00:02.100000000+00:00 stdout F ee',
  '2026-01-01T10:00:03.000000000+00:00 stdout F ',
  '2026-01-01T10:00:04.000000000+00:00 stderr P no newline',
  '',
].join('\n');

describe('parseLogLine', () => {
  it('reads the time (to UTC, nanoseconds kept), stream, partial flag and content', () => {
    assert.deepEqual(parseLogLine('2026-01-01T10:00:01.5+01:00 stderr F two'), {
      stream: 'stderr', time: '2026-01-01T09:00:01.500000000Z', timeMs: Date.UTC(2026, 0, 1, 9, 0, 1, 500), partial: false, content: 'two',
    });
    assert.equal(parseLogLine('garbage'), undefined);
  });
});

describe('LineAssembler', () => {
  it('joins partial entries into lines per stream', () => {
    const a = new LineAssembler();
    assert.equal(a.push('2026-01-01T10:00:02Z stdout P a'), undefined);
    assert.equal(a.push('2026-01-01T10:00:02Z stdout F b')?.line.toString(), 'ab\n');
  });
});

describe('readLogs', () => {
  let dir: string;
  before(async () => {
    dir = scratchDir('logs');
    await fsp.writeFile(join(dir, 'ctr.log'), log);
  });
  after(() => removeScratch(dir));

  it('returns every line with its stream, output without a final newline last', async () => {
    assert.deepEqual(await all(readLogs(join(dir, 'ctr.log'), {})), ['stdout:one\n', 'stderr:two\n', 'stdout:three\n', 'stdout:\n', 'stderr:no newline']);
  });
  it('filters streams, since, until and tail', async () => {
    const path = join(dir, 'ctr.log');
    assert.deepEqual(await all(readLogs(path, { stderr: false })), ['stdout:one\n', 'stdout:three\n', 'stdout:\n']);
    assert.deepEqual(await all(readLogs(path, { since: Date.UTC(2026, 0, 1, 10, 0, 2) / 1000 })), ['stdout:three\n', 'stdout:\n', 'stderr:no newline']);
    assert.deepEqual(await all(readLogs(path, { until: Date.UTC(2026, 0, 1, 10, 0, 0, 500) / 1000 })), ['stdout:one\n', 'stderr:two\n']);
    assert.deepEqual(await all(readLogs(path, { tail: 2 })), ['stdout:\n', 'stderr:no newline']);
    assert.deepEqual(await all(readLogs(path, { tail: 0 })), []);
  });
  it('a missing log is empty', async () => {
    assert.deepEqual(await all(readLogs(join(dir, 'none.log'), {})), []);
  });
  it('follows appended lines until told the container stopped', async () => {
    const path = join(dir, 'follow.log');
    await fsp.writeFile(path, '2026-01-01T10:00:00Z stdout F first\n');
    let stop!: () => void;
    const stopped = new Promise<void>((r) => { stop = r; });
    const seen: string[] = [];
    const gen = readLogs(path, { follow: true }, stopped);
    const first = await gen.next();
    seen.push(first.value!.line.toString());
    const second = gen.next();
    await fsp.appendFile(path, '2026-01-01T10:00:01Z stderr F second\n');
    seen.push((await second).value!.line.toString());
    const third = gen.next();
    await fsp.appendFile(path, '2026-01-01T10:00:02Z stdout F last\n');
    stop();
    seen.push((await third).value!.line.toString());
    assert.equal((await gen.next()).done, true);
    assert.deepEqual(seen, ['first\n', 'second\n', 'last\n']);
  });
});
