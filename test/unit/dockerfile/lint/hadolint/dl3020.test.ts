import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered, fixed } from './ruleCases';
import { quickFix } from '../lintWith';

describe('dl3020 (DL3020 ADD for files)', () => {
  it('accepts archives and URLs, quoted or not', () => {
    for (const src of ['file.tar', 'file.gz', 'file.bz2', 'file.xz', 'file.tgz', 'http://file.com', '"file.tgz"', '"http://file.com"']) {
      catchesNot('DL3020', `FROM scratch\nADD ${src} /usr/src/app/\n`);
    }
  });

  it('reports files, folders and non-archive extensions on the keyword', () => {
    for (const src of ['file', 'file.zip', '"file.zip"']) {
      const text = `FROM scratch\nADD ${src} /usr/src/app/\n`;
      const [d] = catches('DL3020', text, 1);
      assert.equal(covered(text, d), 'ADD');
      assert.equal(d.severity, 'error');
      assert.equal(d.message, 'Use COPY instead of ADD for files and folders');
    }
  });

  it('replaces ADD with COPY, keeping the keyword case and COPY flags', () => {
    const text = 'FROM scratch\nADD --chown=1:1 src /app/\nadd a b\n';
    const found = catches('DL3020', text, 2);
    const after = fixed(fixed(text, found[1]), found[0]);
    assert.equal(after, 'FROM scratch\nCOPY --chown=1:1 src /app/\ncopy a b\n');
    catchesNot('DL3020', after);
  });

  it('offers no fix when COPY would behave differently', () => {
    for (const line of ['ADD --checksum=sha256:abc file /x', 'ADD file.tar other /x/', 'ADD git@github.com:moby/buildkit.git /x']) {
      const [d] = catches('DL3020', `FROM scratch\n${line}\n`, 1);
      assert.equal(quickFix(d), undefined, line);
    }
  });
});
