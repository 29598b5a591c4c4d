import { strict as assert } from 'node:assert';
import { parseDockerfile } from '../../../engine/src/dockerfile/model';
import { computeCodeLenses } from '../../../server/src/codeLens';
import type { BuildHistory, BuildStep } from '../../../server/src/buildHistory';

const URI = 'file:///work/Dockerfile';
const TEXT = 'FROM alpine AS base\nRUN apk add curl \\\n    git\nCOPY . /src\nENV A=1\nFROM base\nRUN make\n';

function history(steps: BuildStep[]): BuildHistory {
  return { lastBuild: (uri) => (uri === URI ? { steps } : undefined) };
}

function lenses(steps: BuildStep[], text = TEXT): string[] {
  return computeCodeLenses(parseDockerfile(text), URI, history(steps)).map((l) => `${l.range.start.line}: ${l.command!.title}`);
}

describe('computeCodeLenses', () => {
  const steps: BuildStep[] = [
    { startLine: 0, endLine: 0, layerSize: 7_800_000, cached: true },
    { startLine: 1, endLine: 2, layerSize: 12_345_678, cached: false, durationMs: 8_400 },
    { startLine: 3, endLine: 3, layerSize: 2_048, cached: true },
    { startLine: 4, endLine: 4, cached: true },
    { startLine: 6, endLine: 6, layerSize: 0, cached: false, durationMs: 650 },
  ];

  it('summarises each stage and labels each instruction that ran', () => {
    assert.deepEqual(lenses(steps), [
      '0: Last build: 4 steps · 3 cached · 20.1 MB in layers · 8.4 s',
      '1: 12.3 MB · 8.4 s',
      '3: 2.0 kB · cached',
      '4: cached',
      '5: Last build: 1 step · 0 cached · 0 B in layers · 650 ms',
      '6: no layer · 650 ms',
    ]);
  });

  it('drops steps whose lines no longer match an instruction', () => {
    const edited = 'FROM alpine AS base\nRUN apk add curl git\nCOPY . /src\n';
    assert.deepEqual(lenses(steps, edited), ['0: Last build: 1 step · 1 cached · 7.8 MB in layers']);
  });

  it('shows nothing without a build', () => {
    assert.deepEqual(computeCodeLenses(parseDockerfile(TEXT), URI, undefined), []);
    assert.deepEqual(computeCodeLenses(parseDockerfile(TEXT), 'file:///other', history(steps)), []);
  });
});
