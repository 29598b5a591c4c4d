import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered, onbuild } from './ruleCases';

describe('dl3003 (DL3003 cd in RUN)', () => {
  it('reports cd on the word, in a continued RUN too', () => {
    const text = 'FROM debian:12\nRUN make \\\n  && cd /opt \\\n  && ls\n';
    const [d] = catches('DL3003', text, 1);
    assert.equal(covered(text, d), 'cd');
    assert.deepEqual(d.range.start, { line: 2, character: 5 });
    assert.equal(d.message, 'Use WORKDIR to switch to a directory');
    assert.equal(d.severity, 'warning');
  });

  it('accepts WORKDIR and commands merely named like cd', () => {
    catchesNot('DL3003', 'FROM debian:12\nWORKDIR /opt\n');
    catchesNot('DL3003', 'FROM debian:12\nRUN echo cd /opt\n');
  });

  it('does not check ONBUILD RUN (hadolint does not)', () => {
    catchesNot('DL3003', onbuild('FROM debian:12\nRUN cd /opt\n'));
  });

  it('honours # hadolint ignore on the line above', () => {
    catchesNot('DL3003', 'FROM debian:12\n# hadolint ignore=DL3003,DL3008\nRUN cd /opt && make\n');
    catchesNot('DL3003', '# hadolint global ignore=DL3003\nFROM debian:12\nRUN cd /opt && make\n');
  });
});
