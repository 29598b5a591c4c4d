import { strict as assert } from 'node:assert';
import { assertNoQuickFix, findings, fixed } from './checks';

const RULE = 'WorkdirRelativePath';

describe('WorkdirRelativePath', () => {
  it('reports a relative first WORKDIR, on the path', () => {
    assert.deepEqual(findings(RULE, 'FROM nginx AS web\nWORKDIR usr/share/nginx/html\nCOPY public .\n'), [
      '2:9-2:29 Relative workdir "usr/share/nginx/html" can have unexpected results if the base image changes',
    ]);
  });

  it('accepts an absolute path, and relative ones after it', () => {
    assert.deepEqual(findings(RULE, 'FROM nginx\nWORKDIR /usr/share/nginx/html\nWORKDIR assets\n'), []);
  });

  it('reports only the first relative WORKDIR of a stage', () => {
    assert.equal(findings(RULE, 'FROM alpine\nWORKDIR app\nWORKDIR src\n').length, 1);
  });

  it('accepts a relative WORKDIR in a stage built on one that set a WORKDIR', () => {
    assert.deepEqual(findings(RULE, 'FROM scratch AS a\nWORKDIR /app\n\nFROM a AS b\nWORKDIR subdir/\n'), []);
  });

  it('checks the path after expansion', () => {
    assert.deepEqual(findings(RULE, 'FROM alpine\nARG ROOT=/srv\nWORKDIR $ROOT/app\n'), []);
    assert.deepEqual(findings(RULE, 'FROM alpine\nARG DIR=app\nWORKDIR $DIR\n'), ['3:9-3:13 Relative workdir "app" can have unexpected results if the base image changes']);
  });

  it('stays quiet when the path uses a variable only an unknown base image could define', () => {
    assert.deepEqual(findings(RULE, 'FROM python\nWORKDIR $HOME/app\n'), []);
    // Over scratch nothing defines HOME: it expands to nothing, as in BuildKit.
    assert.deepEqual(findings(RULE, 'FROM scratch\nWORKDIR $HOME/app\n'), []);
    assert.deepEqual(findings(RULE, 'FROM scratch\nWORKDIR ${HOME}app\n'), ['2:9-2:19 Relative workdir "app" can have unexpected results if the base image changes']);
  });

  it('uses Windows rules for a Windows stage', () => {
    const windows = '# escape=`\nFROM --platform=windows/amd64 mcr.microsoft.com/windows/nanoserver AS win\n';
    assert.deepEqual(findings(RULE, windows + 'WORKDIR C:\\app\n'), []);
    assert.deepEqual(findings(RULE, windows + 'WORKDIR \\app\n'), []);
    assert.equal(findings(RULE, 'FROM --platform=windows/amd64 mcr.microsoft.com/windows/nanoserver AS win\nWORKDIR app\n').length, 1);
  });

  it('makes the path absolute over scratch, whose working directory is /', () => {
    const result = fixed(RULE, 'FROM scratch AS a\nFROM a\nWORKDIR app/\n');
    assert.equal(result.text, 'FROM scratch AS a\nFROM a\nWORKDIR /app/\n');
    assert.equal(result.preferred, true);
  });

  it('offers no fix over an image whose working directory is unknown', () => {
    assertNoQuickFix(RULE, 'FROM nginx\nWORKDIR html\n');
  });

  it('is skipped by the check directive and by a comment above the WORKDIR', () => {
    assert.deepEqual(findings(RULE, '# check=skip=WorkdirRelativePath\nFROM scratch\nWORKDIR app/\n'), []);
    assert.deepEqual(findings(RULE, 'FROM scratch\n# check=skip=WorkdirRelativePath\nWORKDIR app/\n'), []);
  });
});
