import { strict as assert } from 'node:assert';
import { parseDockerfile } from '../../../engine/src/dockerfile/model';
import { computeHighlights } from '../../../server/src/highlight';
import { positionOf, show } from './textPositions';

function highlights(text: string, needle: string, nth = 0, delta = 1): string[] {
  return computeHighlights(parseDockerfile(text), positionOf(text, needle, nth, delta)).map((h) => `${show(text, h.range)} ${h.kind === 3 ? 'write' : 'read'}`);
}

describe('computeHighlights', () => {
  it('marks declarations as writes and uses as reads, within the variable scope', () => {
    const text = 'FROM alpine AS a\nENV DIR=/a\nWORKDIR $DIR\nFROM alpine AS b\nENV DIR=/b\nWORKDIR ${DIR}\n';
    assert.deepEqual(highlights(text, '$DIR'), ['1:4 DIR write', '2:9 DIR read']);
    assert.deepEqual(highlights(text, '${DIR}', 0, 3), ['4:4 DIR write', '5:10 DIR read']);
  });

  it('separates a redeclaration from the declaration it replaces', () => {
    const text = 'FROM alpine\nENV P=/a\nRUN ls $P\nENV P=/b:$P\nRUN ls $P\n';
    assert.deepEqual(highlights(text, '$P', 0), ['1:4 P write', '2:8 P read', '3:10 P read']);
    assert.deepEqual(highlights(text, '$P', 2), ['3:4 P write', '4:8 P read']);
  });

  it('groups uses of an undeclared variable in the same stage', () => {
    const text = 'FROM alpine\nRUN echo $HOME\nRUN cd $HOME\nFROM debian\nRUN echo $HOME\n';
    assert.deepEqual(highlights(text, '$HOME'), ['1:10 HOME read', '2:8 HOME read']);
  });

  it('highlights stage names and heredoc delimiters', () => {
    const text = 'FROM alpine AS base\nFROM base\nCOPY --from=base <<EOT /x\nbody\nEOT\n';
    assert.deepEqual(highlights(text, 'base', 1), ['0:15 base write', '1:5 base read', '2:12 base read']);
    assert.deepEqual(highlights(text, 'EOT', 1), ['2:19 EOT write', '4:0 EOT read']);
  });

  it('groups --from references to the same image, ignoring case', () => {
    const text = 'FROM alpine\nCOPY --from=nginx:1 /a /a\nRUN --mount=from=NGINX:1,target=/n true\nCOPY --from=redis /b /b\n';
    assert.deepEqual(highlights(text, 'nginx'), ['1:12 nginx:1 read', '2:17 NGINX:1 read']);
  });

  it('answers at the end of a name and nowhere else', () => {
    const text = 'FROM alpine\nARG V\nRUN echo $V \n';
    assert.deepEqual(highlights(text, '$V ', 0, 2), ['1:4 V write', '2:10 V read']);
    assert.deepEqual(highlights(text, 'echo'), []);
  });
});
