import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered, fixed, onbuild } from './ruleCases';
import { quickFix } from '../lintWith';

describe('dl3027 (DL3027 apt)', () => {
  it('reports apt on the command name', () => {
    const text = 'FROM ubuntu:24.04\nRUN apt install python\n';
    const [d] = catches('DL3027', text, 1);
    assert.equal(covered(text, d), 'apt');
    assert.equal(d.severity, 'warning');
    assert.equal(d.message, 'Do not use apt as it is meant to be an end-user tool, use apt-get or apt-cache instead');
    catches('DL3027', onbuild(text), 1);
    catchesNot('DL3027', 'FROM ubuntu:24.04\nRUN apt-get install python\n');
  });

  it('renames to apt-get or apt-cache by subcommand', () => {
    const text = 'FROM ubuntu:24.04\nRUN apt update && apt -y install python && apt search foo\n';
    const after = fixed(fixed(fixed(text, catches('DL3027', text, 3)[2]), catches('DL3027', text, 3)[1]), catches('DL3027', text, 3)[0]);
    assert.equal(after, 'FROM ubuntu:24.04\nRUN apt-get update && apt-get -y install python && apt-cache search foo\n');
    catchesNot('DL3027', after);
  });

  it('offers no fix for subcommands apt-get lacks', () => {
    assert.equal(quickFix(catches('DL3027', 'FROM ubuntu:24.04\nRUN apt list --installed\n', 1)[0]), undefined);
  });
});
