import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings, fixTitles } from './syntaxLint';

describe('InvalidOnbuildTrigger', () => {
  it('reports FROM, MAINTAINER and ONBUILD as triggers', () => {
    assert.deepEqual(findings('InvalidOnbuildTrigger', 'FROM alpine\nONBUILD FROM x\nonbuild maintainer me\nONBUILD ONBUILD RUN x\n'), [
      "2:8-2:12 FROM isn't allowed as an ONBUILD trigger",
      "3:8-3:18 MAINTAINER isn't allowed as an ONBUILD trigger",
      '4:8-4:15 Chaining ONBUILD via `ONBUILD ONBUILD` isn\'t allowed',
    ]);
  });

  it('accepts other triggers', () => {
    assertClean('InvalidOnbuildTrigger', 'FROM alpine\nONBUILD RUN x\nONBUILD COPY . /app\nONBUILD ENV A=b\n');
  });

  it('drops a doubled ONBUILD, and has no fix for FROM', () => {
    assertFixes('InvalidOnbuildTrigger', 'FROM alpine\nONBUILD ONBUILD RUN x\n', 'FROM alpine\nONBUILD RUN x\n');
    assert.deepEqual(fixTitles('InvalidOnbuildTrigger', 'FROM alpine\nONBUILD FROM x\n'), []);
  });
});
