import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered, fixed, onbuild } from './ruleCases';

describe('dl3019 (DL3019 apk --no-cache)', () => {
  it('reports apk add without --no-cache, on `apk add`', () => {
    const text = 'FROM alpine:3\nRUN apk add flex=2.6.4-r1\n';
    const [d] = catches('DL3019', text, 1);
    assert.equal(covered(text, d), 'apk add');
    assert.equal(d.severity, 'info');
    assert.equal(d.message, 'Use the `--no-cache` switch to avoid the need to use `--update` and remove `/var/cache/apk/*` when done installing packages');
    catches('DL3019', onbuild(text), 1);
  });

  it('accepts --no-cache and cache or tmpfs mounts on /var/cache/apk', () => {
    for (const line of [
      'RUN apk add --no-cache flex=2.6.4-r1',
      'RUN --mount=type=cache,target=/var/cache/apk apk add -U curl=7.77.0',
      'RUN --mount=type=tmpfs,target=/var/cache/apk apk add -U curl=7.77.0',
      'RUN --mount=type=cache,target=/var/cache/foo apk add --no-cache -U curl=7.77.0',
    ]) {
      catchesNot('DL3019', `FROM alpine:3\n${line}\n`);
      catchesNot('DL3019', onbuild(`FROM alpine:3\n${line}\n`));
    }
    catches('DL3019', 'FROM alpine:3\nRUN --mount=type=cache,target=/var/cache/foo apk add -U curl=7.77.0\n', 1);
    catches('DL3019', 'FROM alpine:3\nRUN --mount=type=tmpfs,target=/var/cache/foo apk add -U curl=7.77.0\n', 1);
  });

  it('adds --no-cache after add', () => {
    const text = 'FROM alpine:3\nRUN apk update && \\\n  apk add \\\n  curl=8\n';
    const after = fixed(text, catches('DL3019', text, 1)[0]);
    assert.equal(after, 'FROM alpine:3\nRUN apk update && \\\n  apk add --no-cache \\\n  curl=8\n');
    catchesNot('DL3019', after);
  });
});
