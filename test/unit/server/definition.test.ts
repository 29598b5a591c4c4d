import { strict as assert } from 'node:assert';
import { parseDockerfile } from '../../../engine/src/dockerfile/model';
import { computeDefinition } from '../../../server/src/definition';
import { positionOf, show } from './textPositions';

const URI = 'file:///work/Dockerfile';

/** The definitions of what sits `delta` characters into the nth `needle`, shown as text. */
function definitions(text: string, needle: string, nth = 0, delta = 1): string[] {
  const result = computeDefinition(parseDockerfile(text), positionOf(text, needle, nth, delta), URI);
  return (result ?? []).map((l) => {
    assert.equal(l.uri, URI);
    return show(text, l.range);
  });
}

describe('computeDefinition', () => {
  describe('variables', () => {
    it('binds a FROM line to the global ARG', () => {
      const text = 'ARG BASE=alpine\nFROM $BASE\n';
      assert.deepEqual(definitions(text, '$BASE'), ['0:4 BASE']);
    });

    it('binds a stage ARG without a default to itself and to the global ARG that gives its value', () => {
      const text = 'ARG VERSION=1\nFROM alpine\nARG VERSION\nRUN echo $VERSION\n';
      assert.deepEqual(definitions(text, '$VERSION'), ['2:4 VERSION', '0:4 VERSION']);
      assert.deepEqual(definitions(text, 'VERSION', 1), ['0:4 VERSION']);
    });

    it('keeps a stage ARG with a default apart from the global one', () => {
      const text = 'ARG VERSION=1\nFROM alpine\nARG VERSION=2\nRUN echo $VERSION\n';
      assert.deepEqual(definitions(text, '$VERSION'), ['2:4 VERSION']);
    });

    it('does not see global ARGs inside a stage that did not redeclare them', () => {
      const text = 'ARG VERSION=1\nFROM alpine\nRUN echo $VERSION\n';
      assert.equal(computeDefinition(parseDockerfile(text), positionOf(text, '$VERSION', 0, 1), URI), null);
    });

    it('binds to the declaration in effect, not the first one', () => {
      const text = 'FROM alpine\nENV A=1\nRUN echo $A\nENV A=2\nRUN echo $A\n';
      assert.deepEqual(definitions(text, '$A', 0), ['1:4 A']);
      assert.deepEqual(definitions(text, '$A', 1), ['3:4 A']);
    });

    it('finds nothing for a use before the declaration', () => {
      const text = 'FROM alpine\nRUN echo $LATER\nARG LATER\n';
      assert.deepEqual(definitions(text, '$LATER'), []);
    });

    it('never crosses into another stage', () => {
      const text = 'FROM alpine AS a\nARG X=1\nFROM alpine AS b\nARG X=2\nRUN echo $X\n';
      assert.deepEqual(definitions(text, '$X'), ['3:4 X']);
    });

    it('reads ENV inherited through FROM <stage>', () => {
      const text = 'FROM alpine AS base\nENV TOOL=/opt/tool\nFROM base\nRUN $TOOL --version\n';
      assert.deepEqual(definitions(text, '$TOOL'), ['1:4 TOOL']);
    });

    it('lets an ARG default read names declared earlier on the same line, but not itself', () => {
      const text = 'FROM alpine\nARG A=1 B=$A\nARG C=$C\n';
      assert.deepEqual(definitions(text, '$A'), ['1:4 A']);
      assert.deepEqual(definitions(text, '$C'), []);
    });

    it('gives ENV values the variables from before the instruction', () => {
      const text = 'FROM alpine\nENV A=1 B=$A\n';
      assert.deepEqual(definitions(text, '$A'), []);
    });

    it('binds CMD, ENTRYPOINT and HEALTHCHECK to ENV only: ARGs are gone when the container runs', () => {
      const text = 'FROM alpine\nARG MODE=dev\nENV PORT=80\nCMD serve --mode $MODE --port $PORT\n';
      assert.deepEqual(definitions(text, '$MODE'), []);
      assert.deepEqual(definitions(text, '$PORT'), ['2:4 PORT']);
    });

    it('reads $VAR in RUN heredoc bodies and flags', () => {
      const text = 'FROM alpine\nARG USER=app\nCOPY --chown=$USER a b\nRUN <<EOF\necho $USER\nEOF\n';
      assert.deepEqual(definitions(text, '$USER', 0), ['1:4 USER']);
      assert.deepEqual(definitions(text, '$USER', 1), ['1:4 USER']);
    });

    it('ignores single-quoted text and ONBUILD triggers', () => {
      const text = "FROM alpine\nARG A\nLABEL x='$A'\nONBUILD RUN echo $A\n";
      assert.deepEqual(definitions(text, '$A', 0), []);
      assert.deepEqual(definitions(text, '$A', 1), []);
    });

    it('works on a name split by a line continuation, with LF and CRLF', () => {
      for (const eol of ['\n', '\r\n']) {
        const text = `FROM alpine${eol}ARG port=8080${eol}EXPOSE \${po\\${eol}rt}${eol}`;
        assert.deepEqual(definitions(text, 'rt}', 0, 0), ['1:4 port'], JSON.stringify(eol));
        assert.deepEqual(definitions(text, '${po', 0, 3), ['1:4 port'], JSON.stringify(eol));
      }
    });

    it('respects the backtick escape directive', () => {
      const text = '# escape=`\nFROM alpine\nARG DIR=/x\nRUN echo `\n  $DIR\n';
      assert.deepEqual(definitions(text, '$DIR'), ['2:4 DIR']);
    });

    it('goes from a declaration to itself', () => {
      const text = 'FROM alpine\nENV A=1\n';
      assert.deepEqual(definitions(text, 'A=', 0, 0), ['1:4 A']);
    });
  });

  describe('stages', () => {
    const text = [
      'FROM golang:1.22 AS Build',
      'RUN go build',
      'FROM build AS test',
      'COPY --from=BUILD /out /out',
      'RUN --mount=type=bind,from=build,target=/src true',
      'COPY --from=0 /a /b',
      'FROM alpine',
      'COPY --from=test /x /y',
    ].join('\n');

    it('goes to AS name from FROM, COPY --from and RUN --mount from=, case-insensitively', () => {
      assert.deepEqual(definitions(text, 'build', 1), ['0:20 Build']);
      assert.deepEqual(definitions(text, 'BUILD'), ['0:20 Build']);
      assert.deepEqual(definitions(text, 'from=build', 0, 6), ['0:20 Build']);
      assert.deepEqual(definitions(text, '=test', 0, 2), ['2:14 test']);
    });

    it('follows a reference by stage index', () => {
      assert.deepEqual(definitions(text, '--from=0', 0, 7), ['0:20 Build']);
    });

    it('finds nothing for an image', () => {
      assert.deepEqual(definitions(text, 'alpine'), []);
      assert.deepEqual(definitions(text, 'golang'), []);
    });

    it('does not treat a later stage as the base of an earlier FROM', () => {
      const later = 'FROM app\nFROM alpine AS app\n';
      assert.deepEqual(definitions(later, 'app'), []);
    });
  });

  describe('heredocs', () => {
    it('goes from the terminator to the opener', () => {
      const text = 'FROM alpine\nRUN <<EOF\necho hi\nEOF\n';
      assert.deepEqual(definitions(text, 'EOF', 1), ['1:6 EOF']);
    });

    it('handles quoted, chomped and several delimiters', () => {
      const text = 'FROM alpine\nCOPY <<-"ONE" <<TWO /dst/\n\tone\n\tONE\ntwo\nTWO\n';
      assert.deepEqual(definitions(text, '\tONE', 0, 2), ['1:9 ONE']);
      assert.deepEqual(definitions(text, 'TWO', 1), ['1:16 TWO']);
    });
  });
});
