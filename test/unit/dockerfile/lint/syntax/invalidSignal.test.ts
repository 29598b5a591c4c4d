import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings } from './syntaxLint';

describe('InvalidSignal', () => {
  it('reports signals BuildKit does not know', () => {
    assert.deepEqual(findings('InvalidSignal', 'FROM alpine\nSTOPSIGNAL SIGTERN\nSTOPSIGNAL 0\nSTOPSIGNAL SIGFOO\n'), [
      '2:11-2:18 invalid signal: SIGTERN',
      '3:11-3:12 invalid signal: 0',
      '4:11-4:17 invalid signal: SIGFOO',
    ]);
  });

  it('accepts names with or without SIG in any case, real-time signals and non-zero numbers', () => {
    assertClean('InvalidSignal', 'FROM alpine\nSTOPSIGNAL SIGTERM\nSTOPSIGNAL term\nSTOPSIGNAL sigkill\nSTOPSIGNAL SIGRTMIN+3\nSTOPSIGNAL RTMAX-2\nSTOPSIGNAL 9\nSTOPSIGNAL -9\nSTOPSIGNAL 200\n');
  });

  it('checks the value after expansion when it is certain', () => {
    assert.deepEqual(findings('InvalidSignal', 'FROM scratch\nSTOPSIGNAL ${UNSET:-SIGFOO}\n'), ['2:11-2:27 invalid signal: SIGFOO']);
    assertClean('InvalidSignal', 'FROM alpine\nARG SIG=SIGFOO\nSTOPSIGNAL $SIG\n', 'FROM alpine\nSTOPSIGNAL\n');
  });

  it('fixes a misspelt name in the case it was written', () => {
    assertFixes('InvalidSignal', 'FROM alpine\nSTOPSIGNAL SIGTERN\n', 'FROM alpine\nSTOPSIGNAL SIGTERM\n');
    assertFixes('InvalidSignal', 'FROM alpine\nSTOPSIGNAL sigqit\n', 'FROM alpine\nSTOPSIGNAL sigquit\n');
  });
});
