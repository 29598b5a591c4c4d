import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings } from './syntaxLint';

describe('DuplicateDirective', () => {
  it('reports a repeated parser directive', () => {
    assert.deepEqual(findings('DuplicateDirective', '# escape=`\n# escape=\\\nFROM alpine\n'), ['2:0-2:10 only one escape parser directive can be used']);
    assert.deepEqual(findings('DuplicateDirective', '# syntax=docker/dockerfile:1\n# check=skip=all\n# SYNTAX=docker/dockerfile:1.7\nFROM alpine\n'), ['3:0-3:30 only one syntax parser directive can be used']);
  });

  it('accepts one of each, and directive-like comments once directives have ended', () => {
    assertClean('DuplicateDirective', '# syntax=docker/dockerfile:1\n# escape=\\\n# check=skip=all\nFROM alpine\n', '# syntax=docker/dockerfile:1\n# a comment\n# syntax=b\nFROM alpine\n');
  });

  it('deletes the repeated line', () => {
    assertFixes('DuplicateDirective', '# escape=`\n# escape=\\\nFROM alpine\n', '# escape=`\nFROM alpine\n');
  });
});
