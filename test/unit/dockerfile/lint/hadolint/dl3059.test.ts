import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered, fixed, findings } from './ruleCases';
import { quickFix } from '../lintWith';

describe('dl3059 (DL3059 consecutive RUNs)', () => {
  it("follows hadolint's cases", () => {
    catchesNot('DL3059', 'FROM debian:10\n');
    catchesNot('DL3059', 'RUN /foo.sh\n');
    catchesNot('DL3059', 'RUN /foo.sh\nWORKDIR /\nRUN /bar.sh\n');
    catches('DL3059', 'RUN /foo.sh\nRUN /bar.sh\n', 1);
    catches('DL3059', 'RUN /foo.sh\n# a comment\nRUN /bar.sh\n', 1);
    catches('DL3059', 'RUN /foo.sh\n# a comment\n# another comment\nRUN /bar.sh\n', 1);
    catchesNot('DL3059', '# a comment\nRUN /foo.sh\n');
    catchesNot('DL3059', 'RUN --mount=type=secret,id=foo /foo.sh\nRUN /bar.sh\n');
    catchesNot('DL3059', 'RUN --mount=type=secret,id=foo /foo.sh\nRUN --mount=type=secret,id=bar /bar.sh\n');
    catches('DL3059', 'RUN --mount=type=secret,id=foo /foo.sh\nRUN --mount=type=secret,id=foo /bar.sh\n', 1);
    catchesNot('DL3059', 'RUN foo && bar\nRUN foobar\n');
    catchesNot('DL3059', 'RUN foo; bar\nRUN foobar\n');
    catchesNot('DL3059', 'RUN foobar\nRUN foo && bar\n');
    catchesNot('DL3059', 'RUN foobar\nRUN foo; bar\n');
    catchesNot('DL3059', 'RUN foo && bar\nRUN foo; bar\n');
    catches('DL3059', 'RUN foo && bar\nRUN foo\nRUN bar\n', 1);
  });

  it('reports the later RUN, and each further one in a row', () => {
    const text = 'FROM debian:12\nRUN a\nRUN b\nRUN c\n';
    const found = catches('DL3059', text, 2);
    assert.deepEqual(found.map((d) => [d.range.start.line, covered(text, d)]), [[2, 'RUN'], [3, 'RUN']]);
    assert.equal(found[0].severity, 'info');
    assert.equal(found[0].message, 'Multiple consecutive `RUN` instructions. Consider consolidation.');
  });

  it('merges the RUN into the one above', () => {
    const text = 'FROM debian:12\nRUN apt-get update\n\nRUN make install # builds\n';
    const after = fixed(text, catches('DL3059', text, 1)[0]);
    assert.equal(after, 'FROM debian:12\nRUN apt-get update && \\\n    make install # builds\n');
    catchesNot('DL3059', after);
    const windows = '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nRUN a\r\nRUN b\r\n';
    assert.equal(fixed(windows, catches('DL3059', windows, 1)[0]), '# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nRUN a && `\r\n    b\r\n');
  });

  it('does not offer the merge when it could change the meaning', () => {
    for (const text of [
      'FROM debian:12\nRUN a # note\nRUN b\n',
      'FROM debian:12\nRUN a;\nRUN b\n',
      'FROM debian:12\nRUN a\n# why b\nRUN b\n',
      'FROM debian:12\nRUN ["a"]\nRUN b\n',
      'FROM debian:12\nRUN --network=none a\nRUN --network=none b\n',
    ]) {
      const found = findings('DL3059', text);
      assert.equal(found.length, 1, text);
      assert.equal(quickFix(found[0]), undefined, text);
    }
  });
});
