import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings, fixTitles } from './syntaxLint';

describe('InvalidEscapeDirective', () => {
  it('reports an escape token other than \\ or `', () => {
    assert.deepEqual(findings('InvalidEscapeDirective', '# escape=x\nFROM alpine\n'), ["1:9-1:10 invalid escape token 'x' does not match ` or \\"]);
    assert.deepEqual(findings('InvalidEscapeDirective', '#escape = \\\\\nFROM alpine\n'), ["1:10-1:12 invalid escape token '\\\\' does not match ` or \\"]);
  });

  it('accepts both tokens, and escape-like comments after the first instruction', () => {
    assertClean('InvalidEscapeDirective', '# escape=`\nFROM alpine\n', '# ESCAPE=\\\nFROM alpine\n', 'FROM alpine\n# escape=x\n');
  });

  it('offers both tokens', () => {
    assert.deepEqual(fixTitles('InvalidEscapeDirective', '# escape=x\nFROM alpine\n'), ['Use \\ as the escape token', 'Use ` as the escape token']);
    assertFixes('InvalidEscapeDirective', '# escape=x\nFROM alpine\n', '# escape=\\\nFROM alpine\n');
    assertFixes('InvalidEscapeDirective', '# escape=``\nFROM alpine\n', '# escape=`\nFROM alpine\n');
  });
});
