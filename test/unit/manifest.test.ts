import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ruleSettingsSections } from '../../engine/src/dockerfile/lint/ruleSettings';
import { allRules } from '../../engine/src/dockerfile/lint/rules';
import { settingsFrom } from '../../server/src/settings';

const manifest = JSON.parse(readFileSync(resolve(__dirname, '../../../package.json'), 'utf8'));

describe('package.json', () => {
  it('contributes one severity setting per lint rule, as the registry describes them', () => {
    const sections = manifest.contributes.configuration as { id: string; properties: Record<string, unknown> }[];
    const generated = ruleSettingsSections();
    for (const section of generated) {
      const found = sections.find((s) => s.id === section.id);
      assert.deepEqual(found, section, `section ${section.id} is out of date: run node scripts/build.mjs --tests && node scripts/sync-manifest.mjs`);
    }
    const ids = generated.flatMap((s) => Object.keys(s.properties));
    assert.equal(new Set(ids).size, allRules.length, 'every rule has exactly one setting');
  });

  it('has rule ids that are unique across categories', () => {
    assert.equal(new Set(allRules.map((r) => r.id)).size, allRules.length);
  });

  it('maps the nested settings VS Code sends to per-rule severities', () => {
    const settings = settingsFrom({ rules: { DL3008: 'off', JSONArgsRecommended: 'error', DL3006: 'default', Bogus: 'loud' } });
    assert.deepEqual([...settings.rules], [['DL3008', 'off'], ['JSONArgsRecommended', 'error']]);
  });
});
