import { strict as assert } from 'node:assert';
import { parseDockerfile } from '../../../engine/src/dockerfile/model';
import { computeInlayHints, contextSources } from '../../../server/src/inlayHints';
import type { BuildHistory, ContextSizes } from '../../../server/src/buildHistory';

const URI = 'file:///work/Dockerfile';
const WHOLE = { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } };

const sizes: ContextSizes = {
  sizeOf: (path) => ({ 'src': 3_500_000, 'package.json': 1_200, '.': 9_000_000, 'app-v2': 40_000 } as Record<string, number>)[path],
};

function hints(text: string, history?: BuildHistory, range = WHOLE): string[] {
  return computeInlayHints(parseDockerfile(text), range, URI, { history, sizes }).map((h) => `${h.position.line}:${h.position.character} ${h.label as string}`);
}

describe('computeInlayHints', () => {
  it('predicts what COPY and ADD read from the build context', () => {
    const text = 'FROM node:20\nARG APP=app-v2\nCOPY package.json ./\nCOPY ./src/ ${APP} /app/\nADD . /all\nCOPY missing /x\n';
    assert.deepEqual(hints(text), ['2:20 ≈ 1.2 kB from context', '3:24 ≈ 3.5 MB from context', '4:10 ≈ 9.0 MB from context']);
  });

  it('marks a partial prediction and explains it in the tooltip', () => {
    const text = 'FROM node:20\nCOPY src other /app/\n';
    const [hint] = computeInlayHints(parseDockerfile(text), WHOLE, URI, { sizes });
    assert.equal(hint.label, '≥ 3.5 MB from context');
    assert.match((hint.tooltip as { value: string }).value, /`src`: 3.5 MB[\s\S]*`other`: unknown/);
  });

  it('leaves out copies from stages and images, URLs, git and heredocs', () => {
    const text = 'FROM node:20 AS b\nCOPY --from=b /src /x\nADD https://example.com/src /y\nADD git@github.com:o/r.git /z\nCOPY <<EOF /src\nhi\nEOF\n';
    assert.deepEqual(hints(text), []);
    assert.deepEqual(contextSources(parseDockerfile(text), parseDockerfile(text).instructions[1]), []);
  });

  it('adds the last build of the instruction, at the end of its own lines (not of its heredoc)', () => {
    const text = 'FROM alpine\nCOPY src /s\nRUN <<EOF\nmake\nEOF\n';
    const history: BuildHistory = {
      lastBuild: () => ({ steps: [{ startLine: 1, endLine: 1, layerSize: 3_600_000, cached: true }, { startLine: 2, endLine: 4, layerSize: 120, durationMs: 1_500 }] }),
    };
    assert.deepEqual(hints(text, history), ['1:11 3.6 MB · cached · ≈ 3.5 MB from context', '2:9 120 B · 1.5 s']);
  });

  it('answers only for the requested range', () => {
    const text = 'FROM a\nCOPY src /s\nCOPY . /t\n';
    assert.deepEqual(hints(text, undefined, { start: { line: 2, character: 0 }, end: { line: 2, character: 9 } }), ['2:9 ≈ 9.0 MB from context']);
  });
});
