// Writes one severity setting per lint rule into package.json (contributes.configuration), from
// the rule registry, so the Settings UI lists every rule with its default and documentation.
// Run after `node scripts/build.mjs --tests` (it reads the transpiled registry in out/);
// test/unit/manifest.test.ts fails when package.json is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { ruleSettingsSections } = require('../out/engine/src/dockerfile/lint/ruleSettings.js');

const manifestPath = new URL('../package.json', import.meta.url);
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
const sections = Array.isArray(manifest.contributes.configuration) ? manifest.contributes.configuration : [manifest.contributes.configuration];
const general = sections.find((s) => s.id === 'berth' || s.title === 'Berth');
delete general.properties['berth.rules'];
general.id = 'berth';
manifest.contributes.configuration = [general, ...ruleSettingsSections()];
writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
console.log(`package.json: ${ruleSettingsSections().reduce((n, s) => n + Object.keys(s.properties).length, 0)} rule settings`);
