import { strict as assert } from 'node:assert';
import { MarkupContent, Range } from 'vscode-languageserver';
import { parseDockerfile } from '../../../engine/src/dockerfile/model';
import { RuleWithOptions } from '../../../engine/src/dockerfile/lint/lint';
import { computeHover, HoverContext } from '../../../server/src/hover';

/** Hover at the `§` marker: its markdown and range, or undefined. */
function hover(marked: string, context: HoverContext = {}): { value: string; range: Range } | undefined {
  const at = marked.indexOf('§');
  const model = parseDockerfile(marked.slice(0, at) + marked.slice(at + 1));
  const result = computeHover(model, model.lines.positionAt(at), context);
  if (!result) return undefined;
  return { value: (result.contents as MarkupContent).value, range: result.range! };
}

const text = (marked: string, context?: HoverContext) => hover(marked, context)?.value ?? '';
const range = (sl: number, sc: number, el: number, ec: number): Range => ({ start: { line: sl, character: sc }, end: { line: el, character: ec } });

describe('computeHover', () => {
  describe('instructions and flags', () => {
    it('documents the keyword, with its forms and a link to Docker\'s reference', () => {
      const h = hover('FROM alpine\nCO§PY --chown=app a b');
      assert.ok(h);
      assert.match(h.value, /^\*\*COPY\*\*: /);
      assert.match(h.value, /COPY \[OPTIONS\] <src>\.\.\. <dest>/);
      assert.match(h.value, /\(https:\/\/docs\.docker\.com\/reference\/dockerfile\/#copy\)/);
      assert.deepEqual(h.range, range(1, 0, 1, 4));
    });

    it('documents ONBUILD\'s trigger keyword and its flags', () => {
      assert.match(text('FROM alpine\nONBUILD CO§PY --from=x a b'), /^\*\*COPY\*\*/);
      assert.match(text('FROM alpine\nONBUILD COPY --fr§om=x a b'), /COPY --from=<stage\|image\|context>/);
    });

    it('documents a flag with its allowed values', () => {
      const h = hover('FROM alpine\nRUN --net§work=none true');
      assert.ok(h);
      assert.match(h.value, /\*\*RUN --network=<default\|none\|host>\*\*/);
      assert.match(h.value, /- `host`: /);
      assert.deepEqual(h.range, range(1, 4, 1, 13));
    });

    it('explains a flag value', () => {
      const h = hover('FROM alpine\nRUN --network=no§ne true');
      assert.match(h?.value ?? '', /\*\*RUN --network=none\*\*: no network/);
      assert.deepEqual(h?.range, range(1, 14, 1, 18));
    });

    it('explains mount types and mount options', () => {
      assert.match(text('FROM alpine\nRUN --mount=type=sec§ret,id=x true'), /\*\*RUN --mount=type=secret\*\*/);
      assert.match(text('FROM alpine\nRUN --mount=type=cache,shar§ing=locked true'), /\*\*sharing\*\*, `type=cache` mount/);
      assert.match(text('FROM alpine\nRUN --mount=type=bind,ds§t=/x true'), /\*\*target\*\* \(also `dst`, `destination`\)/);
    });

    it('says when a flag does not belong to the instruction', () => {
      assert.match(text('FROM alpine\nCOPY --plat§form=x a b'), /`--platform` is not a flag of COPY/);
    });
  });

  describe('variables', () => {
    it('shows the value a stage ARG has at that line and where it comes from', () => {
      const h = hover('ARG V=1\nFROM alpine\nARG V\nRUN echo $§V');
      assert.ok(h);
      assert.equal(h.value, '**$V** = `1`\n\nFrom the ARG on line 3.');
      assert.deepEqual(h.range, range(3, 9, 3, 11));
    });

    it('says a global ARG is not set in a stage that does not declare it', () => {
      assert.match(text('ARG V=1\nFROM alpine\nRUN echo ${V§}'), /\*\*\$V\*\* is not set at this line\. It is a global ARG \(line 1\)/);
    });

    it('uses the global ARGs on FROM lines', () => {
      assert.match(text('ARG BASE=debian:12\nFROM $BA§SE'), /\*\*\$BASE\*\* = `debian:12`\n\nFrom the global ARG on line 1\./);
    });

    it('says ARGs do not reach CMD', () => {
      assert.match(text('FROM alpine\nARG PORT=80\nCMD serve --port $PO§RT'), /It is an ARG \(line 2\), and CMD runs in the container/);
    });

    it('says when the declaration comes later', () => {
      assert.match(text('FROM alpine\nRUN echo $F§OO\nENV FOO=1'), /declared on line 3, below this line/);
    });

    it('follows ENV into stages built from the stage', () => {
      assert.match(text('FROM alpine AS base\nENV TOOL=/opt/t\nFROM base\nRUN $TO§OL'), /\*\*\$TOOL\*\* = `\/opt\/t`\n\nFrom the ENV on line 2, inherited from stage `base`\./);
    });

    it('expands references with modifiers', () => {
      assert.match(text('FROM alpine\nARG A\nRUN echo ${A:-fall§back}'), /`\$\{A:-fallback\}` expands to `fallback`/);
    });

    it('explains automatic platform ARGs once declared', () => {
      assert.match(text('FROM alpine\nARG TARGETARCH\nRUN echo $TARGET§ARCH'), /= `amd64`\n\nDeclared by the ARG on line 2: the automatic platform ARG/);
      assert.match(text('FROM alpine\nRUN echo $TARGET§ARCH'), /declare `ARG TARGETARCH` in this stage/);
    });

    it('shows the value a declaration sets', () => {
      assert.match(text('FROM alpine\nENV A=1 P§ATH=/x:$PATH'), /\*\*ENV PATH\*\* = `\/x:\/usr\/local\/sbin:/);
      assert.match(text('ARG R§EG=docker.io\nFROM alpine'), /\*\*ARG REG\*\* = `docker\.io`\n\nGlobal ARG/);
    });

    it('finds variables on continued lines', () => {
      const h = hover('FROM alpine\nENV A=1\nRUN echo \\\n  $§A');
      assert.deepEqual(h?.range, range(3, 2, 3, 4));
    });
  });

  describe('stages', () => {
    const file = 'FROM golang:1.22 AS build\nRUN go build\nFROM alpine\nCOPY --from=build /app /app\nRUN --mount=type=bind,from=build,target=/b true\n';

    it('shows the stage a reference names', () => {
      const expected = /\*\*Stage `build`\*\*: stage 0, line 1\n\n```dockerfile\nFROM golang:1\.22 AS build\n```/;
      assert.match(text(file.replace('--from=build', '--from=bu§ild')), expected);
      assert.match(text(file.replace('from=build,', 'from=bui§ld,')), expected);
      assert.match(text('FROM golang AS build\nFROM bu§ild'), /\*\*Stage `build`\*\*/);
    });

    it('lists the users of a stage on its name', () => {
      const value = text(file.replace('AS build', 'AS bui§ld'));
      assert.match(value, /- line 4: COPY --from/);
      assert.match(value, /- line 5: RUN --mount/);
    });

    it('says an unknown --from is an image', () => {
      assert.match(text('FROM alpine\nCOPY --from=nginx:la§test / /'), /not a stage of this file/);
    });

    it('shows what a FROM written with ARGs resolves to', () => {
      assert.match(text('ARG TAG=3.20\nFROM al§pine:${TAG}'), /resolves to `alpine:3\.20`/);
    });
  });

  describe('comments', () => {
    const rules: RuleWithOptions[] = [
      { id: 'StageNameCasing', category: 'buildkit', defaultSeverity: 'warning', description: 'Stage names should be lowercase', url: 'https://docs.docker.com/reference/build-checks/stage-name-casing/', fixable: true, check: () => undefined },
      { id: 'DL3006', category: 'hadolint', defaultSeverity: 'warning', description: 'Always tag the version of an image explicitly', fixable: false, check: () => undefined },
    ];

    it('documents parser directives', () => {
      assert.match(text('# sy§ntax=docker/dockerfile:1\nFROM alpine'), /\*\*# syntax=\*\* `<frontend image>` \(parser directive\)/);
    });

    it('documents rule ids in check directives and suppression comments', () => {
      const h = hover('# check=skip=StageName§Casing\nFROM alpine', { rules });
      assert.match(h?.value ?? '', /^\*\*StageNameCasing\*\* \(buildkit check\)\n\nStage names should be lowercase/);
      assert.deepEqual(h?.range, range(0, 13, 0, 28));
      assert.match(text('FROM alpine\n# hadolint ignore=DL30§06\nRUN x', { rules }), /\*\*DL3006\*\*/);
    });

    it('says nothing on ordinary comments and blank lines', () => {
      assert.equal(hover('FROM alpine\n# just a no§te\nRUN x'), undefined);
      assert.equal(hover('FROM alpine\n§\nRUN x'), undefined);
    });
  });
});
