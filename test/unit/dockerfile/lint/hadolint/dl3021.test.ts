import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered, fixed } from './ruleCases';

describe('dl3021 (DL3021 COPY into a directory)', () => {
  it('accepts two arguments and a directory destination', () => {
    catchesNot('DL3021', 'FROM scratch\nCOPY foo bar\n');
    catchesNot('DL3021', 'FROM scratch\nCOPY foo bar baz/\n');
    catchesNot('DL3021', 'FROM scratch\nCOPY foo bar "baz/"\n');
    catchesNot('DL3021', 'FROM scratch\nCOPY ["foo", "bar", "baz/"]\n');
  });

  it('reports the destination and adds the slash', () => {
    for (const [dest, after] of [
      ['baz', 'baz/'],
      ['"baz"', '"baz/"'],
    ]) {
      const text = `FROM scratch\nCOPY foo bar ${dest}\n`;
      const [d] = catches('DL3021', text, 1);
      assert.equal(covered(text, d), dest);
      assert.equal(d.severity, 'error');
      assert.equal(d.message, 'COPY with more than 2 arguments requires the last argument to end with /');
      const result = fixed(text, d);
      assert.equal(result, `FROM scratch\nCOPY foo bar ${after}\n`);
      catchesNot('DL3021', result);
    }
    const json = 'FROM scratch\nCOPY ["foo", "bar", "baz"]\n';
    assert.equal(fixed(json, catches('DL3021', json, 1)[0]), 'FROM scratch\nCOPY ["foo", "bar", "baz/"]\n');
  });
});
