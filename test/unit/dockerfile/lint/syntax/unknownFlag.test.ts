import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings, fixTitles } from './syntaxLint';

describe('UnknownFlag', () => {
  it('reports flags the instruction does not define, with BuildKit\'s case-sensitive suggestion', () => {
    assert.deepEqual(findings('UnknownFlag', 'FROM alpine\nRUN --mont=type=cache,target=/x true\n'), ['2:4-2:10 unknown flag: --mont (did you mean mount?)']);
    assert.deepEqual(findings('UnknownFlag', 'FROM alpine\nCOPY --FROM=a b c\n'), ['2:5-2:11 unknown flag: --FROM']);
    assert.deepEqual(findings('UnknownFlag', 'FROM alpine\nADD --from=a b c\n'), ['2:4-2:10 unknown flag: --from']);
    assert.deepEqual(findings('UnknownFlag', 'FROM --plaform=linux/amd64 alpine\n'), ['1:5-1:14 unknown flag: --plaform (did you mean platform?)']);
  });

  it('says when the instruction takes no flags at all', () => {
    assert.deepEqual(findings('UnknownFlag', 'FROM alpine\nCMD --doit [ "a", "b" ]\nWORKDIR --x=1 /a\n'), [
      '2:4-2:10 unknown flag: --doit (CMD takes no flags)',
      '3:8-3:11 unknown flag: --x (WORKDIR takes no flags)',
    ]);
  });

  it('checks the flags of ONBUILD and of its trigger', () => {
    assert.deepEqual(findings('UnknownFlag', 'FROM alpine\nONBUILD --x COPY --chmood=755 a b\n'), [
      '2:8-2:11 unknown flag: --x (ONBUILD takes no flags)',
      '2:17-2:25 unknown flag: --chmood (did you mean chmod?)',
    ]);
  });

  it('stays silent where BuildKit never parses flags: ARG, STOPSIGNAL, HEALTHCHECK NONE', () => {
    assertClean('UnknownFlag', 'ARG --x=1 A\nFROM alpine\nSTOPSIGNAL --y SIGTERM\nHEALTHCHECK --z NONE\n');
  });

  it('accepts every flag BuildKit registers', () => {
    assertClean(
      'UnknownFlag',
      [
        'FROM --platform=$BUILDPLATFORM golang:1.22 AS build',
        'COPY --from=0 --chown=1:1 --chmod=755 --link --exclude=*.md --exclude=x --parents a /b/',
        'ADD --chown=1 --chmod=644 --link=false --keep-git-dir --checksum=sha256:x --unpack --exclude=a https://x/a /b',
        'RUN --mount=type=cache,target=/root/.cache --network=none --security=sandbox --device=x true',
        'HEALTHCHECK --interval=5s --timeout=3s --start-period=1s --start-interval=1s --retries=3 CMD true',
        'COPY -- --from a',
      ].join('\n'),
    );
  });

  it('fixes the name, or removes the flag', () => {
    assertFixes('UnknownFlag', 'FROM alpine\nCOPY --chmood=755 a b\n', 'FROM alpine\nCOPY --chmod=755 a b\n');
    assertFixes('UnknownFlag', 'FROM alpine\nCOPY --FROM=build a b\n', 'FROM alpine\nCOPY --from=build a b\n');
    assert.deepEqual(fixTitles('UnknownFlag', 'FROM alpine\nCOPY --user=me a b\n'), ['Remove --user']);
    assertFixes('UnknownFlag', 'FROM alpine\nCOPY --user=me a b\n', 'FROM alpine\nCOPY a b\n');
    assertFixes('UnknownFlag', 'FROM alpine\nCMD --doit\n', 'FROM alpine\nCMD\n');
  });
});
