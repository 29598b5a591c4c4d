import { strict as assert } from 'node:assert';
import { syntaxRules } from '../../../../../engine/src/dockerfile/lint/rules/syntax';
import { lintWith } from '../lintWith';

const ids = syntaxRules.map((r) => r.id);
const broken = 'FROM alpine\nINCLUDE ./other.Dockerfile\nCOPY --from=x --from=y a\n';

describe('dockerfileFrontendOnly', () => {
  it('checks files for Docker\'s Dockerfile frontend, whatever its version', () => {
    for (const syntax of ['', '# syntax=docker/dockerfile:1\n', '# syntax=docker.io/docker/dockerfile:1.7-labs\n', `# syntax=docker/dockerfile-upstream:master@sha256:${'0'.repeat(64)}\n`]) {
      assert.deepEqual(lintWith(ids, syntax + broken).map((d) => d.ruleId), ['UnknownInstruction', 'DuplicateFlag', 'ArgumentCount'], syntax);
    }
  });

  it('says nothing when the file selects another frontend', () => {
    assert.deepEqual(lintWith(ids, '# syntax=devthefuture/dockerfile-x\n' + broken), []);
  });
});
