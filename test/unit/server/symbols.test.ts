import { strict as assert } from 'node:assert';
import type { DocumentSymbol } from 'vscode-languageserver';
import { parseDockerfile } from '../../../engine/src/dockerfile/model';
import { computeDocumentSymbols, computeSymbolInformation } from '../../../server/src/symbols';

/** The outline as indented lines: `name (detail) [kind]`. */
function outline(symbols: readonly DocumentSymbol[], depth = 0): string[] {
  return symbols.flatMap((s) => [`${'  '.repeat(depth)}${s.name}${s.detail ? ` (${s.detail})` : ''} [${s.kind}]`, ...outline(s.children ?? [], depth + 1)]);
}

const TEXT = [
  '# syntax=docker/dockerfile:1',
  'ARG BASE=alpine:3.20 OTHER',
  'FROM $BASE AS build',
  'ENV A=1 B="two words"',
  'RUN apt-get update && \\',
  '    apt-get install -y curl',
  'MAINTAINER someone',
  'FROM scratch',
  'LABEL org.opencontainers.image.title=x',
  'ONBUILD COPY . /src',
].join('\n');

describe('computeDocumentSymbols', () => {
  it('puts directives and global ARGs on top and instructions inside their stages', () => {
    assert.deepEqual(outline(computeDocumentSymbols(parseDockerfile(TEXT))), [
      'syntax (docker/dockerfile:1) [7]',
      'ARG BASE=alpine:3.20 OTHER [13]',
      '  BASE (ARG = alpine:3.20) [13]',
      '  OTHER (ARG) [13]',
      'build (FROM $BASE AS build) [2]',
      '  ENV A=1 B="two words" [13]',
      '    A (ENV = 1) [13]',
      '    B (ENV = "two words") [13]',
      '  RUN apt-get update && apt-get install -y curl [12]',
      '  MAINTAINER someone [15]',
      'FROM scratch (stage 1) [2]',
      '  LABEL org.opencontainers.image.title=x [7]',
      '    org.opencontainers.image.title (LABEL = x) [7]',
      '  ONBUILD COPY . /src [24]',
      '    COPY . /src [1]',
    ]);
  });

  it('gives ranges that contain their selection and their children', () => {
    const check = (s: DocumentSymbol) => {
      const inside = (outer: DocumentSymbol['range'], inner: DocumentSymbol['range']) =>
        (outer.start.line < inner.start.line || (outer.start.line === inner.start.line && outer.start.character <= inner.start.character)) &&
        (outer.end.line > inner.end.line || (outer.end.line === inner.end.line && outer.end.character >= inner.end.character));
      assert.ok(inside(s.range, s.selectionRange), `${s.name}: selection outside range`);
      for (const c of s.children ?? []) {
        assert.ok(inside(s.range, c.range), `${c.name} outside ${s.name}`);
        check(c);
      }
    };
    computeDocumentSymbols(parseDockerfile(TEXT)).forEach(check);
  });

  it('marks MAINTAINER deprecated and shortens long instructions', () => {
    const text = `FROM alpine\nMAINTAINER me\nRUN ${'x'.repeat(100)}\n`;
    const [stage] = computeDocumentSymbols(parseDockerfile(text));
    assert.deepEqual(stage.children![0].tags, [1]);
    assert.ok(stage.children![1].name.length <= 65 && stage.children![1].name.endsWith('…'));
  });
});

describe('computeSymbolInformation', () => {
  it('flattens the outline, naming each container', () => {
    const flat = computeSymbolInformation(parseDockerfile(TEXT), 'file:///Dockerfile');
    const env = flat.find((s) => s.name === 'A')!;
    assert.equal(env.containerName, 'ENV A=1 B="two words"');
    assert.equal(flat.find((s) => s.name.startsWith('RUN'))!.containerName, 'build');
    assert.equal(flat.length, 15);
  });
});
