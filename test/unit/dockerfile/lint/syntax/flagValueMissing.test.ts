import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings, fixTitles } from './syntaxLint';

describe('FlagValueMissing', () => {
  it('reports a string flag written without =value', () => {
    assert.deepEqual(findings('FlagValueMissing', 'FROM alpine\nCOPY --from a b\nRUN --mount true\n'), [
      '2:5-2:11 missing a value on flag: --from (write --from=<value>)',
      '3:4-3:11 missing a value on flag: --mount (write --mount=<value>)',
    ]);
  });

  it('reports a bool flag with an empty value, and fixes it to the bare flag', () => {
    assert.deepEqual(findings('FlagValueMissing', 'FROM alpine\nCOPY --link= a b\n'), ['2:5-2:12 missing a value on flag: --link']);
    assertFixes('FlagValueMissing', 'FROM alpine\nCOPY --link= a b\n', 'FROM alpine\nCOPY --link a b\n');
    assert.deepEqual(fixTitles('FlagValueMissing', 'FROM alpine\nCOPY --from a b\n'), []);
  });

  it('accepts bare bool flags and empty string values, as BuildKit does', () => {
    assertClean('FlagValueMissing', 'FROM alpine\nCOPY --link --parents --from= --chown= a b\nADD --keep-git-dir --unpack=true a b\n');
  });
});
