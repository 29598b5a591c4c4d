/**
 * All syntax rules over BuildKit's positive parser corpus: the parser accepts every file, so no rule
 * may crash, and the only findings are the ones listed here, each an error BuildKit reports when it
 * goes on to build the file (checked against instructions/parse.go and dockerfile2llb).
 */
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { syntaxRules } from '../../../../../engine/src/dockerfile/lint/rules/syntax';
import { corpusDir } from '../../corpus';
import { lintWith } from '../lintWith';
import { where } from './syntaxLint';

const EXPECTED: Record<string, string[]> = {
  // ENV name='a\'b' — no escapes inside single quotes, so the value's last quote is unterminated.
  env: ['12:9-12:15 InvalidExpansion'],
  // ADD \conf\\" /.znc — the escaped backslash leaves a lone double quote in the source path.
  escapes: ['6:4-6:12 InvalidExpansion'],
  // --user and --doit are no flags of COPY; CMD takes none (bflag.go: "unknown flag").
  flags: [
    '3:5-3:11 UnknownFlag', '4:5-4:11 UnknownFlag', '5:5-5:11 UnknownFlag', '5:15-5:21 UnknownFlag',
    '6:5-6:11 UnknownFlag', '8:4-8:10 UnknownFlag', '9:4-9:10 UnknownFlag', '10:4-10:10 UnknownFlag',
  ],
  // HEALTHCHECK with no argument, CMD without a command, and a CONNECT type (parseHealthcheck).
  health: ['4:0-4:11 ArgumentCount', '7:12-7:15 ArgumentCount', '10:12-10:19 InvalidHealthcheckType'],
  // These files start with CMD: "no build stage in current context" (instructions.Parse).
  'jeztah-invalid-json-json-inside-string': ['1:0-1:3 NoBuildStage'],
  'jeztah-invalid-json-json-inside-string-double': ['1:0-1:3 NoBuildStage'],
  'jeztah-invalid-json-single-quotes': ['1:0-1:3 NoBuildStage'],
  'jeztah-invalid-json-unterminated-bracket': ['1:0-1:3 NoBuildStage'],
  'jeztah-invalid-json-unterminated-string': ['1:0-1:3 NoBuildStage'],
  json: ['1:0-1:3 NoBuildStage'],
};

describe('syntax rules over BuildKit\'s parser corpus', () => {
  const ids = syntaxRules.map((r) => r.id);
  const dir = corpusDir('testfiles');
  const names = readdirSync(dir).sort();
  it('lists expected findings only for files the corpus has', () => {
    assert.deepEqual(Object.keys(EXPECTED).filter((name) => !names.includes(name)), []);
  });
  for (const name of names) {
    it(`finds only BuildKit's own errors in ${name}`, () => {
      const text = readFileSync(join(dir, name, 'Dockerfile'), 'utf8');
      const diagnostics = lintWith(ids, text);
      assert.deepEqual(diagnostics.filter((d) => d.message.startsWith('internal error')), []);
      assert.deepEqual(diagnostics.map((d) => `${where(d)} ${d.ruleId}`), EXPECTED[name] ?? []);
    });
  }
});

const NEGATIVE: Record<string, string[]> = {
  empty_dockerfile: ['1:0-1:0 NoBuildStage'],
  env_no_value: ['3:4-3:8 InvalidKeyValue'],
  only_comments: ['1:0-4:0 NoBuildStage'],
  'shykes-nested-json': ['1:0-1:3 NoBuildStage', '1:4-1:33 JsonArrayNotStrings'],
};

describe('syntax rules over BuildKit\'s negative parser corpus', () => {
  const ids = syntaxRules.map((r) => r.id);
  const dir = corpusDir('testfiles-negative');
  for (const name of readdirSync(dir).sort()) {
    it(`reports why BuildKit rejects ${name}`, () => {
      const text = readFileSync(join(dir, name, 'Dockerfile'), 'utf8');
      assert.deepEqual(lintWith(ids, text).map((d) => `${where(d)} ${d.ruleId}`), NEGATIVE[name] ?? ['(no expectation written for this file)']);
    });
  }
});
