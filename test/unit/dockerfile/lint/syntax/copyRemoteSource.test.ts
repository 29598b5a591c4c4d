import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings, fixTitles } from './syntaxLint';

describe('CopyRemoteSource', () => {
  it('reports URLs and git repositories given to COPY', () => {
    assert.deepEqual(findings('CopyRemoteSource', 'FROM alpine\nCOPY https://example.com/a.tar.gz /x\nCOPY https://github.com/moby/buildkit.git#v0.12 git@github.com:a/b.git /src/\nCOPY ssh://host/repo /y\n'), [
      "2:5-2:33 source can't be a URL for COPY (ADD can fetch it)",
      "3:5-3:47 source can't be a git ref for COPY (ADD can fetch it)",
      "3:48-3:70 source can't be a git ref for COPY (ADD can fetch it)",
      "4:5-4:20 source can't be a git ref for COPY (ADD can fetch it)",
    ]);
  });

  it('accepts local paths, including ones BuildKit treats as local', () => {
    assertClean('CopyRemoteSource', 'FROM alpine\nCOPY github.com/a/b ./https:/x ftp://x/y /dst/\nCOPY <<EOF /x\nhttps://x\nEOF\nADD https://example.com/a /x\nARG URL=https://x/a\nCOPY $URL /y\n');
  });

  it('switches to ADD when COPY has no flag ADD lacks', () => {
    assertFixes('CopyRemoteSource', 'FROM alpine\nCOPY --chmod=644 https://x/a /b\n', 'FROM alpine\nADD --chmod=644 https://x/a /b\n');
    assertFixes('CopyRemoteSource', 'from alpine\ncopy https://x/a /b\n', 'from alpine\nadd https://x/a /b\n');
    assert.deepEqual(fixTitles('CopyRemoteSource', 'FROM alpine\nCOPY --from=build https://x/a /b\n'), []);
  });
});
