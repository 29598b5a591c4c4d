import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered, fixed, onbuild } from './ruleCases';
import { quickFix } from '../lintWith';

describe('dl3009 (DL3009 apt lists left in the layer)', () => {
  it('reports apt-get, apt and aptitude updates without cleanup', () => {
    for (const tool of ['apt-get', 'apt', 'aptitude']) {
      const text = `FROM scratch\nRUN ${tool} update && ${tool} install python\n`;
      const [d] = catches('DL3009', text, 1);
      assert.equal(covered(text, d), `${tool} update`);
      assert.equal(d.severity, 'info');
      assert.equal(d.message, 'Delete the apt lists (/var/lib/apt/lists) after installing something');
      catches('DL3009', onbuild(text), 1);
      catchesNot('DL3009', `FROM scratch\nRUN ${tool} update && ${tool} install python && rm -rf /var/lib/apt/lists/*\n`);
    }
  });

  it('reports only stages that end up in an image, as hadolint does', () => {
    catchesNot('DL3009', 'FROM ubuntu as foo\nRUN apt-get update && apt-get install python\nFROM scratch\nRUN echo hey!\n');
    catches('DL3009', onbuild('FROM ubuntu as foo\nRUN apt-get update && apt-get install python\nFROM scratch\nRUN echo hey!\n'), 1);
    catches('DL3009', 'FROM ubuntu as foo\nRUN hey!\nFROM scratch\nRUN apt-get update && apt-get install python\n', 1);
    catches('DL3009', 'FROM ubuntu as foo\nRUN apt-get update && apt-get install python\nFROM foo\nRUN hey!\n', 1);
    catchesNot('DL3009', 'FROM ubuntu as foo\nRUN apt-get update && apt-get install python && rm -rf /var/lib/apt/lists/*\nFROM foo\nRUN hey!\n');
  });

  it('accepts cache and tmpfs mounts on the apt directories', () => {
    catchesNot('DL3009', 'RUN --mount=type=cache,target=/var/lib/apt/lists \\\n    apt-get update && apt-get install python\n');
    catchesNot('DL3009', 'RUN --mount=type=cache,target=/var/lib/apt \\\n    --mount=type=cache,target=/var/cache/apt \\\n    rm -f /etc/apt/apt.conf.d/docker-clean && \\\n    apt-get update && apt-get install python\n');
    catchesNot('DL3009', 'RUN \\\n  --mount=type=tmpfs,target=/var/cache/apt \\\n  --mount=type=cache,target=/var/lib/apt \\\n  apt-get update\n');
    catches('DL3009', 'RUN --mount=type=cache,target=/var/cache/apt \\\n    rm -f /etc/apt/apt.conf.d/docker-clean && \\\n    apt-get update && apt-get install python\n', 1);
    catches('DL3009', 'RUN rm -f /etc/apt/apt.conf.d/docker-clean\nRUN --mount=type=cache,target=/var/lib/apt \\\n    apt-get update && apt-get install python\n', 1);
  });

  it('appends the cleanup at the end of a continued RUN, before a trailing comment', () => {
    const text = 'FROM debian:12\nRUN apt-get update \\\n && apt-get install -y curl=7 # tools\nCMD ["sh"]\n';
    const after = fixed(text, catches('DL3009', text, 1)[0]);
    assert.equal(after, 'FROM debian:12\nRUN apt-get update \\\n && apt-get install -y curl=7 && rm -rf /var/lib/apt/lists/* # tools\nCMD ["sh"]\n');
    catchesNot('DL3009', after);
  });

  it('appends the cleanup inside a heredoc script', () => {
    const text = 'FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install -y curl=7\nEOF\n';
    const after = fixed(text, catches('DL3009', text, 1)[0]);
    assert.equal(after, 'FROM debian:12\nRUN <<EOF\nset -e\napt-get update\napt-get install -y curl=7 && rm -rf /var/lib/apt/lists/*\nEOF\n');
    catchesNot('DL3009', after);
  });

  it('offers no fix for the exec form', () => {
    const [d] = catches('DL3009', 'FROM debian:12\nRUN ["apt-get", "update"]\n', 1);
    assert.equal(quickFix(d), undefined);
  });
});
