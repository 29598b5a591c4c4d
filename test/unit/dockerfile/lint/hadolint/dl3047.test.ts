import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered, fixed, onbuild } from './ruleCases';

const run = (command: string) => `FROM node as foo\nRUN ${command}\n`;

describe('dl3047 (DL3047 wget progress)', () => {
  it('reports wget without a progress option on `wget`', () => {
    const [d] = catches('DL3047', run('wget my.xyz'), 1);
    assert.equal(covered(run('wget my.xyz'), d), 'wget');
    assert.equal(d.severity, 'info');
    assert.equal(
      d.message,
      'Avoid use of wget without progress bar. Use `wget --progress=dot:giga <url>`. Or consider using `-q` or `-nv` (shorthands for `--quiet` or `--no-verbose`).',
    );
    catches('DL3047', onbuild(run('wget my.xyz')), 1);
  });

  it('accepts progress, quiet, no-verbose and log file options', () => {
    for (const command of [
      'wget --progress=dot:giga my.xyz',
      'wget -q my.xyz',
      'wget --quiet my.xyz',
      'wget -nv my.xyz',
      'wget --no-verbose my.xyz',
      'wget --output-file=/tmp/wget.log my.xyz',
      'wget -o /tmp/wget.log my.xyz',
      'wget --append-output=/tmp/wget.log my.xyz',
      'wget -a /tmp/wget.log my.xyz',
    ]) {
      catchesNot('DL3047', run(command));
      catchesNot('DL3047', onbuild(run(command)));
    }
  });

  it("adds hadolint's suggestion after wget", () => {
    const text = run('curl -s x && wget -O - https://x/y.tgz | tar xz');
    const after = fixed(text, catches('DL3047', text, 1)[0]);
    assert.equal(after, run('curl -s x && wget --progress=dot:giga -O - https://x/y.tgz | tar xz'));
    catchesNot('DL3047', after);
  });
});
