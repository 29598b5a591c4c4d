import { strict as assert } from 'node:assert';
import { parseDockerfile } from '../../../engine/src/dockerfile/model';
import { computeReferences } from '../../../server/src/references';
import { positionOf, show } from './textPositions';

const URI = 'file:///work/Dockerfile';

function references(text: string, needle: string, includeDeclaration: boolean, nth = 0): string[] {
  return computeReferences(parseDockerfile(text), positionOf(text, needle, nth, 1), URI, includeDeclaration).map((l) => show(text, l.range));
}

describe('computeReferences', () => {
  it('lists a global ARG with its FROM uses and the stage redeclarations that take its value', () => {
    const text = [
      'ARG TAG=3.20',
      'FROM alpine:$TAG AS a',
      'ARG TAG',
      'RUN echo $TAG',
      'FROM alpine:${TAG}',
      'ARG TAG=edge',
      'RUN echo $TAG',
    ].join('\n');
    assert.deepEqual(references(text, 'TAG', true), ['0:4 TAG', '1:13 TAG', '2:4 TAG', '3:10 TAG', '4:14 TAG']);
    assert.deepEqual(references(text, 'TAG', false), ['1:13 TAG', '3:10 TAG', '4:14 TAG']);
    // The last stage declares its own TAG with a default: a different variable.
    assert.deepEqual(references(text, '$TAG', true, 2), ['5:4 TAG', '6:10 TAG']);
  });

  it('lists every reference to a stage, by name and by index', () => {
    const text = 'FROM alpine AS deps\nFROM deps AS build\nCOPY --from=deps /a /a\nCOPY --from=0 /b /b\nRUN --mount=from=deps,target=/d true\n';
    assert.deepEqual(references(text, 'deps', true), ['0:15 deps', '1:5 deps', '2:12 deps', '3:12 0', '4:17 deps']);
  });

  it('lists a heredoc delimiter and its terminator only', () => {
    const text = 'FROM alpine\nRUN <<EOF\necho EOF\nEOF\nRUN <<EOF\nEOF\n';
    assert.deepEqual(references(text, 'EOF', true), ['1:6 EOF', '3:0 EOF']);
  });

  it('returns nothing away from a symbol', () => {
    const text = 'FROM alpine\nRUN echo hi\n';
    assert.deepEqual(references(text, 'echo', true), []);
  });
});
