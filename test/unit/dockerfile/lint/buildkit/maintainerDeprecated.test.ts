import { strict as assert } from 'node:assert';
import { keyValuePairs } from '../../../../../engine/src/dockerfile/keyValues';
import { parseDockerfile } from '../../../../../engine/src/dockerfile/model';
import { emptyEnvironment, processWord } from '../../../../../engine/src/dockerfile/shellLexer';
import { findings, fixed } from './checks';

/** The value the builder gives the first label of the file's second instruction. */
function labelValue(text: string): string {
  const model = parseDockerfile(text);
  const label = model.instructions.find((i) => i.name === 'LABEL');
  assert.ok(label, 'no LABEL in the fixed file');
  return processWord(keyValuePairs(label)[0].value.value, emptyEnvironment, model.escapeToken).result;
}

const RULE = 'MaintainerDeprecated';

describe('MaintainerDeprecated', () => {
  it('reports MAINTAINER, over the whole instruction', () => {
    assert.deepEqual(findings(RULE, 'FROM scratch\nMAINTAINER moby@example.com\n'), ['2:1-2:28 Maintainer instruction is deprecated in favor of using label']);
  });

  it('accepts the authors label', () => {
    assert.deepEqual(findings(RULE, 'FROM scratch\nLABEL org.opencontainers.image.authors="moby@example.com"\n'), []);
  });

  it('replaces it with the authors label', () => {
    const result = fixed(RULE, 'FROM scratch\nMAINTAINER Jane Doe <jane@example.com>\n');
    assert.equal(result.text, 'FROM scratch\nLABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"\n');
    assert.equal(result.preferred, true);
  });

  it('quotes so the label keeps the text literally', () => {
    const text = 'FROM scratch\nMAINTAINER "Bob" $USER \\o/\n';
    const result = fixed(RULE, text);
    assert.equal(result.text, 'FROM scratch\nLABEL org.opencontainers.image.authors="\\"Bob\\" \\$USER \\\\o/"\n');
    assert.equal(labelValue(result.text), '"Bob" $USER \\o/');
  });

  it('quotes with the backtick when that is the escape token, and keeps lower case', () => {
    const text = '# escape=`\nfrom scratch\nmaintainer a"b\n';
    const result = fixed(RULE, text);
    assert.equal(result.text, '# escape=`\nfrom scratch\nlabel org.opencontainers.image.authors="a`"b"\n');
    assert.equal(labelValue(result.text), 'a"b');
  });

  it('is skipped by the check directive and by a comment above the instruction', () => {
    assert.deepEqual(findings(RULE, '# check=skip=MaintainerDeprecated\nFROM scratch\nMAINTAINER me\n'), []);
    assert.deepEqual(findings(RULE, 'FROM scratch\n# check=skip=MaintainerDeprecated\nMAINTAINER me\n'), []);
  });
});
