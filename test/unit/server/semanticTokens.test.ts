import { strict as assert } from 'node:assert';
import { parseDockerfile } from '../../../engine/src/dockerfile/model';
import {
  computeSemanticTokens,
  computeSemanticTokensDelta,
  computeSemanticTokensRange,
  semanticTokensLegend,
} from '../../../server/src/semanticTokens';

/** Decodes tokens into `line:character text type[.modifier...]`. */
function decode(text: string, data: readonly number[]): string[] {
  const lines = text.split(/\r?\n/);
  const out: string[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i < data.length; i += 5) {
    line += data[i];
    character = data[i] ? data[i + 1] : character + data[i + 1];
    const modifiers = semanticTokensLegend.tokenModifiers.filter((_, bit) => data[i + 4] & (1 << bit));
    out.push(`${line}:${character} ${lines[line].slice(character, character + data[i + 2])} ${[semanticTokensLegend.tokenTypes[data[i + 3]], ...modifiers].join('.')}`);
  }
  return out;
}

function tokens(text: string): string[] {
  return decode(text, computeSemanticTokens(parseDockerfile(text)).data);
}

describe('computeSemanticTokens', () => {
  it('marks directives, comments, keywords, flags, stages and images', () => {
    const text = '# syntax=docker/dockerfile:1\n# build it\nFROM --platform=linux/amd64 golang:1.22@sha256:ab AS build\nFROM build\n';
    assert.deepEqual(tokens(text), [
      '0:0 #  comment',
      '0:2 syntax macro',
      '0:8 = operator',
      '0:9 docker/dockerfile:1 string',
      '1:0 # build it comment',
      '2:0 FROM keyword',
      '2:5 --platform parameter',
      '2:15 = operator',
      '2:16 linux/amd64 string',
      '2:28 golang class',
      '2:34 : operator',
      '2:35 1.22 property',
      '2:39 @ operator',
      '2:40 sha256:ab property',
      '2:50 AS keyword',
      '2:53 build namespace.declaration',
      '3:0 FROM keyword',
      '3:5 build namespace',
    ]);
  });

  it('tells declarations from uses and says where values come from', () => {
    const text = 'ARG BASE=alpine\nFROM $BASE\nARG TARGETARCH V=1\nENV HOME_DIR="/h/${V}"\nRUN echo $HOME_DIR $PATH $TARGETARCH\n';
    assert.deepEqual(tokens(text), [
      '0:0 ARG keyword',
      '0:4 BASE variable.declaration.readonly',
      '0:8 = operator',
      '0:9 alpine string',
      '1:0 FROM keyword',
      '1:5 $BASE variable.readonly',
      '2:0 ARG keyword',
      '2:4 TARGETARCH variable.declaration.readonly.defaultLibrary',
      '2:15 V variable.declaration.readonly',
      '2:16 = operator',
      '2:17 1 string',
      '3:0 ENV keyword',
      '3:4 HOME_DIR variable.declaration',
      '3:12 = operator',
      '3:13 "/h/ string',
      '3:17 ${V variable.readonly',
      '3:20 } variable.readonly',
      '3:21 " string',
      '4:0 RUN keyword',
      '4:9 $HOME_DIR variable',
      '4:19 $PATH variable.defaultLibrary',
      '4:25 $TARGETARCH variable.readonly.defaultLibrary',
    ]);
  });

  it('cuts tokens at continuations and leaves comment lines inside an instruction as comments', () => {
    const text = 'FROM alpine\nRUN echo "one \\\n# note\n  two" \\\n  && true\n';
    assert.deepEqual(tokens(text), [
      '0:0 FROM keyword',
      '0:5 alpine class',
      '1:0 RUN keyword',
      '1:9 "one  string',
      '1:14 \\ operator',
      '2:0 # note comment',
      '3:0   two" string',
      '3:7 \\ operator',
    ]);
  });

  it('marks mount options, stage references, heredocs, EXPOSE and deprecated MAINTAINER', () => {
    const text = 'FROM alpine AS a\nRUN --mount=type=cache,from=a,target=/c <<-EOT\n\tEOT\nEXPOSE 80/tcp\nMAINTAINER me\nCOPY --from=a ["x", "y"]\nCOPY --from=nginx /a /b\n';
    assert.deepEqual(tokens(text).slice(4), [
      '1:0 RUN keyword',
      '1:4 --mount parameter',
      '1:11 = operator',
      '1:12 type property',
      '1:16 = operator',
      '1:17 cache string',
      '1:22 , operator',
      '1:23 from property',
      '1:27 = operator',
      '1:28 a namespace',
      '1:29 , operator',
      '1:30 target property',
      '1:36 = operator',
      '1:37 /c string',
      '1:40 <<- operator',
      '1:43 EOT label',
      '2:1 EOT label',
      '3:0 EXPOSE keyword',
      '3:7 80 number',
      '3:9 / operator',
      '3:10 tcp enumMember',
      '4:0 MAINTAINER keyword.deprecated',
      '5:0 COPY keyword',
      '5:5 --from parameter',
      '5:11 = operator',
      '5:12 a namespace',
      '5:15 "x" string',
      '5:20 "y" string',
      '6:0 COPY keyword',
      '6:5 --from parameter',
      '6:11 = operator',
      '6:12 nginx class',
    ]);
  });

  it('uses the backtick escape and CRLF line ends', () => {
    const text = '# escape=`\r\nFROM alpine\r\nRUN echo `\r\n  $HOME\r\n';
    assert.deepEqual(tokens(text).slice(4), ['1:0 FROM keyword', '1:5 alpine class', '2:0 RUN keyword', '2:9 ` operator', '3:2 $HOME variable']);
  });
});

describe('computeSemanticTokensRange', () => {
  it('returns the tokens of the range only, encoded from the document start', () => {
    const text = 'FROM alpine\nUSER me\nWORKDIR /w\n';
    assert.deepEqual(decode(text, computeSemanticTokensRange(parseDockerfile(text), { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }).data), ['1:0 USER keyword']);
  });
});

describe('computeSemanticTokensDelta', () => {
  it('sends one edit that turns the previous tokens into the new ones', () => {
    const before = computeSemanticTokens(parseDockerfile('FROM alpine\nUSER me\nWORKDIR /w\n')).data;
    const after = computeSemanticTokens(parseDockerfile('FROM alpine\nUSER me\nENV A=1\nWORKDIR /w\n')).data;
    const delta = computeSemanticTokensDelta(before, after, '2');
    assert.equal(delta.resultId, '2');
    assert.equal(delta.edits.length, 1);
    const { start, deleteCount, data } = delta.edits[0];
    assert.deepEqual([...before.slice(0, start), ...(data ?? []), ...before.slice(start + deleteCount)], after);
    assert.deepEqual(computeSemanticTokensDelta(after, after, '3').edits, []);
  });
});
