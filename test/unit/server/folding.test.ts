import { strict as assert } from 'node:assert';
import { parseDockerfile } from '../../../engine/src/dockerfile/model';
import { computeFoldingRanges } from '../../../server/src/folding';

function folds(text: string, collapsedText = false): string[] {
  return computeFoldingRanges(parseDockerfile(text), { collapsedText }).map(
    (r) => `${r.startLine}-${r.endLine}${r.kind ? ' ' + r.kind : ''}${r.collapsedText ? ' ' + r.collapsedText : ''}`,
  );
}

describe('computeFoldingRanges', () => {
  it('folds stages, continued instructions, heredoc bodies and comment blocks', () => {
    const text = [
      '# syntax=docker/dockerfile:1', // 0: a directive stays visible
      '# Build stage', // 1
      '# (two comment lines)', // 2
      'FROM golang AS build', // 3
      'RUN go mod download && \\', // 4
      '    go build ./...', // 5
      'COPY <<EOF /etc/conf', // 6
      'a=1', // 7
      'EOF', // 8
      '', // 9
      'FROM alpine', // 10
      'RUN --mount=type=cache,target=/c \\', // 11
      '    cat <<A <<B', // 12
      'one', // 13
      'A', // 14
      'two', // 15
      'B', // 16
    ].join('\n');
    assert.deepEqual(folds(text), ['1-2 comment', '3-8', '4-5', '6-8', '10-16', '11-16', '12-13', '14-15']);
  });

  it('folds comment lines inside a continued instruction', () => {
    const text = 'FROM alpine\nRUN a \\\n  # one\n  # two\n  && b\n';
    assert.deepEqual(folds(text), ['0-4', '1-4', '2-3 comment']);
  });

  it('describes what a fold hides when the client shows collapsed text', () => {
    const text = 'FROM alpine\nRUN a \\\n  b\nUSER x\n';
    assert.deepEqual(folds(text, true), ['0-3 … 2 instructions', '1-2 … 1 more line']);
  });

  it('honours the range limit and the empty file', () => {
    const text = 'FROM a\nRUN x \\\n y\nRUN x \\\n y\n';
    assert.equal(computeFoldingRanges(parseDockerfile(text), { rangeLimit: 2 }).length, 2);
    assert.deepEqual(folds(''), []);
  });

  it('counts lines the same with CRLF', () => {
    assert.deepEqual(folds('FROM alpine\r\nRUN a \\\r\n  b\r\n'), ['0-2', '1-2']);
  });
});
