import { strict as assert } from 'node:assert';
import { keyValuePairs } from '../../../../../engine/src/dockerfile/keyValues';
import { parseDockerfile } from '../../../../../engine/src/dockerfile/model';
import { mapEnvironment, processWord } from '../../../../../engine/src/dockerfile/shellLexer';
import { findings, fixed } from './checks';

const RULE = 'LegacyKeyValueFormat';

/** Each key with the value the builder gives it, for the file's ENV and LABEL instructions. */
function values(text: string): string[] {
  const model = parseDockerfile(text);
  return model.instructions
    .filter((i) => i.name === 'ENV' || i.name === 'LABEL')
    .flatMap((i) => keyValuePairs(i).map((p) => `${p.key.value}=${processWord(p.value.value, mapEnvironment(new Map([['A', 'x']])), model.escapeToken).result}`));
}

/** Fixes `text` and checks the fixed file gives every key the same value. */
function fixKeepingValues(text: string): string {
  const result = fixed(RULE, text);
  assert.equal(result.preferred, true);
  assert.deepEqual(values(result.text), values(text));
  return result.text;
}

describe('LegacyKeyValueFormat', () => {
  it('reports ENV and LABEL in the whitespace form, over the key and value', () => {
    assert.deepEqual(findings(RULE, 'FROM scratch\nENV testkey value\nLABEL key value\n'), [
      '2:5-2:18 "ENV key=value" should be used instead of legacy "ENV key value" format',
      '3:7-3:16 "LABEL key=value" should be used instead of legacy "LABEL key value" format',
    ]);
  });

  it('names the instruction as written', () => {
    assert.deepEqual(findings(RULE, 'from scratch\nenv a b\n'), ['2:5-2:8 "env key=value" should be used instead of legacy "env key value" format']);
  });

  it('accepts key=value, and ARG (whose spaces separate names)', () => {
    assert.deepEqual(findings(RULE, 'FROM scratch\nENV testkey=value\nLABEL key=value a="b c"\nARG foo bar\n'), []);
  });

  it('fixes a one-word value by writing =', () => {
    assert.equal(fixKeepingValues('FROM scratch\nENV testkey value\n'), 'FROM scratch\nENV testkey=value\n');
    assert.equal(fixKeepingValues('FROM scratch\nLABEL version "1.0 beta"\n'), 'FROM scratch\nLABEL version="1.0 beta"\n');
  });

  it('quotes a value with spaces, keeping its continuation lines', () => {
    const text = 'FROM alpine\nENV DEPS \\\n    curl \\\n    git \\\n    make\n';
    assert.equal(fixKeepingValues(text), 'FROM alpine\nENV DEPS="curl \\\n    git \\\n    make"\n');
  });

  it('rewrites a value with quotes, escapes and variables as one double-quoted word', () => {
    const text = 'FROM alpine\nENV MSG \'lit $A "q"\'  "$A" \\$HOME ${A:-d}\n';
    assert.equal(fixKeepingValues(text), 'FROM alpine\nENV MSG="lit \\$A \\"q\\"  $A \\$HOME ${A:-d}"\n');
  });

  it('uses the backtick escape token when the file does', () => {
    const text = '# escape=`\nFROM alpine\nENV P C:\\a b\n';
    fixKeepingValues(text);
  });

  it('is skipped by the check directive and by a comment above the instruction', () => {
    assert.deepEqual(findings(RULE, '# check=skip=LegacyKeyValueFormat\nFROM scratch\nENV a b\n'), []);
    assert.deepEqual(findings(RULE, 'FROM scratch\n# check=skip=LegacyKeyValueFormat\nENV a b\n# check=skip=LegacyKeyValueFormat\nLABEL a b\n'), []);
  });
});
