import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered, onbuild } from './ruleCases';

describe('dl3018 (DL3018 apk pinning)', () => {
  it('reports an unpinned package', () => {
    const text = 'FROM alpine:3\nRUN apk add flex\n';
    const [d] = catches('DL3018', text, 1);
    assert.equal(covered(text, d), 'flex');
    assert.equal(d.severity, 'warning');
    assert.equal(d.message, 'Pin versions in apk add. Instead of `apk add <package>` use `apk add <package>=<version>` (unpinned: flex)');
    catches('DL3018', onbuild(text), 1);
  });

  it('accepts versions, fuzzy versions, option values and .apk files', () => {
    for (const command of [
      'apk add flex=2.6.4-r1',
      'apk add --no-cache git~2.52.0',
      'apk add --no-cache git~=2.52',
      'apk add --no-cache git=~2.52',
      'apk add --no-cache flex=2.6.4-r1 \\\n && pip install -r requirements.txt',
      'apk add --no-cache \\\nflex=2.6.4-r1 \\\nlibffi=3.2.1-r3 \\\npython2=2.7.13-r1 \\\nlibbz2=1.0.6-r5',
      'apk add --no-cache \\\n  "flex>=2.6.1-r1" \\\n  "libffi~3.2.1" \\\n  "python3<3.6.12-r2" \\\n  "libbz2=~1.0.6-r4"',
      'apk add \\\n--virtual build-dependencies \\\npython-dev=1.1.1 build-base=2.2.2 wget=3.3.3 \\\n&& pip install -r requirements.txt \\\n&& python setup.py install \\\n&& apk del build-dependencies',
      'apk add --no-cache \\\n--repository https://nl.alpinelinux.org/alpine/edge/testing \\\nflow=0.78.0-r0',
      'apk add --no-cache \\\n--repository=https://nl.alpinelinux.org/alpine/edge/testing \\\nflow=0.78.0-r0',
      'apk add --no-cache \\\n-X https://nl.alpinelinux.org/alpine/edge/testing \\\nflow=0.78.0-r0',
      'apk add mypackage-1.1.1.apk',
    ]) {
      const text = `FROM alpine:3\nRUN ${command}\n`;
      catchesNot('DL3018', text);
      catchesNot('DL3018', onbuild(text));
    }
  });

  it('reports the one missed package of a long list on its line', () => {
    const text = 'FROM alpine:3\nRUN apk add --no-cache \\\nflex=2.6.4-r1 \\\nlibffi \\\npython2=2.7.13-r1 \\\nlibbz2=1.0.6-r5\n';
    const [d] = catches('DL3018', text, 1);
    assert.deepEqual(d.range, { start: { line: 3, character: 0 }, end: { line: 3, character: 6 } });
  });
});
