import * as assert from 'node:assert/strict';
import { globToRegExp, referenceMatches } from '../../../engine/src/api/referenceFilter';
import { parseReference } from '../../../engine/src/image/reference';

describe('referenceMatches', () => {
  it("matches Go path.Match patterns against the familiar name or name:tag, as docker's reference filter", () => {
    const busybox = parseReference('busybox:1.36');
    const team = parseReference('localhost:5000/team/app:2');
    assert.equal(referenceMatches(['busy*'], busybox), true);
    assert.equal(referenceMatches(['busybox:1.*'], busybox), true);
    assert.equal(referenceMatches(['busybox:2*'], busybox), false);
    assert.equal(referenceMatches(['localhost:5000/team/*'], team), true);
    assert.equal(referenceMatches(['*'], team), false, '* does not cross a slash');
    assert.equal(referenceMatches(['localhost:5000/team/ap?:[0-9]'], team), true);
  });

  it('treats regular-expression characters literally', () => {
    assert.equal(globToRegExp('a.b+c').test('a.b+c'), true);
    assert.equal(globToRegExp('a.b+c').test('axb+c'), false);
  });
});
