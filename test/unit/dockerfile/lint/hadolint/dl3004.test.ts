import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered, fixed, findings, onbuild } from './ruleCases';
import { quickFix } from '../lintWith';

describe('dl3004 (DL3004 sudo)', () => {
  it('reports sudo, also chained and under ONBUILD', () => {
    const text = 'FROM debian:12\nRUN apt-get update && sudo apt-get install\n';
    const [d] = catches('DL3004', text, 1);
    assert.equal(covered(text, d), 'sudo');
    assert.equal(d.severity, 'error');
    assert.equal(d.message, 'Do not use sudo as it leads to unpredictable behavior. Use a tool like gosu to enforce root');
    catches('DL3004', onbuild('FROM debian:12\nRUN sudo apt-get update\n'), 1);
  });

  it('does not report installing sudo', () => {
    catchesNot('DL3004', 'FROM debian:12\nRUN apt-get install sudo\n');
    catchesNot('DL3004', onbuild('FROM debian:12\nRUN apt-get install sudo\n'));
  });

  it('removes sudo, across a continuation and in exec form', () => {
    const text = 'FROM debian:12\nRUN apt-get update && sudo \\\n    apt-get install -y x\n';
    assert.equal(fixed(text, catches('DL3004', text, 1)[0]), 'FROM debian:12\nRUN apt-get update && apt-get install -y x\n');
    const exec = 'FROM debian:12\nRUN ["sudo", "apt-get", "update"]\n';
    const after = fixed(exec, catches('DL3004', exec, 1)[0]);
    assert.equal(after, 'FROM debian:12\nRUN ["apt-get", "update"]\n');
    catchesNot('DL3004', after);
  });

  it('offers no fix when sudo has options or no command', () => {
    const withUser = findings('DL3004', 'FROM debian:12\nRUN sudo -u app make\n');
    assert.equal(quickFix(withUser[0]), undefined);
    assert.equal(quickFix(findings('DL3004', 'FROM debian:12\nRUN sudo\n')[0]), undefined);
  });
});
