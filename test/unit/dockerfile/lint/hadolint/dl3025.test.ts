import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered, fixed } from './ruleCases';
import { quickFix } from '../lintWith';
import { ruleById } from '../../../../../engine/src/dockerfile/lint/rules';

describe('dl3025 (DL3025 JSON CMD and ENTRYPOINT)', () => {
  it('reports shell-form CMD, ENTRYPOINT and HEALTHCHECK CMD on the command', () => {
    for (const [line, command] of [
      ['ENTRYPOINT something', 'something'],
      ['CMD something', 'something'],
      ['HEALTHCHECK CMD foobar', 'foobar'],
      ['HEALTHCHECK --interval=5s CMD curl -f http://x || exit 1', 'curl -f http://x || exit 1'],
    ]) {
      const text = `FROM node as foo\n${line}\n`;
      const [d] = catches('DL3025', text, 1);
      assert.equal(covered(text, d), command);
      assert.equal(d.severity, 'warning');
      assert.equal(d.message, 'Use arguments JSON notation for CMD and ENTRYPOINT arguments');
    }
  });

  it('accepts the JSON notation, also broken over lines', () => {
    catchesNot('DL3025', 'FROM scratch as build\nENTRYPOINT ["foo", "bar"]\n');
    catchesNot('DL3025', 'FROM scratch as build\nCMD ["foo", "bar"]\nCMD [ "foo", "bar" ]\n');
    catchesNot('DL3025', 'HEALTHCHECK CMD [ "foobar" ]\n');
    catchesNot('DL3025', 'HEALTHCHECK NONE\n');
    catchesNot('DL3025', 'CMD [ "/bin/sh", "-c", \\\n      "echo foo && \\\n       echo bar" \\\n    ]\n');
  });

  it('converts a plain command to its argv, escaping for JSON', () => {
    const text = "FROM alpine:3\nCMD exec nginx -g 'daemon off;' \\\n    --path \"C:\\\\dir\" a\\ b\n";
    const d = catches('DL3025', text, 1)[0];
    assert.equal(quickFix(d)?.preferred, true);
    const after = fixed(text, d);
    assert.equal(after, 'FROM alpine:3\nCMD ["nginx", "-g", "daemon off;", "--path", "C:\\\\dir", "a b"]\n');
    catchesNot('DL3025', after);
  });

  it('keeps the shell, written out, when the command needs it (not preferred)', () => {
    const text = 'FROM alpine:3\nSHELL ["/bin/bash", "-c"]\nCMD echo "$HOME" | tee /tmp/x\n';
    const d = catches('DL3025', text, 1)[0];
    assert.equal(quickFix(d)?.preferred, undefined);
    const after = fixed(text, d);
    assert.equal(after, 'FROM alpine:3\nSHELL ["/bin/bash", "-c"]\nCMD ["/bin/bash", "-c", "echo \\"$HOME\\" | tee /tmp/x"]\n');
    catchesNot('DL3025', after);
    const health = 'FROM alpine:3\nHEALTHCHECK --interval=5s CMD curl -f http://x || exit 1\n';
    assert.equal(fixed(health, catches('DL3025', health, 1)[0]), 'FROM alpine:3\nHEALTHCHECK --interval=5s CMD ["/bin/sh", "-c", "curl -f http://x || exit 1"]\n');
  });

  it('does not prefer the argv form for an ENTRYPOINT that would then receive CMD', () => {
    const text = 'FROM alpine:3\nENTRYPOINT nginx\nCMD ["-v"]\n';
    assert.equal(quickFix(catches('DL3025', text, 1)[0])?.preferred, false);
  });

  it('offers no fix for JSON gone wrong', () => {
    assert.equal(quickFix(catches('DL3025', 'FROM alpine:3\nCMD ["a", b]\n', 1)[0]), undefined);
  });

  it('declares its BuildKit counterpart', () => {
    assert.deepEqual(ruleById('DL3025')?.equivalentTo, ['JSONArgsRecommended']);
  });
});
