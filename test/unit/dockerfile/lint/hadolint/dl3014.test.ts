import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered, fixed, onbuild } from './ruleCases';

const run = (command: string) => `FROM debian:12\nRUN ${command}\n`;

describe('dl3014 (DL3014 apt-get -y)', () => {
  it('reports apt-get install without an answer, on `apt-get install`', () => {
    for (const command of ['apt-get install python', 'apt-get install -q python', 'apt-get install --quiet python', 'apt-get install -qqq python']) {
      const [d] = catches('DL3014', run(command), 1);
      assert.equal(covered(run(command), d), 'apt-get install');
      assert.equal(d.severity, 'warning');
      assert.equal(d.message, 'Use the `-y` switch to avoid manual input `apt-get -y install <package>`');
      catches('DL3014', onbuild(run(command)), 1);
    }
  });

  it('accepts -y and its equivalents', () => {
    for (const command of [
      'apt-get install -yq python',
      'apt-get install -y python',
      'apt-get -y install python',
      'apt-get --yes install python',
      'apt-get --assume-yes install python',
      'apt-get install -qq python',
      'apt-get install -q -q python',
      'apt-get install -q=2 python',
      'apt-get install --quiet --quiet python',
    ]) {
      catchesNot('DL3014', run(command));
      catchesNot('DL3014', onbuild(run(command)));
    }
  });

  it('adds -y after install, on the right line of a continued RUN', () => {
    const text = 'FROM debian:12\nRUN apt-get update \\\n && apt-get install \\\n      curl=7\n';
    const after = fixed(text, catches('DL3014', text, 1)[0]);
    assert.equal(after, 'FROM debian:12\nRUN apt-get update \\\n && apt-get install -y \\\n      curl=7\n');
    catchesNot('DL3014', after);
  });

  it('keeps the exec form JSON', () => {
    const text = run('["apt-get", "install", "curl"]');
    const after = fixed(text, catches('DL3014', text, 1)[0]);
    assert.equal(after, run('["apt-get", "install", "-y", "curl"]'));
    catchesNot('DL3014', after);
  });

  it('fixes every install of a RUN', () => {
    const text = run('apt-get install a=1 && apt-get install b=2');
    const found = catches('DL3014', text, 2);
    assert.equal(fixed(fixed(text, found[1]), found[0]), run('apt-get install -y a=1 && apt-get install -y b=2'));
  });
});
