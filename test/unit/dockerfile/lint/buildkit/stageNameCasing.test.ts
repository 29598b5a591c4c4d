import { strict as assert } from 'node:assert';
import { findings, fixed } from './checks';

const RULE = 'StageNameCasing';

describe('StageNameCasing', () => {
  it('reports a stage name with capitals, on the name', () => {
    assert.deepEqual(findings(RULE, 'FROM alpine AS BuilderBase\n'), ["1:16-1:27 Stage name 'BuilderBase' should be lowercase"]);
  });

  it('accepts lower-case names, unnamed stages and lower-case keywords', () => {
    assert.deepEqual(findings(RULE, 'FROM alpine AS builder-base\nFROM scratch\nfrom busybox as tools\n'), []);
  });

  it('reports each offending stage once', () => {
    const text = 'FROM scratch AS One\nFROM scratch AS two\nFROM scratch AS THREE\n';
    assert.deepEqual(findings(RULE, text), ["1:17-1:20 Stage name 'One' should be lowercase", "3:17-3:22 Stage name 'THREE' should be lowercase"]);
  });

  it('fixes the name and every literal reference to it', () => {
    const text = [
      'FROM golang:1.22 AS Build',
      'RUN go build -o /app .',
      'FROM Build AS test',
      'RUN --mount=type=cache,from=Build,target=/cache go test ./...',
      'FROM scratch',
      'COPY --from=Build /app /app',
      'COPY --from=build /app /app2',
      '',
    ].join('\n');
    const result = fixed(RULE, text);
    assert.equal(result.preferred, true);
    assert.equal(
      result.text,
      [
        'FROM golang:1.22 AS build',
        'RUN go build -o /app .',
        'FROM build AS test',
        'RUN --mount=type=cache,from=build,target=/cache go test ./...',
        'FROM scratch',
        'COPY --from=build /app /app',
        'COPY --from=build /app /app2',
        '',
      ].join('\n'),
    );
  });

  it('leaves references written through variables alone', () => {
    const text = 'ARG SRC=Deps\nFROM alpine AS Deps\nFROM ${SRC}\n';
    assert.equal(fixed(RULE, text).text, 'ARG SRC=Deps\nFROM alpine AS deps\nFROM ${SRC}\n');
  });

  it('is skipped by the check directive and by a comment above the FROM', () => {
    assert.deepEqual(findings(RULE, '# check=skip=StageNameCasing\nFROM alpine AS Base\n'), []);
    assert.deepEqual(findings(RULE, 'FROM alpine AS a\n# check=skip=StageNameCasing\nFROM alpine AS Base\n'), []);
  });
});
