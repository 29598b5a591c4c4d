import { strict as assert } from 'node:assert';
import { assertNoQuickFix, findings } from './checks';

const RULE = 'SecretsUsedInArgOrEnv';
const message = (kind: string, key: string) => `Do not use ARG or ENV instructions for sensitive data (${kind} "${key}")`;

describe('SecretsUsedInArgOrEnv', () => {
  it('reports ARG and ENV names that read like secrets, on the name', () => {
    assert.deepEqual(findings(RULE, 'FROM alpine\nARG AWS_ACCESS_KEY_ID\nARG AWS_SECRET_ACCESS_KEY\n'), [
      `2:5-2:22 ${message('ARG', 'AWS_ACCESS_KEY_ID')}`,
      `3:5-3:26 ${message('ARG', 'AWS_SECRET_ACCESS_KEY')}`,
    ]);
  });

  it('matches the tokens as whole names or _-separated parts, in any case', () => {
    const text = 'FROM scratch\nENV Github_Token=x\nENV password=a apikey=b\nARG db_passwd=c auth\nENV git_key=\nENV credentials=1 pword=2\n';
    assert.deepEqual(
      findings(RULE, text).map((f) => f.replace(/^.*\((.*)\)$/, '$1')),
      ['ENV "Github_Token"', 'ENV "password"', 'ENV "apikey"', 'ARG "db_passwd"', 'ARG "auth"', 'ENV "git_key"', 'ENV "credentials"', 'ENV "pword"'],
    );
  });

  it('ignores tokens inside words, and names marked public, file or version', () => {
    const text = 'FROM scratch\nENV sunflower=1 KEYBOARD=2 monkey=3\nENV PUBLIC_KEY= secret_File=baz\nARG SECRET_PASSPHRASE_FILE\nARG AUTH_MODULE_VERSION\nARG public_token\n';
    assert.deepEqual(findings(RULE, text), []);
  });

  it('does not check ARGs before the first FROM', () => {
    assert.deepEqual(findings(RULE, 'ARG GITHUB_TOKEN\nFROM alpine\n'), []);
  });

  it('offers no quick fix', () => {
    assertNoQuickFix(RULE, 'FROM scratch\nARG TOKEN\n');
  });

  it('is skipped by the check directive and by a comment above the instruction', () => {
    assert.deepEqual(findings(RULE, '# check=skip=SecretsUsedInArgOrEnv\nFROM scratch\nENV password=x\n'), []);
    assert.deepEqual(findings(RULE, 'FROM scratch\n# check=skip=SecretsUsedInArgOrEnv // allow a secret here\nENV password=x\nARG password\n'), [`4:5-4:13 ${message('ARG', 'password')}`]);
  });
});
