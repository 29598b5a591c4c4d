import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered } from './ruleCases';

describe('dl3002 (DL3002 last USER root)', () => {
  it('reports root by name or id, with or without a group', () => {
    for (const user of ['root', '0', 'root:root', '0:0']) {
      const text = `FROM scratch\nUSER ${user}\n`;
      const [d] = catches('DL3002', text, 1);
      assert.equal(covered(text, d), user);
      assert.equal(d.message, 'Last USER should not be root');
      assert.equal(d.severity, 'warning');
    }
  });

  it('accepts a non-root user, and switching back from root', () => {
    catchesNot('DL3002', 'FROM scratch\nUSER foo\n');
    catchesNot('DL3002', 'FROM scratch\nUSER root\nRUN something\nUSER foo\n');
    catchesNot('DL3002', 'FROM scratch\nUSER rooted\n');
  });

  it('checks every stage, as hadolint does', () => {
    catches('DL3002', 'FROM debian as base\nUSER root\nRUN something\nFROM base\nRUN something else\n', 1);
    const text = 'FROM debian as base\nUSER root\nRUN something\nFROM scratch\nUSER foo\nRUN something else\n';
    assert.equal(catches('DL3002', text, 1)[0].range.start.line, 1);
    catchesNot('DL3002', 'FROM debian as base\nUSER root\nRUN something\nUSER foo\nFROM scratch\nRUN something else\n');
  });

  it('reports only the last root USER of a stage', () => {
    assert.equal(catches('DL3002', 'FROM scratch\nUSER root\nUSER 0\n', 1)[0].range.start.line, 2);
  });
});
