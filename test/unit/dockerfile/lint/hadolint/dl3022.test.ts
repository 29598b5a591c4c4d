import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered } from './ruleCases';

describe('dl3022 (DL3022 COPY --from an earlier stage)', () => {
  it('reports a missing or later alias on the flag value', () => {
    const missing = 'FROM scratch\nCOPY --from=foo bar .\n';
    const [d] = catches('DL3022', missing, 1);
    assert.equal(covered(missing, d), 'foo');
    assert.equal(d.severity, 'warning');
    assert.equal(d.message, '`COPY --from` should reference a previously defined `FROM` alias');
    catches('DL3022', 'FROM scratch\nCOPY --from=build foo .\nFROM node as build\nRUN baz\n', 1);
    catches('DL3022', 'COPY --from=0 bar .\n', 1);
  });

  it('accepts earlier aliases, image references and valid indexes', () => {
    catchesNot('DL3022', 'FROM scratch as build\nRUN foo\nFROM node\nCOPY --from=build foo .\nRUN baz\n');
    catchesNot('DL3022', 'FROM scratch\nCOPY --from=haskell:latest bar .\n');
    catchesNot('DL3022', 'FROM scratch as build\nRUN foo\nFROM node\nCOPY --from=0 foo .\n');
    catchesNot('DL3022', 'FROM scratch\nRUN foo\nFROM node\nCOPY --from=0 foo .\n');
  });

  it('expands variables, and skips values it cannot know', () => {
    catchesNot('DL3022', 'ARG SRC=build\nFROM alpine:3 AS build\nFROM alpine:3\nARG SRC\nCOPY --from=$SRC /a /b\n');
    catchesNot('DL3022', 'FROM alpine:3\nCOPY --from=$UNSET /a /b\n');
    catches('DL3022', 'FROM alpine:3\nARG SRC=nowhere\nCOPY --from=${SRC} /a /b\n', 1);
  });
});
