import { strict as assert } from 'node:assert';
import { lintModel } from '../../../../../engine/src/dockerfile/lint/lint';
import { parseDockerfile } from '../../../../../engine/src/dockerfile/model';
import { createDl3026 } from '../../../../../engine/src/dockerfile/lint/rules/hadolint/dl3026';
import { catchesNot } from './ruleCases';

function dl3026(text: string, trusted: string[]) {
  return lintModel(parseDockerfile(text), [createDl3026(trusted)]).filter((d) => d.ruleId === 'DL3026');
}

describe('createDl3026 (DL3026 trusted registries)', () => {
  it('is quiet without a configured list, as registered', () => {
    catchesNot('DL3026', 'FROM random.com/debian\n');
    assert.deepEqual(dl3026('FROM random.com/debian\n', []), []);
  });

  it('reports images from other registries on the image', () => {
    const [d] = dl3026('FROM random.com/debian\n', ['docker.io']);
    assert.deepEqual(d.range, { start: { line: 0, character: 5 }, end: { line: 0, character: 22 } });
    assert.equal(d.severity, 'error');
    assert.equal(d.message, 'Use only an allowed registry in the FROM image');
    assert.equal(dl3026('FROM x.com/debian\n', ['*.random.com']).length, 1);
  });

  it('accepts trusted registries, wildcards, scratch and stages', () => {
    assert.deepEqual(dl3026('FROM random.com/debian\n', ['x.com', 'random.com']), []);
    assert.deepEqual(dl3026('FROM scratch\n', ['x.com']), []);
    const hub = 'FROM ubuntu:18.04 AS builder1\nFROM zemanlx/ubuntu:18.04 AS builder2\nFROM docker.io/zemanlx/ubuntu:18.04 AS builder3\n';
    assert.deepEqual(dl3026(hub, ['docker.io']), []);
    assert.deepEqual(dl3026(hub, ['*']), []);
    assert.equal(dl3026(hub, ['trusted.com']).length, 3);
    assert.deepEqual(dl3026('FROM random.com/foo AS builder1\nFROM builder1 AS builder2\n', ['random.com']), []);
    assert.deepEqual(dl3026('FROM foo.random.com/debian\n', ['x.com', '*.random.com']), []);
  });

  it('checks COPY --from and RUN --mount from= images', () => {
    assert.equal(dl3026('COPY --from=untrusted.com/repo/image:tag /foo /bar\n', ['trusted.com']).length, 1);
    assert.deepEqual(dl3026('COPY --from=trusted.com/repo/image:tag /foo /bar\n', ['trusted.com']), []);
    assert.equal(dl3026('RUN --mount=type=bind,from=untrusted.com/repo/image:tag,target=/foo foobar\n', ['trusted.com']).length, 1);
    assert.equal(dl3026('RUN --mount=type=cache,from=untrusted.com/repo/image:tag,target=/foo foobar\n', ['trusted.com']).length, 1);
    assert.deepEqual(dl3026('RUN --mount=type=bind,from=trusted.com/repo/image:tag,target=/foo foobar\n', ['trusted.com']), []);
    assert.deepEqual(dl3026('RUN --mount=type=cache,target=/foo foobar\n', ['trusted.com']), []);
    assert.deepEqual(dl3026('FROM trusted.com/a AS build\nFROM trusted.com/b\nCOPY --from=build /a /b\nCOPY --from=0 /a /b\n', ['trusted.com']), []);
  });

  it('checks a variable base after expansion', () => {
    assert.equal(dl3026('ARG REG=evil.io\nFROM ${REG}/app:1\n', ['trusted.com']).length, 1);
    assert.deepEqual(dl3026('ARG REG=trusted.com\nFROM ${REG}/app:1\n', ['trusted.com']), []);
  });
});
