import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered, onbuild } from './ruleCases';

describe('dl4005 (DL4005 ln onto /bin/sh)', () => {
  it('reports ln with /bin/sh on ln', () => {
    const text = 'FROM debian:12\nRUN ln -sfv /bin/bash /bin/sh\n';
    const [d] = catches('DL4005', text, 1);
    assert.equal(covered(text, d), 'ln');
    assert.equal(d.severity, 'warning');
    assert.equal(d.message, 'Use SHELL to change the default shell');
    catches('DL4005', onbuild(text), 1);
  });

  it('accepts unrelated links and /bin/sh elsewhere', () => {
    catchesNot('DL4005', 'FROM debian:12\nRUN ln -sf /bin/true /sbin/initctl\n');
    catchesNot('DL4005', 'FROM debian:12\nRUN ln -s foo bar && unrelated && something_with /bin/sh\n');
    catchesNot('DL4005', onbuild('FROM debian:12\nRUN ln -s foo bar && unrelated && something_with /bin/sh\n'));
  });
});
