import { strict as assert } from 'node:assert';
import { findings, fixed } from './checks';

const RULE = 'InvalidDefinitionDescription';
const ON = '# check=experimental=InvalidDefinitionDescription\n';

describe('InvalidDefinitionDescription', () => {
  it('is experimental: silent unless enabled', () => {
    assert.deepEqual(findings(RULE, '# a non-descriptive comment\nFROM scratch AS base\n'), []);
    assert.equal(findings(RULE, '# check=experimental=all\n# a non-descriptive comment\nFROM scratch AS base\n').length, 1);
  });

  it('reports a comment above a named FROM or an ARG that does not start with the name, on the comment', () => {
    const text = ON + '# a non-descriptive comment\nFROM scratch AS base\n\n# another non-descriptive comment\nARG VERSION=1\n';
    assert.deepEqual(findings(RULE, text), [
      '2:1-2:28 Comment for FROM should follow the format: `# base <description>`',
      '5:1-5:34 Comment for ARG should follow the format: `# VERSION <description>`',
    ]);
  });

  it('uses a placeholder when an ARG declares several names', () => {
    assert.deepEqual(findings(RULE, ON + 'FROM scratch\n# definitely a bad comment\nARG foo=baz bar=qux baz=quux\n'), [
      '3:1-3:27 Comment for ARG should follow the format: `# <arg_key> <description>`',
    ]);
  });

  it('accepts descriptions, unnamed stages, other instructions and comments cut off by a lone #', () => {
    const text = [
      ON.trim(),
      '# foo this is the foo',
      'ARG foo=bar',
      '',
      '# base this is the base image',
      'FROM scratch AS base',
      '# comment on an unnamed stage',
      'FROM scratch',
      '# baz this is the baz',
      'ARG foo=baz bar=qux baz=quux',
      '# not a description',
      '#',
      'ARG bit=bat',
      '# comment for something other than ARG or FROM',
      'COPY Dockerfile .',
      '',
    ].join('\n');
    assert.deepEqual(findings(RULE, text), []);
  });

  it('compares the stage name lower-cased, as BuildKit stores it', () => {
    assert.equal(findings(RULE, ON + '# BasE this is the BasE image\nFROM scratch AS base\n').length, 1);
  });

  it('keeps counting the comment across a blank line, as BuildKit parses it', () => {
    assert.equal(findings(RULE, ON + '# a non-descriptive comment\n\nFROM scratch AS base\n').length, 1);
  });

  it('detaches the comment with a lone #', () => {
    const result = fixed(RULE, ON + 'FROM alpine\n  # unrelated note\n  ARG VERSION=1\n');
    assert.equal(result.text, ON + 'FROM alpine\n  # unrelated note\n#\n  ARG VERSION=1\n');
    assert.equal(result.preferred, false);
  });

  it('does not count an indented # as a separator (BuildKit drops the first character, not the #)', () => {
    assert.equal(findings(RULE, ON + '# a note\n  #\nFROM scratch AS base\n').length, 1);
  });

  it('is skipped by a check comment above the instruction', () => {
    assert.deepEqual(findings(RULE, ON + '# check=skip=InvalidDefinitionDescription\nFROM scratch AS a\n'), []);
  });
});
