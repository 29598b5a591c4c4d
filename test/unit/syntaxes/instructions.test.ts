import { assertNoScope, assertScope } from './assertScope';
import { tokenizeDockerfile } from './tokenizeDockerfile';

describe('dockerfile grammar: instructions', () => {
  it('recognizes every instruction keyword in any case', async () => {
    const keywords = ['FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT',
      'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL'];
    const lines = keywords.flatMap((k) => [`${k} x`, `${k.toLowerCase()} x`, `  ${k[0]}${k.slice(1).toLowerCase()} x`]);
    const doc = await tokenizeDockerfile(...lines);
    lines.forEach((line, i) => assertScope(doc, i, line.trim().split(' ')[0] ?? '', 'keyword.other.instruction'));
  });

  it('does not take a word that only starts like a keyword', async () => {
    const doc = await tokenizeDockerfile('RUNNER x', 'FROMAGE y');
    assertNoScope(doc, 0, 'RUNNER', 'keyword');
    assertNoScope(doc, 1, 'FROMAGE', 'keyword');
  });

  it('scopes the base image, AS and the stage name of FROM', async () => {
    const doc = await tokenizeDockerfile('FROM --platform=$BUILDPLATFORM golang:1.22 AS build', 'from ${BASE}:latest as final');
    assertScope(doc, 0, 'platform', 'entity.other.attribute-name.flag');
    assertScope(doc, 0, 'BUILDPLATFORM', 'variable.other');
    assertScope(doc, 0, 'golang:1.22', 'entity.name.type.image');
    assertScope(doc, 0, 'AS', 'keyword.other.as');
    assertScope(doc, 0, 'build', 'entity.name.stage');
    assertScope(doc, 1, 'BASE', 'variable.other');
    assertScope(doc, 1, ':latest', 'entity.name.type.image');
    assertScope(doc, 1, 'final', 'entity.name.stage');
  });

  it('scopes flags before the arguments, with --mount key=value lists', async () => {
    const doc = await tokenizeDockerfile(
      'COPY --from=build --chown=app:app /out /app',
      'RUN --mount=type=cache,target=/root/.cache \\',
      '    --network=none \\',
      '    apt-get install -y --no-install-recommends curl',
    );
    assertScope(doc, 0, '--', 'punctuation.definition.flag');
    assertScope(doc, 0, 'from', 'entity.other.attribute-name.flag');
    assertScope(doc, 0, 'build', 'string.unquoted.flag-value');
    assertScope(doc, 0, 'chown', 'entity.other.attribute-name.flag');
    assertScope(doc, 1, 'mount', 'entity.other.attribute-name.flag');
    assertScope(doc, 1, 'type', 'entity.other.attribute-name.key');
    assertScope(doc, 1, 'target', 'entity.other.attribute-name.key');
    assertScope(doc, 1, ',', 'punctuation.separator.comma');
    assertScope(doc, 1, '/root/.cache', 'string.unquoted.flag-value');
    assertScope(doc, 2, 'network', 'entity.other.attribute-name.flag');
    // Once the command started, options belong to it, not to RUN.
    assertNoScope(doc, 3, '--no-install-recommends', 'entity.other.attribute-name.flag');
    assertScope(doc, 3, '--no-install-recommends', 'meta.arguments.shell');
  });

  it('scopes JSON exec forms, and leaves shell tests that only start with [ as shell form', async () => {
    const doc = await tokenizeDockerfile(
      'CMD ["nginx", "-g", "daemon off;"]',
      'ENTRYPOINT ["/bin/sh", \\',
      '            "-c"]',
      'RUN [ "$A" = b ] && echo "$A"',
      'SHELL ["powershell", "-Command"]',
      'COPY ["$SRC", "/dst"]',
    );
    assertScope(doc, 0, '[', 'punctuation.definition.array.begin');
    assertScope(doc, 0, '"nginx"', 'string.quoted.double');
    assertScope(doc, 0, ',', 'punctuation.separator.array');
    assertScope(doc, 0, ']', 'punctuation.definition.array.end');
    assertScope(doc, 1, '\\', 'constant.character.escape.line-continuation');
    assertScope(doc, 2, '"-c"', 'meta.array.exec-form');
    assertScope(doc, 2, ']', 'punctuation.definition.array.end');
    assertNoScope(doc, 3, '[', 'punctuation.definition.array');
    assertScope(doc, 3, '[', 'meta.arguments.shell');
    assertScope(doc, 4, '"powershell"', 'meta.array.exec-form');
    // No shell runs an exec form, but COPY expands variables in its JSON form itself.
    assertScope(doc, 5, 'SRC', 'variable.other');
    assertNoScope(doc, 0, 'daemon', 'variable');
  });

  it('scopes ENV, ARG, LABEL and EXPOSE arguments', async () => {
    const doc = await tokenizeDockerfile(
      'ENV A=1 B="two words" C=$A',
      'ENV LEGACY value with spaces',
      'ARG VERSION=1.0 TARGETOS',
      'LABEL org.opencontainers.image.title="Berth" "quoted key"=v',
      'EXPOSE 80/tcp 443 8000-8010/udp',
      'HEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1',
      'ONBUILD RUN echo hi',
    );
    assertScope(doc, 0, 'A', 'variable.other.key');
    assertScope(doc, 0, '=', 'keyword.operator.assignment');
    assertScope(doc, 0, '"two words"', 'string.quoted.double');
    assertScope(doc, 1, 'LEGACY', 'variable.other.key');
    assertScope(doc, 2, 'VERSION', 'variable.other.key');
    assertScope(doc, 2, 'TARGETOS', 'variable.other.key');
    assertScope(doc, 3, 'org.opencontainers.image.title', 'entity.other.attribute-name.label');
    assertScope(doc, 3, '"quoted key"', 'entity.other.attribute-name.label');
    assertScope(doc, 4, '80', 'constant.numeric.port');
    assertScope(doc, 4, 'tcp', 'constant.language.protocol');
    assertScope(doc, 4, '8010', 'constant.numeric.port');
    assertScope(doc, 5, 'interval', 'entity.other.attribute-name.flag');
    assertScope(doc, 5, 'CMD', 'keyword.other.instruction');
    assertScope(doc, 6, 'ONBUILD', 'keyword.other.instruction');
    assertScope(doc, 6, 'RUN', 'keyword.other.instruction');
    assertScope(doc, 6, 'echo', 'meta.arguments.shell');
  });
});

describe('dockerfile grammar: variables, strings, comments, continuations', () => {
  it('scopes $VAR, ${VAR} and the ${VAR:-default} / ${VAR:+x} forms', async () => {
    const doc = await tokenizeDockerfile('WORKDIR $HOME/${APP}/${MODE:-release}/${DEBUG:+debug}', 'RUN echo \\$NOT_A_VAR');
    assertScope(doc, 0, '$', 'punctuation.definition.variable');
    assertScope(doc, 0, 'HOME', 'variable.other');
    assertScope(doc, 0, '${', 'punctuation.definition.variable.begin');
    assertScope(doc, 0, 'APP', 'variable.other');
    assertScope(doc, 0, '}', 'punctuation.definition.variable.end');
    assertScope(doc, 0, 'MODE', 'variable.other');
    assertScope(doc, 0, ':-', 'keyword.operator.expansion');
    assertScope(doc, 0, 'release', 'string.unquoted.expansion-word');
    assertScope(doc, 0, ':+', 'keyword.operator.expansion');
    assertScope(doc, 0, 'debug', 'string.unquoted.expansion-word');
    assertScope(doc, 1, '\\$', 'constant.character.escape');
    assertNoScope(doc, 1, 'NOT_A_VAR', 'variable');
  });

  it('expands variables in double quotes only', async () => {
    const doc = await tokenizeDockerfile(`RUN echo "a $X" 'b $Y'`);
    assertScope(doc, 0, 'X', 'variable.other');
    assertScope(doc, 0, '$Y', 'string.quoted.single');
    assertNoScope(doc, 0, '$Y', 'variable');
  });

  it('scopes comments at the start of a line only', async () => {
    const doc = await tokenizeDockerfile('# a comment', '   # indented', 'RUN echo # not a comment');
    assertScope(doc, 0, '#', 'punctuation.definition.comment');
    assertScope(doc, 0, 'a comment', 'comment.line.number-sign');
    assertScope(doc, 1, 'indented', 'comment.line.number-sign');
    assertNoScope(doc, 2, '# not', 'comment');
  });

  it('continues an instruction over comment lines and empty lines, and ends it without a continuation', async () => {
    const doc = await tokenizeDockerfile(
      'RUN apt-get update && \\',
      '    # refresh the lists first',
      '',
      '    apt-get install -y curl',
      'USER app',
      'ENV A="unterminated',
      'USER b',
    );
    assertScope(doc, 0, '\\', 'constant.character.escape.line-continuation');
    assertScope(doc, 1, 'refresh', 'comment.line.number-sign');
    assertScope(doc, 3, 'apt-get', 'meta.arguments.shell');
    assertScope(doc, 4, 'USER', 'keyword.other.instruction');
    assertScope(doc, 5, 'unterminated', 'string.quoted.double');
    assertScope(doc, 6, 'USER', 'keyword.other.instruction');
  });
});
