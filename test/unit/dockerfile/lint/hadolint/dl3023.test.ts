import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered } from './ruleCases';

describe('dl3023 (DL3023 COPY --from its own stage)', () => {
  it('reports copying from the same stage', () => {
    const text = 'FROM node as foo\nCOPY --from=foo bar .\n';
    const [d] = catches('DL3023', text, 1);
    assert.equal(covered(text, d), 'foo');
    assert.equal(d.severity, 'error');
    assert.equal(d.message, '`COPY --from` cannot reference its own `FROM` alias');
  });

  it('accepts copying from other stages', () => {
    catchesNot('DL3023', 'FROM scratch as build\nRUN foo\nFROM node as run\nCOPY --from=build foo .\nRUN baz\n');
    catchesNot('DL3023', 'FROM node\nCOPY --from=foo bar .\n');
  });
});
