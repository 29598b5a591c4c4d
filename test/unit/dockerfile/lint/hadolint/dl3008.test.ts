import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered, onbuild } from './ruleCases';

describe('dl3008 (DL3008 apt-get pinning)', () => {
  it('reports the unpinned packages of a command once, at the first one', () => {
    const text = 'FROM debian:12\nRUN apt-get update && apt-get install python\n';
    const [d] = catches('DL3008', text, 1);
    assert.equal(covered(text, d), 'python');
    assert.equal(d.severity, 'warning');
    assert.equal(d.message, 'Pin versions in apt get install. Instead of `apt-get install <package>` use `apt-get install <package>=<version>` (unpinned: python)');
    catches('DL3008', onbuild(text), 1);
  });

  it('maps packages inside a continued RUN to their own line and column', () => {
    const text = 'FROM debian:12\nRUN apt-get update \\\n && apt-get install -y \\\n      curl=7.88.1-10 \\\n      git \\\n      "jq"\n';
    const found = catches('DL3008', text, 1);
    assert.deepEqual(found.map((d) => [d.range.start.line, d.range.start.character, covered(text, d)]), [[4, 6, 'git']]);
    assert.match(found[0].message, /\(unpinned: git, jq\)$/);
  });

  it('accepts versions, releases, local .deb files and -t values', () => {
    catchesNot('DL3008', 'FROM debian:12\nRUN apt-get update \\\n && apt-get -yqq --no-install-recommends install nodejs=0.10 \\\n && rm -rf /var/lib/apt/lists/*\n');
    catchesNot('DL3008', 'FROM debian:12\nRUN apt-get update && apt-get install --no-install-recommends -y \\\npython-demjson=2.2.2* \\\nwget=1.16.1* \\\ngit=1:2.5.0* \\\nruby=1:2.1.*\n');
    catchesNot('DL3008', 'FROM debian:12\nRUN apt-get install -y python=1.2.2\n');
    catchesNot('DL3008', 'FROM debian:12\nRUN apt-get install ./wkhtmltox_0.12.5-1.bionic_amd64.deb\n');
    catchesNot('DL3008', 'FROM debian:12\nRUN apt-get -y --no-install-recommends install nodejs=0.10\n');
    catchesNot('DL3008', 'FROM debian:12\nRUN apt-get install -y nginx/bookworm-backports\n');
    const target = [
      'FROM debian:12',
      'RUN set -e &&\\',
      ' echo "deb http://http.debian.net/debian jessie-backports main" > /etc/apt/sources.list.d/jessie-backports.list &&\\',
      ' apt-get update &&\\',
      ' apt-get install -y --no-install-recommends -t jessie-backports openjdk-8-jdk=8u131-b11-1~bpo8+1 &&\\',
      ' rm -rf /var/lib/apt/lists/*',
      '',
    ].join('\n');
    catchesNot('DL3008', target);
    catchesNot('DL3008', onbuild(target));
  });

  it('reads the exec form and heredoc scripts', () => {
    catches('DL3008', 'FROM debian:12\nRUN ["apt-get", "install", "-y", "curl"]\n', 1);
    const heredoc = 'FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y curl\nEOF\n';
    const [d] = catches('DL3008', heredoc, 1);
    assert.deepEqual(d.range.start, { line: 3, character: 19 });
  });

  it('does not see through sudo (hadolint does not)', () => {
    catchesNot('DL3008', 'FROM debian:12\nRUN sudo apt-get install curl\n');
  });

  it('sees through command and exec, as ShellCheck does', () => {
    catches('DL3008', 'FROM debian:12\nRUN command apt-get install curl\n', 1);
  });

  it('honours # hadolint ignore above an ONBUILD RUN and global ignores', () => {
    catchesNot('DL3008', 'FROM debian:12\n# hadolint ignore=DL3008\nONBUILD RUN apt-get install -y curl\n');
    catches('DL3008', 'FROM debian:12\n# hadolint ignore=DL3008\nRUN apt-get install -y curl\nRUN apt-get install -y git\n', 1);
    catchesNot('DL3008', '# hadolint global ignore=DL3008\nFROM debian:12\nRUN apt-get install -y curl\n');
  });
});
