import { strict as assert } from 'node:assert';
import { catches, catchesNot, covered } from './ruleCases';
import { ruleById } from '../../../../../engine/src/dockerfile/lint/rules';

describe('dl3024 (DL3024 duplicate stage names)', () => {
  it('reports the second stage of a name on its alias', () => {
    const text = 'FROM node as foo\nRUN something\nFROM scratch as foo\nRUN something\n';
    const [d] = catches('DL3024', text, 1);
    assert.equal(d.range.start.line, 2);
    assert.equal(covered(text, d), 'foo');
    assert.equal(d.severity, 'error');
    assert.equal(d.message, 'FROM aliases (stage names) must be unique');
    catches('DL3024', 'FROM node AS Foo\nFROM scratch AS foo\n', 1);
  });

  it('accepts unique names', () => {
    catchesNot('DL3024', 'FROM scratch as build\nRUN foo\nFROM node as run\nRUN baz\n');
  });

  it('declares its BuildKit counterpart', () => {
    assert.deepEqual(ruleById('DL3024')?.equivalentTo, ['DuplicateStageName']);
  });
});
