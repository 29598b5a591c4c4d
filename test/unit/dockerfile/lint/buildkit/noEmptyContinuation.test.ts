import { strict as assert } from 'node:assert';
import { findings, fixed } from './checks';

const RULE = 'NoEmptyContinuation';

describe('NoEmptyContinuation', () => {
  it('reports an empty line inside a continued instruction, once per instruction', () => {
    const text = 'FROM alpine\nRUN apk add \\\n\n    gnupg \\\n\n    curl\n';
    assert.deepEqual(findings(RULE, text), ['3:1-5:1 Empty continuation line']);
  });

  it('counts a line of blanks as empty', () => {
    assert.deepEqual(findings(RULE, 'FROM alpine\nEXPOSE \\\n   \n80\n'), ['3:1-3:4 Empty continuation line']);
  });

  it('does not count comment lines, nor blank lines between instructions', () => {
    assert.deepEqual(findings(RULE, 'FROM alpine\nEXPOSE \\\n# the web port\n80\n\nRUN true\n'), []);
  });

  it('deletes the empty lines', () => {
    const result = fixed(RULE, 'FROM alpine\nRUN apk add \\\n\n    gnupg \\\n  \n\n    curl\n');
    assert.equal(result.text, 'FROM alpine\nRUN apk add \\\n    gnupg \\\n    curl\n');
    assert.equal(result.preferred, true);
  });

  it('deletes an empty last line without a newline after it', () => {
    assert.equal(fixed(RULE, 'FROM alpine\nRUN true \\\n  ').text, 'FROM alpine\nRUN true \\');
    assert.equal(fixed(RULE, 'FROM alpine\nRUN true \\\n\n').text, 'FROM alpine\nRUN true \\\n');
  });

  it('works with the backtick escape token', () => {
    assert.deepEqual(findings(RULE, '# escape=`\nFROM alpine\nRUN echo `\n\n  hi\n'), ['4:1-4:1 Empty continuation line']);
  });

  it('is skipped by the check directive', () => {
    assert.deepEqual(findings(RULE, '# check=skip=NoEmptyContinuation\nFROM alpine\nRUN a \\\n\n b\n'), []);
  });
});
