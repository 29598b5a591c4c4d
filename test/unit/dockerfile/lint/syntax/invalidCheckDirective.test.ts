import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings, fixTitles } from './syntaxLint';

describe('InvalidCheckDirective', () => {
  it('reports options BuildKit does not know, case-sensitively', () => {
    assert.deepEqual(findings('InvalidCheckDirective', '# check=skip=A;foo=b\nFROM alpine\n'), ['1:15-1:18 failed to parse check options: invalid check option "foo"']);
    assert.deepEqual(findings('InvalidCheckDirective', '# check=Skip=all\nFROM alpine\n'), ['1:8-1:12 failed to parse check options: invalid check option "Skip"']);
    assert.deepEqual(findings('InvalidCheckDirective', '# check=skip\nFROM alpine\n'), ['1:8-1:12 failed to parse check options: invalid check option "skip"']);
  });

  it('reports error= values that are not Go bools', () => {
    assert.deepEqual(findings('InvalidCheckDirective', '# check=error=yes\nFROM alpine\n'), [
      '1:14-1:17 failed to parse check options: failed to parse check option "error=yes": strconv.ParseBool: parsing "yes": invalid syntax',
    ]);
  });

  it('accepts what BuildKit accepts, reading only up to the first space', () => {
    assertClean(
      'InvalidCheckDirective',
      '# check=skip=JSONArgsRecommended,StageNameCasing;error=true\nFROM alpine\n',
      '# check=skip=all;experimental=all;error=1\nFROM alpine\n',
      '# check=error=T and then anything\nFROM alpine\n',
      '# check=skip=a;error=false;experimental=b;other=c\nFROM alpine\n',
      'FROM alpine\n# check=nonsense\n',
    );
  });

  it('fixes the option case and yes/no values', () => {
    assertFixes('InvalidCheckDirective', '# check=Skip=all\nFROM alpine\n', '# check=skip=all\nFROM alpine\n');
    assertFixes('InvalidCheckDirective', '# check=error=yes\nFROM alpine\n', '# check=error=true\nFROM alpine\n');
    assert.deepEqual(fixTitles('InvalidCheckDirective', '# check=foo=b\nFROM alpine\n'), []);
  });
});
