import { strict as assert } from 'node:assert';
import { assertClean, findings } from './syntaxLint';

const SHA = 'sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d';

describe('InvalidChecksum', () => {
  it('reports a checksum with several sources or a local one', () => {
    assert.deepEqual(findings('InvalidChecksum', `FROM alpine\nADD --checksum=${SHA} https://x/a https://x/b /d/\nADD --checksum=${SHA} ./a /d\n`), [
      "2:15-2:86 checksum can't be specified for multiple sources",
      '3:15-3:86 checksum requires HTTP(S) or Git sources',
    ]);
  });

  it('reports a digest BuildKit cannot verify for a URL', () => {
    assert.deepEqual(findings('InvalidChecksum', 'FROM alpine\nADD --checksum=sha256:abc https://x/a /d\nADD --checksum=md5:0123456789abcdef0123456789abcdef https://x/a /d\nADD --checksum=nocolon https://x/a /d\n'), [
      '2:15-2:25 invalid checksum digest length (--checksum takes a digest like sha256:<64 hex digits>)',
      '3:15-3:51 unsupported digest algorithm (--checksum takes a digest like sha256:<64 hex digits>)',
      '4:15-4:22 invalid checksum digest format (--checksum takes a digest like sha256:<64 hex digits>)',
    ]);
  });

  it('accepts a valid digest for a URL and a commit for a git source', () => {
    assertClean('InvalidChecksum', `FROM alpine\nADD --checksum=${SHA} https://x/a.tar.gz /d\nADD --checksum=abc123 https://github.com/moby/buildkit.git#v0.12 /src\nADD --checksum=$SUM https://x/a /d\nADD a b /c/\n`);
  });
});
