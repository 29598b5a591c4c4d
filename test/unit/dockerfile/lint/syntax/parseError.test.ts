import { strict as assert } from 'node:assert';
import { syntaxRules } from '../../../../../engine/src/dockerfile/lint/rules/syntax';
import { findings } from './syntaxLint';
import { lintWith } from '../lintWith';

describe('ParseError', () => {
  it('leaves every parser error the model records today to a more precise rule', () => {
    const text = '# escape=x\n# escape=`\nFROM alpine\nENV A\nENV B=1 C\nCMD ["a", 1]\nRUN <<EOF\n';
    assert.deepEqual(findings('ParseError', text), []);
    const ids = new Set(lintWith(syntaxRules.map((r) => r.id), text).map((d) => d.ruleId));
    assert.deepEqual([...ids].sort(), ['DuplicateDirective', 'InvalidEscapeDirective', 'InvalidHeredoc', 'InvalidKeyValue', 'JsonArrayNotStrings']);
  });
});
