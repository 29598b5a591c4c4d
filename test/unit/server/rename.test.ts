import { strict as assert } from 'node:assert';
import { parseDockerfile } from '../../../engine/src/dockerfile/model';
import { computeRename, isRefusal, prepareRename } from '../../../server/src/rename';
import { applyEdits, positionOf, show } from './textPositions';

const URI = 'file:///work/Dockerfile';

function renamed(text: string, needle: string, newName: string, nth = 0, delta = 1): string {
  const result = computeRename(parseDockerfile(text), positionOf(text, needle, nth, delta), newName, URI);
  if (isRefusal(result)) throw new Error(`refused: ${result.error}`);
  return applyEdits(text, result.changes![URI]);
}

function refusal(text: string, needle: string, newName: string, nth = 0, delta = 1): string {
  const result = computeRename(parseDockerfile(text), positionOf(text, needle, nth, delta), newName, URI);
  assert.ok(isRefusal(result), `expected a refusal, got ${JSON.stringify(result)}`);
  return result.error;
}

function prepared(text: string, needle: string, nth = 0, delta = 1): string {
  const result = prepareRename(parseDockerfile(text), positionOf(text, needle, nth, delta));
  if (isRefusal(result)) return `refused: ${result.error}`;
  assert.equal(text.split('\n')[result.range.start.line].slice(result.range.start.character, result.range.end.character), result.placeholder);
  return `${show(text, result.range)}`;
}

describe('prepareRename', () => {
  it('offers the name under the cursor', () => {
    const text = 'FROM alpine AS build\nARG V\nRUN echo ${V}\nRUN <<EOF\nEOF\n';
    assert.equal(prepared(text, 'build'), '0:15 build');
    assert.equal(prepared(text, '${V}', 0, 2), '2:11 V');
    assert.equal(prepared(text, 'EOF', 1), '4:0 EOF');
  });

  it('refuses with a reason where renaming makes no sense', () => {
    const text = 'ARG TARGETARCH\nFROM alpine\nRUN echo $UNSET $PATH\nONBUILD RUN echo $LATER\nCOPY --from=0 /a /b\n';
    assert.match(prepared(text, 'RUN'), /Only variables, stage names and heredoc delimiters can be renamed/);
    assert.match(prepared(text, 'alpine'), /alpine is an image, not a stage/);
    assert.match(prepared(text, 'TARGETARCH'), /platform ARG the builder sets/);
    assert.match(prepared(text, '$UNSET'), /UNSET is not declared in this stage/);
    assert.match(prepared(text, '$PATH'), /comes from the base image/);
    assert.match(prepared(text, '$LATER'), /ONBUILD triggers are expanded by the builds that use this image/);
  });

  it('refuses an image named by --from', () => {
    const text = 'FROM alpine\nCOPY --from=nginx /a /b\n';
    assert.match(prepared(text, 'nginx'), /nginx is an image, not a stage of this Dockerfile/);
  });

  it('refuses a reference by stage index and points to the name', () => {
    const text = 'FROM alpine AS base\nFROM alpine\nCOPY --from=0 /a /b\n';
    assert.match(prepared(text, '=0', 0, 1), /refers to stage base by its index; rename the stage at its AS base/);
  });
});

describe('computeRename', () => {
  describe('variables', () => {
    it('renames the declaration and the uses bound to it, not a same-named variable of another stage', () => {
      const text = 'FROM alpine AS a\nARG V=1\nRUN echo $V ${V:-x}\nFROM alpine AS b\nARG V=2\nRUN echo $V\n';
      assert.equal(renamed(text, '$V', 'VERSION'), 'FROM alpine AS a\nARG VERSION=1\nRUN echo $VERSION ${VERSION:-x}\nFROM alpine AS b\nARG V=2\nRUN echo $V\n');
    });

    it('renames a global ARG together with the stage ARGs that take its value', () => {
      const text = 'ARG TAG=3\nFROM alpine:$TAG\nARG TAG\nRUN echo $TAG\nFROM alpine\nARG TAG=edge\nRUN echo $TAG\n';
      const expected = 'ARG ALPINE=3\nFROM alpine:$ALPINE\nARG ALPINE\nRUN echo $ALPINE\nFROM alpine\nARG TAG=edge\nRUN echo $TAG\n';
      assert.equal(renamed(text, '$TAG', 'ALPINE', 1), expected);
      assert.equal(renamed(text, 'TAG', 'ALPINE'), expected);
    });

    it('renames only the later declaration of a redeclared name', () => {
      const text = 'FROM alpine\nENV P=/a\nENV P=/b:$P\nRUN ls $P\n';
      assert.equal(renamed(text, '$P', 'Q', 1), 'FROM alpine\nENV P=/a\nENV Q=/b:$P\nRUN ls $Q\n');
    });

    it('renames ENV read by a stage built on top of it', () => {
      const text = 'FROM alpine AS base\nENV HOME_DIR=/h\nFROM base\nWORKDIR $HOME_DIR\n';
      assert.equal(renamed(text, 'HOME_DIR', 'APP_HOME'), 'FROM alpine AS base\nENV APP_HOME=/h\nFROM base\nWORKDIR $APP_HOME\n');
    });

    it('keeps CRLF and positions in continued lines', () => {
      const text = 'FROM alpine\r\nARG DIR=/x\r\nRUN mkdir \\\r\n    $DIR \\\r\n    && cd ${DIR}\r\n';
      assert.equal(renamed(text, 'DIR', 'VERSION'), 'FROM alpine\r\nARG DIR=/x\r\nRUN mkdir \\\r\n    $DIR \\\r\n    && cd ${DIR}\r\n'.replace(/DIR/g, 'VERSION'));
    });

    it('refuses a name split by a line continuation', () => {
      const text = 'FROM alpine\nARG port=1\nEXPOSE ${po\\\nrt}\n';
      assert.match(refusal(text, 'port', 'p2'), /port on line 3 is not written as one plain word/);
    });

    it('refuses a new name that is not a variable name', () => {
      const text = 'FROM alpine\nARG A\n';
      assert.match(refusal(text, 'ARG A', '1A', 0, 4), /"1A" is not a variable name/);
      assert.match(refusal(text, 'ARG A', 'A-B', 0, 4), /not a variable name/);
    });

    it('refuses a new name that would capture or shadow another variable', () => {
      const text = 'FROM alpine\nARG A=1\nENV B=2\nRUN echo $A $B\n';
      assert.match(refusal(text, 'ARG A', 'B', 0, 4), /Renaming A to B would change what/);
      assert.match(refusal(text, 'ENV B', 'A', 0, 4), /Renaming B to A would change what/);
      // A runtime instruction would start reading an inherited ENV of the new name.
      const inherited = 'FROM alpine AS base\nENV MODE=prod\nFROM base\nENV LEVEL=1\nCMD run $MODE\n';
      assert.match(refusal(inherited, 'LEVEL', 'MODE'), /would change what MODE on line 5 refers to/);
    });

    it('allows a name used elsewhere when nothing would read it differently', () => {
      const text = 'FROM alpine AS a\nARG X\nRUN echo $X\nFROM alpine AS b\nARG Y\nRUN echo $Y\n';
      assert.equal(renamed(text, 'ARG Y', 'X', 0, 4), 'FROM alpine AS a\nARG X\nRUN echo $X\nFROM alpine AS b\nARG X\nRUN echo $X\n');
    });
  });

  describe('stages', () => {
    it('renames AS, FROM, COPY --from and RUN --mount from=, matching without case; keeps index references', () => {
      const text = 'FROM golang AS Builder\nFROM builder AS test\nCOPY --from=BUILDER /o /o\nCOPY --from=0 /p /p\nRUN --mount=type=cache,from=builder,target=/c true\n';
      assert.equal(
        renamed(text, 'Builder', 'compile'),
        'FROM golang AS compile\nFROM compile AS test\nCOPY --from=compile /o /o\nCOPY --from=0 /p /p\nRUN --mount=type=cache,from=compile,target=/c true\n',
      );
    });

    it('refuses names the builder rejects or that another stage has', () => {
      const text = 'FROM alpine AS a\nFROM alpine AS b\nCOPY --from=a /x /y\n';
      assert.match(refusal(text, 'AS a', '1st', 0, 3), /not a valid stage name/);
      assert.match(refusal(text, 'AS a', 'scratch', 0, 3), /reserved/);
      assert.match(refusal(text, 'AS a', 'B', 0, 3), /Stage b on line 2 already has this name/);
    });
  });

  describe('heredocs', () => {
    it('renames the opener and the terminator, keeping quotes and tabs', () => {
      const text = 'FROM alpine\nRUN <<-"EOF" bash\n\techo EOF\n\tEOF\n';
      assert.equal(renamed(text, 'EOF', 'SCRIPT'), 'FROM alpine\nRUN <<-"SCRIPT" bash\n\techo EOF\n\tSCRIPT\n');
    });

    it('refuses a delimiter that is a line of the body', () => {
      const text = 'FROM alpine\nCOPY <<EOF /x\nEND\nEOF\n';
      assert.match(refusal(text, 'EOF', 'END'), /body of this heredoc has a line END/);
    });
  });
});
