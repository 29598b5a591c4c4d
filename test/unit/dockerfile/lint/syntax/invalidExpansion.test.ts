import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings, fixTitles } from './syntaxLint';

describe('InvalidExpansion', () => {
  it('reports what BuildKit expands and cannot: braces, modifiers, quotes', () => {
    assert.deepEqual(findings('InvalidExpansion', 'FROM alpine\nWORKDIR ${FOO\nENV A=${B:x} C=${}\nCOPY "my file" /dest/\nUSER ${U:1}\n'), [
      '2:8-2:13 failed to process "${FOO": syntax error: missing \'}\'',
      '3:6-3:12 failed to process "${B:x}": unsupported modifier (:x) in substitution',
      '3:15-3:18 failed to process "${}": syntax error: bad substitution',
      '4:5-4:8 failed to process ""my": unexpected end of statement while looking for matching double-quote',
      '4:9-4:14 failed to process "file"": unexpected end of statement while looking for matching double-quote',
      '5:5-5:11 failed to process "${U:1}": unsupported modifier (:1) in substitution',
    ]);
  });

  it('matches BuildKit on single quotes, which escapes cannot close', () => {
    assert.deepEqual(findings('InvalidExpansion', "FROM alpine\nENV name='a\\'b'\n"), [
      '2:9-2:15 failed to process "\'a\\\'b\'": unexpected end of statement while looking for matching single-quote',
    ]);
  });

  it('checks ARG defaults, FROM, flags, mount options, EXPOSE, VOLUME, STOPSIGNAL and expanded COPY heredocs', () => {
    const text = [
      'ARG V=${X',
      'FROM ${BASE AS b',
      'COPY --chown=${U a b',
      'RUN --mount=type=cache,target=${T true',
      'EXPOSE ${P',
      'VOLUME ${D',
      'STOPSIGNAL ${S',
      'COPY <<EOF /x',
      '${oops',
      'EOF',
    ].join('\n');
    assert.deepEqual(findings('InvalidExpansion', text).map((f) => f.split(' ')[0]), ['1:6-1:9', '2:5-2:11', '3:13-3:16', '4:30-4:33', '5:7-5:10', '6:7-6:10', '7:11-7:14', '9:0-9:6']);
  });

  it('leaves RUN, CMD and ENTRYPOINT commands, quoted heredocs and RUN heredocs to the shell', () => {
    assertClean('InvalidExpansion', "FROM alpine\nRUN echo ${FOO\nCMD echo \"unterminated\nENTRYPOINT ${X:y}\nRUN <<EOF\n${oops\nEOF\nCOPY <<'EOF' /x\n${oops\nEOF\nLABEL a=${b:-\"c d\"}\n");
  });

  it('does not guess at ${VAR?message}, which depends on the build\'s variables', () => {
    assertClean('InvalidExpansion', 'FROM alpine\nARG REQUIRED\nWORKDIR ${REQUIRED?must be set}\nENV X=${Y:?}\n');
  });

  it('accepts valid expansions in every form', () => {
    assertClean(
      'InvalidExpansion',
      'ARG TAG=3.19\nFROM alpine:${TAG:-latest} AS base\nENV PATH="/opt/bin:$PATH" A=\'$x\' B=${A:+set} C=${A#pre} D=${A%%suf} E=${A/x/y}\nWORKDIR "/my dir"\nCOPY ["a b", "/c/"]\nRUN --mount=type=cache,target=$HOME/.cache true\n',
      '# escape=`\nFROM alpine\nWORKDIR C:\\dir\nCOPY a`b c\n',
    );
  });

  it('rewrites COPY, ADD and VOLUME with quoted paths in the JSON form', () => {
    assertFixes('InvalidExpansion', 'FROM alpine\nCOPY --chown=1 "my file" /dest/\n', 'FROM alpine\nCOPY --chown=1 ["my file", "/dest/"]\n');
    assertFixes('InvalidExpansion', "FROM alpine\nVOLUME '/my data'\n", 'FROM alpine\nVOLUME ["/my data"]\n');
    assert.deepEqual(fixTitles('InvalidExpansion', 'FROM alpine\nCOPY "$DIR/a b" /x/\n'), []);
    assert.deepEqual(fixTitles('InvalidExpansion', 'FROM alpine\nCOPY "a\\"b c" /x/\n'), []);
    assert.deepEqual(fixTitles('InvalidExpansion', 'FROM alpine\nWORKDIR ${FOO\n'), []);
  });
});
