import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDockerfile } from '../../../../../engine/src/dockerfile/model';
import { computeScopes } from '../../../../../engine/src/dockerfile/scope';
import { computeStageGraph } from '../../../../../engine/src/dockerfile/stageGraph';
import { shellScriptsOf } from '../../../../../engine/src/dockerfile/lint/shellScripts';
import { Finding, LintContext } from '../../../../../engine/src/dockerfile/lint/rule';
import { buildkitRules } from '../../../../../engine/src/dockerfile/lint/rules/buildkit';
import { BuildkitRule } from '../../../../../engine/src/dockerfile/lint/rules/buildkit/buildkitRule';
import { corpusDir } from '../../corpus';
import { applyFix } from '../lintWith';

/** Every check, experimental ones included, with a build context and an engine catalog in view. */
function runAll(text: string): { rule: BuildkitRule; finding: Finding }[] {
  const model = parseDockerfile(text);
  const scopes = computeScopes(model);
  const context: LintContext = {
    model,
    document: model,
    scopes,
    stageGraph: computeStageGraph(model, scopes),
    buildContext: { ignorePatterns: ['*.md', 'tmp', '**/*.pem', 'docs/**'], exists: () => true },
    shellScripts: (instruction) => shellScriptsOf(model, instruction),
    imagePlatforms: { platformOf: () => ({ os: 'linux', architecture: 'arm64' }) },
  };
  const out: { rule: BuildkitRule; finding: Finding }[] = [];
  for (const rule of buildkitRules) rule.check(context, (finding) => out.push({ rule, finding }));
  return out;
}

describe("BuildKit checks over BuildKit's parser corpus", () => {
  const dir = corpusDir('testfiles');
  for (const name of readdirSync(dir).sort()) {
    it(`runs every check on ${name} and every quick fix applies`, () => {
      const text = readFileSync(join(dir, name, 'Dockerfile'), 'utf8');
      for (const { rule, finding } of runAll(text)) {
        assert.ok(finding.message.length > 0, `${rule.id} reported an empty message`);
        if (!rule.fixable) assert.deepEqual(finding.fixes ?? [], [], `${rule.id} says it is not fixable but offered a fix`);
        for (const fix of finding.fixes ?? []) {
          const edits = [...fix.edits].sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
          for (let i = 1; i < edits.length; i++) {
            const before = edits[i - 1].range.end;
            const after = edits[i].range.start;
            assert.ok(before.line < after.line || (before.line === after.line && before.character <= after.character), `${rule.id}: overlapping edits in "${fix.title}"`);
          }
          runAll(applyFix(text, fix));
        }
      }
    });
  }
});
