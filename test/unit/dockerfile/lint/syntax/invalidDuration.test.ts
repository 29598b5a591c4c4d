import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings } from './syntaxLint';

describe('InvalidDuration', () => {
  it('reports durations Go cannot parse, with Go\'s messages', () => {
    assert.deepEqual(findings('InvalidDuration', 'FROM alpine\nHEALTHCHECK --interval=30 --timeout=5x --start-period=abc --start-interval=1..s CMD true\n'), [
      '2:23-2:25 time: missing unit in duration "30" (--interval takes a duration like 30s, 1m30s or 500ms)',
      '2:36-2:38 time: unknown unit "x" in duration "5x" (--timeout takes a duration like 30s, 1m30s or 500ms)',
      '2:54-2:57 time: invalid duration "abc" (--start-period takes a duration like 30s, 1m30s or 500ms)',
      '2:75-2:79 time: missing unit in duration "1..s" (--start-interval takes a duration like 30s, 1m30s or 500ms)',
    ]);
  });

  it('reports non-zero durations under 1ms, negative ones included', () => {
    assert.deepEqual(findings('InvalidDuration', 'FROM alpine\nHEALTHCHECK --interval=100us --timeout=-1s CMD true\n'), [
      '2:23-2:28 Interval "interval" cannot be less than 1ms',
      '2:39-2:42 Interval "timeout" cannot be less than 1ms',
    ]);
  });

  it('accepts what Go and BuildKit accept', () => {
    assertClean(
      'InvalidDuration',
      'FROM alpine\nHEALTHCHECK --interval=1h30m --timeout=.5s --start-period=0 --start-interval=0s --retries=0 CMD true\nHEALTHCHECK --interval= --timeout=1ms --start-period=1500µs CMD true\nHEALTHCHECK --interval=x NONE\n',
    );
    assertClean('InvalidDuration', 'FROM alpine\nHEALTHCHECK --interval=1.5m --timeout=+3s CMD true\n');
  });

  it('reads a bare number as seconds', () => {
    assertFixes('InvalidDuration', 'FROM alpine\nHEALTHCHECK --interval=30 CMD true\n', 'FROM alpine\nHEALTHCHECK --interval=30s CMD true\n');
  });
});
