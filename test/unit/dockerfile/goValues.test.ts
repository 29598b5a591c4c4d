import { strict as assert } from 'node:assert';
import { goAtoi, parseGoBool, parseGoDuration, parseGoFloat, parseGoInt, parseGoUint } from '../../../engine/src/dockerfile/goValues';

describe('goValues', () => {
  it('parseGoBool accepts exactly strconv.ParseBool\'s words', () => {
    for (const t of ['1', 't', 'T', 'TRUE', 'true', 'True']) assert.equal(parseGoBool(t), true, t);
    for (const f of ['0', 'f', 'F', 'FALSE', 'false', 'False']) assert.equal(parseGoBool(f), false, f);
    for (const bad of ['yes', 'on', 'tRUE', '']) assert.equal(parseGoBool(bad), undefined, bad);
  });

  it('parses integers with Go\'s limits and error texts', () => {
    assert.deepEqual(parseGoUint('755', 8, 32), { value: 493n });
    assert.deepEqual(parseGoUint('8', 8, 32), { error: 'strconv.ParseUint: parsing "8": invalid syntax' });
    assert.deepEqual(parseGoInt('-129', 8), { error: 'strconv.ParseInt: parsing "-129": value out of range' });
    assert.deepEqual(parseGoInt('+12', 0), { value: 12n });
    assert.equal(goAtoi('x'), undefined);
    assert.equal(parseGoFloat('0x1p-2'), 0.25);
    assert.equal(parseGoFloat('1e'), undefined);
  });

  it('parseGoDuration reads time.ParseDuration\'s forms and reports its errors', () => {
    assert.deepEqual(parseGoDuration('1h30m'), { nanoseconds: 5_400_000_000_000n });
    assert.deepEqual(parseGoDuration('.5s'), { nanoseconds: 500_000_000n });
    assert.deepEqual(parseGoDuration('0'), { nanoseconds: 0n });
    assert.deepEqual(parseGoDuration('30'), { error: 'time: missing unit in duration "30"' });
    assert.deepEqual(parseGoDuration('3d'), { error: 'time: unknown unit "d" in duration "3d"' });
    assert.deepEqual(parseGoDuration('9223372036854775808ns'), { error: 'time: invalid duration "9223372036854775808ns"' });
  });
});
