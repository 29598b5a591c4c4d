import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings } from './syntaxLint';

describe('InvalidHealthcheckType', () => {
  it('reports a type other than CMD or NONE', () => {
    assert.deepEqual(findings('InvalidHealthcheckType', 'FROM alpine\nHEALTHCHECK CONNECT TCP 7000\nHEALTHCHECK curl -f http://localhost/\n'), [
      '2:12-2:19 Unknown type "CONNECT" in HEALTHCHECK (try CMD)',
      '3:12-3:16 Unknown type "CURL" in HEALTHCHECK (try CMD)',
    ]);
  });

  it('accepts CMD and NONE in any case', () => {
    assertClean('InvalidHealthcheckType', 'FROM alpine\nHEALTHCHECK cmd true\nHEALTHCHECK --interval=5s CMD ["true"]\nHEALTHCHECK none\nHEALTHCHECK\n');
  });

  it('fixes a misspelt type, or inserts a missing CMD', () => {
    assertFixes('InvalidHealthcheckType', 'FROM alpine\nHEALTHCHECK CMDD true\n', 'FROM alpine\nHEALTHCHECK CMD true\n');
    assertFixes('InvalidHealthcheckType', 'FROM alpine\nHEALTHCHECK NON\n', 'FROM alpine\nHEALTHCHECK NONE\n');
    assertFixes('InvalidHealthcheckType', 'FROM alpine\nHEALTHCHECK --interval=5s curl -f http://x/\n', 'FROM alpine\nHEALTHCHECK --interval=5s CMD curl -f http://x/\n');
  });
});
