/**
 * LegacyKeyValueFormat: `ENV key value` or `LABEL key value`, the whitespace-separated form.
 * The fix writes `key=value` with the same value: unchanged when it is one word; wrapped in
 * double quotes when it only needs that (continuation lines stay where they are); otherwise
 * rewritten on one line as a double-quoted word that the lexer reads back identically.
 */
import { keyValuePairs, KeyValuePair } from '../../../keyValues';
import { LintContext, TextEdit } from '../../rule';
import { BuildkitRule, ruleUrl } from './buildkitRule';
import { asDoubleQuotedWord, isOneWord } from './wordQuoting';

export const legacyKeyValueFormat: BuildkitRule = {
  id: 'LegacyKeyValueFormat',
  locality: 'instruction',
  category: 'buildkit',
  defaultSeverity: 'warning',
  description: 'Legacy key/value format with whitespace separator should not be used',
  url: ruleUrl('legacy-key-value-format'),
  fixable: true,
  check(context, report) {
    for (const instruction of context.model.instructions) {
      if (instruction.name !== 'ENV' && instruction.name !== 'LABEL') continue;
      const name = instruction.keyword.value;
      for (const pair of keyValuePairs(instruction)) {
        if (!pair.legacy) continue;
        report({
          range: { start: pair.key.range.start, end: pair.value.range.end },
          message: `"${name} key=value" should be used instead of legacy "${name} key value" format`,
          instruction,
          fixes: [{ title: `Use ${name} ${pair.key.value}=...`, edits: keyValueEdits(context, pair), preferred: true }],
        });
      }
    }
  },
};

function keyValueEdits(context: LintContext, pair: KeyValuePair): TextEdit[] {
  const { lines } = context.model;
  const escape = context.model.escapeToken;
  const raw = pair.value.value;
  const gap = { start: pair.key.range.end, end: pair.value.range.start };
  if (isOneWord(raw, escape)) return [{ range: gap, newText: '=' }];
  if (!raw.includes('"') && !raw.includes("'") && !raw.includes(escape)) {
    return [
      { range: gap, newText: '="' },
      { range: { start: pair.value.range.end, end: pair.value.range.end }, newText: '"' },
    ];
  }
  return [{ range: lines.rangeOf(pair.key.end, pair.value.end), newText: '=' + asDoubleQuotedWord(raw, escape) }];
}
