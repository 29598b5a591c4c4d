import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings, fixTitles } from './syntaxLint';

describe('JsonArrayNotStrings', () => {
  it('reports a JSON array with items that are not strings', () => {
    assert.deepEqual(findings('JsonArrayNotStrings', 'FROM alpine\nCMD ["sleep", 10]\nCOPY ["a", ["b"]]\nHEALTHCHECK CMD ["a", true]\n'), [
      '2:4-2:17 when using JSON array syntax, arrays must be comprised of strings only',
      '3:5-3:17 when using JSON array syntax, arrays must be comprised of strings only',
      '4:16-4:27 when using JSON array syntax, arrays must be comprised of strings only',
    ]);
  });

  it('leaves shell forms that merely look like JSON alone', () => {
    assertClean('JsonArrayNotStrings', "FROM alpine\nCMD ['a', 'b']\nCMD [\"a\", \"b\"\nRUN [1, 2\nENTRYPOINT []\n");
  });

  it('quotes numbers and booleans, keeping the layout', () => {
    assertFixes('JsonArrayNotStrings', 'FROM alpine\nCMD ["sleep", 10, true]\n', 'FROM alpine\nCMD ["sleep", "10", "true"]\n');
    assertFixes('JsonArrayNotStrings', 'FROM alpine\nENTRYPOINT ["a", \\\n  1.5]\n', 'FROM alpine\nENTRYPOINT ["a", \\\n  "1.5"]\n');
    assert.deepEqual(fixTitles('JsonArrayNotStrings', 'FROM alpine\nCMD ["a", null]\n'), []);
    assert.deepEqual(fixTitles('JsonArrayNotStrings', 'FROM alpine\nCMD ["a", {"b": 1}]\n'), []);
  });
});
