import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings } from './syntaxLint';

describe('ShellNotJson', () => {
  it('reports SHELL in shell form', () => {
    assert.deepEqual(findings('ShellNotJson', 'FROM alpine\nSHELL /bin/bash -c\n'), ['2:6-2:18 SHELL requires the arguments to be in JSON form']);
    assert.deepEqual(findings('ShellNotJson', "FROM alpine\nSHELL ['sh', '-c']\n"), ["2:6-2:18 SHELL requires the arguments to be in JSON form"]);
  });

  it('accepts the JSON form and leaves an empty SHELL to ArgumentCount', () => {
    assertClean('ShellNotJson', 'FROM alpine\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nSHELL []\nSHELL\n');
  });

  it('rewrites the words as a JSON array', () => {
    assertFixes('ShellNotJson', 'FROM alpine\nSHELL /bin/bash -c\n', 'FROM alpine\nSHELL ["/bin/bash", "-c"]\n');
    assertFixes('ShellNotJson', 'FROM alpine\nSHELL powershell -Command "$ErrorActionPreference = \'Stop\';"\n', 'FROM alpine\nSHELL ["powershell", "-Command", "$ErrorActionPreference = \'Stop\';"]\n');
  });
});
