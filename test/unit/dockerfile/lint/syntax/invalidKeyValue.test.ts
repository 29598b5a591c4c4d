import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings } from './syntaxLint';

describe('InvalidKeyValue', () => {
  it('reports the legacy form without a value', () => {
    assert.deepEqual(findings('InvalidKeyValue', 'FROM alpine\nENV FOO\nLABEL version\n'), [
      '2:4-2:7 ENV must have two arguments (write FOO=<value>)',
      '3:6-3:13 LABEL must have two arguments (write version=<value>)',
    ]);
  });

  it('points at the word without "=" in the key=value form', () => {
    assert.deepEqual(findings('InvalidKeyValue', 'FROM alpine\nENV A=1 B C=3\n'), ['2:8-2:9 Syntax error - can\'t find = in "B". Must be of the form: name=value']);
  });

  it('reports blank names in ENV, LABEL and ARG', () => {
    assert.deepEqual(findings('InvalidKeyValue', 'ARG =x\nFROM alpine\nENV =x\nLABEL a=b =c\n'), [
      '1:4-1:6 ARG names can not be blank',
      '3:4-3:6 ENV names can not be blank',
      '4:10-4:12 LABEL names can not be blank',
    ]);
  });

  it('reports inside ONBUILD triggers, which BuildKit parses with the instruction', () => {
    assert.deepEqual(findings('InvalidKeyValue', 'FROM alpine\nONBUILD ENV FOO\n'), ['2:12-2:15 ENV must have two arguments (write FOO=<value>)']);
  });

  it('accepts valid forms, quoted values and continuations', () => {
    assertClean('InvalidKeyValue', 'ARG A B=1 C=\nFROM alpine\nENV A=1 B="x y" C=\nENV LEGACY value with spaces\nLABEL "a b"="c" \\\n  d=e\nENV X\\ Y=1\n');
  });

  it('gives a lone ENV key an empty value', () => {
    assertFixes('InvalidKeyValue', 'FROM alpine\nENV FOO\n', 'FROM alpine\nENV FOO=""\n');
  });
});
