import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered } from './ruleCases';
import { ruleById } from '../../../../../engine/src/dockerfile/lint/rules';

describe('dl3000 (DL3000 absolute WORKDIR)', () => {
  it('reports relative paths, quoted or not, on the path', () => {
    for (const path of ['relative/dir', "'relative/dir'", '"relative/dir"']) {
      const [d] = catches('DL3000', `FROM scratch\nWORKDIR ${path}\n`, 1);
      assert.equal(d.message, 'Use absolute WORKDIR');
      assert.equal(d.severity, 'error');
      assert.equal(covered(`FROM scratch\nWORKDIR ${path}\n`, d), path);
    }
  });

  it('accepts absolute, variable and Windows paths', () => {
    for (const path of ['/usr/local', "'/usr/local'", '"/usr/local"', '${work}', '"${dir}"', "'C:\\'", '"C:\\"', 'C:/', '"C:/"', '$HOME/app']) {
      catchesNot('DL3000', `FROM scratch\nWORKDIR ${path}\n`);
    }
  });

  it('declares its BuildKit counterpart', () => {
    assert.deepEqual(ruleById('DL3000')?.equivalentTo, ['WorkdirRelativePath']);
  });

  it('honours # hadolint ignore', () => {
    catchesNot('DL3000', 'FROM scratch\n# hadolint ignore=DL3000\nWORKDIR app\n');
  });
});
