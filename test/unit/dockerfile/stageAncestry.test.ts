import { strict as assert } from 'node:assert';
import { parseDockerfile } from '../../../engine/src/dockerfile/model';
import { computeScopes } from '../../../engine/src/dockerfile/scope';
import { stageAncestry } from '../../../engine/src/dockerfile/stageAncestry';

describe('stageAncestry', () => {
  const model = parseDockerfile('FROM scratch AS a\nARG X=1\nFROM a AS b\nARG Y\nFROM b AS c\nFROM alpine AS d\nFROM d\nFROM C\n');
  const scopes = computeScopes(model);

  it('lists the stages a stage is built on, nearest first, and where the chain starts', () => {
    assert.deepEqual(stageAncestry(scopes, 2).ancestors, [1, 0]);
    assert.equal(stageAncestry(scopes, 2).rootIsScratch, true);
    assert.equal(stageAncestry(scopes, 2).envKnown, true);
    assert.deepEqual(stageAncestry(scopes, 4).ancestors, [3]);
    assert.equal(stageAncestry(scopes, 4).rootIsScratch, false);
    assert.equal(stageAncestry(scopes, 4).envKnown, false, 'the environment of alpine is not known');
  });

  it('follows stage names exactly as BuildKit compares them (FROM C is an image)', () => {
    assert.deepEqual(stageAncestry(scopes, 5).ancestors, []);
  });

  it('carries the ARGs of the ancestors, the nearest declaration winning', () => {
    assert.deepEqual([...stageAncestry(scopes, 2).inheritedArgs.keys()].sort(), ['X', 'Y']);
    assert.equal(stageAncestry(scopes, 2).inheritedArgs.get('X')?.value, '1');
  });
});
