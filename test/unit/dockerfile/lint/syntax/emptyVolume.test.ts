import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings, fixTitles } from './syntaxLint';

describe('EmptyVolume', () => {
  it('reports empty and blank JSON items', () => {
    assert.deepEqual(findings('EmptyVolume', 'FROM alpine\nVOLUME ["/data", ""]\nVOLUME ["  "]\n'), [
      '2:17-2:19 VOLUME specified can not be an empty string',
      '3:8-3:12 VOLUME specified can not be an empty string',
    ]);
  });

  it('accepts volumes in both forms', () => {
    assertClean('EmptyVolume', 'FROM alpine\nVOLUME /a /b\nVOLUME ["/c", "/d"]\n');
  });

  it('removes the empty item when others remain', () => {
    assertFixes('EmptyVolume', 'FROM alpine\nVOLUME ["/data", ""]\n', 'FROM alpine\nVOLUME ["/data"]\n');
    assertFixes('EmptyVolume', 'FROM alpine\nVOLUME ["", "/data"]\n', 'FROM alpine\nVOLUME ["/data"]\n');
    assert.deepEqual(fixTitles('EmptyVolume', 'FROM alpine\nVOLUME [""]\n'), []);
  });
});
