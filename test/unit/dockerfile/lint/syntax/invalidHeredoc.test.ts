import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings } from './syntaxLint';

describe('InvalidHeredoc', () => {
  it('reports an unterminated heredoc at its operator', () => {
    assert.deepEqual(findings('InvalidHeredoc', 'FROM alpine\nRUN <<EOF\necho hi\n'), ['2:4-2:9 unterminated heredoc: no line reads EOF after it']);
    assert.deepEqual(findings('InvalidHeredoc', 'FROM alpine\nCOPY <<A <<B /x/\na\nA\nb\n'), ['2:9-2:12 unterminated heredoc: no line reads B after it']);
  });

  it('reports a heredoc used as COPY or ADD destination', () => {
    assert.deepEqual(findings('InvalidHeredoc', 'FROM alpine\nCOPY a <<EOF\nx\nEOF\n'), ['2:7-2:12 COPY cannot accept a heredoc as a destination']);
  });

  it('accepts heredocs BuildKit reads: chomped, quoted, several, in ONBUILD, with a command', () => {
    assertClean(
      'InvalidHeredoc',
      'FROM alpine\nRUN <<-EOF\n\techo hi\n\tEOF\nCOPY <<"A" <<\'B\' /x/\n$a\nA\nb\nB\nRUN python3 <<PY > /out\nprint(1)\nPY\nONBUILD RUN <<EOF\ntrue\nEOF\nRUN echo "<<EOF"\nCOPY ["<<x", "/y"]\n',
    );
  });

  it('adds the terminator at the end of the file', () => {
    assertFixes('InvalidHeredoc', 'FROM alpine\nRUN <<EOF\necho hi', 'FROM alpine\nRUN <<EOF\necho hi\nEOF\n');
    assertFixes('InvalidHeredoc', 'FROM alpine\nRUN <<-END\necho hi\n', 'FROM alpine\nRUN <<-END\necho hi\nEND\n');
  });
});
