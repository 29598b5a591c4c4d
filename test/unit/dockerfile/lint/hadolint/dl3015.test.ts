import { strict as assert } from 'node:assert';
import { catches, catchesNot, fixed, onbuild } from './ruleCases';

const run = (command: string) => `FROM debian:12\nRUN ${command}\n`;

describe('dl3015 (DL3015 --no-install-recommends)', () => {
  it('reports apt-get install without it', () => {
    for (const command of ['apt-get install python', 'apt-get -y install python']) {
      const [d] = catches('DL3015', run(command), 1);
      assert.equal(d.severity, 'info');
      assert.equal(d.message, 'Avoid additional packages by specifying `--no-install-recommends`');
      catches('DL3015', onbuild(run(command)), 1);
    }
  });

  it('accepts the flag and the apt option', () => {
    catchesNot('DL3015', run('apt-get install --no-install-recommends python'));
    catchesNot('DL3015', run('apt-get -o APT::Install-Recommends=false install python'));
    catchesNot('DL3015', onbuild(run('apt-get install --no-install-recommends python')));
  });

  it('adds the flag after install', () => {
    const text = 'FROM debian:12\nRUN apt-get update && \\\n    apt-get -y install curl=7\n';
    const after = fixed(text, catches('DL3015', text, 1)[0]);
    assert.equal(after, 'FROM debian:12\nRUN apt-get update && \\\n    apt-get -y install --no-install-recommends curl=7\n');
    catchesNot('DL3015', after);
  });
});
