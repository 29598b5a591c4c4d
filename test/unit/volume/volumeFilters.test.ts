import * as assert from 'node:assert/strict';
import { labelMatches, listFilter, pruneFilter } from '../../../engine/src/volume/volumeFilters';
import type { VolumeRecord } from '../../../engine/src/volume/volumeStore';

const volume = (name: string, labels: Record<string, string> | null): VolumeRecord => ({ name, driver: 'local', createdAt: '2024-01-01T00:00:00Z', labels, options: null });
const named = volume('named', { app: 'web' });
const anonymous = volume('a'.repeat(64), { 'com.docker.volume.anonymous': '' });
const plain = volume('plain', null);

describe('labelMatches', () => {
  it('matches a key, or a key and its value', () => {
    assert.equal(labelMatches({ a: 'b' }, 'a'), true);
    assert.equal(labelMatches({ a: 'b' }, 'a=b'), true);
    assert.equal(labelMatches({ a: 'b' }, 'a=c'), false);
    assert.equal(labelMatches(null, 'a'), false);
    assert.equal(labelMatches({ a: '' }, 'a='), true);
  });
});

describe('listFilter', () => {
  it('filters by dangling, driver, label and name (a substring)', () => {
    const inUse = (n: string) => n === 'named';
    const pick = (f: Record<string, string[]>) => [named, anonymous, plain].filter(listFilter(new Map(Object.entries(f)), inUse)).map((v) => v.name);
    assert.deepEqual(pick({ dangling: ['true'] }), [anonymous.name, 'plain']);
    assert.deepEqual(pick({ dangling: ['0'] }), ['named']);
    assert.deepEqual(pick({ label: ['app=web'] }), ['named']);
    assert.deepEqual(pick({ name: ['lai'] }), ['plain']);
    assert.deepEqual(pick({ driver: ['other'] }), []);
    assert.throws(() => pick({ dangling: ['maybe'] }), /invalid filter 'dangling=maybe'/);
  });
});

describe('pruneFilter', () => {
  it('takes only anonymous volumes from API 1.42 on unless all=true, everything before', () => {
    const pick = (f: Record<string, string[]>, version: string) => [named, anonymous, plain].filter(pruneFilter(new Map(Object.entries(f)), version)).map((v) => v.name);
    assert.deepEqual(pick({}, '1.47'), [anonymous.name]);
    assert.deepEqual(pick({ all: ['true'] }, '1.47'), ['named', anonymous.name, 'plain']);
    assert.deepEqual(pick({}, '1.41'), ['named', anonymous.name, 'plain']);
    assert.deepEqual(pick({ all: ['1'], label: ['app'] }, '1.47'), ['named']);
    assert.deepEqual(pick({ all: ['1'], 'label!': ['app'] }, '1.47'), [anonymous.name, 'plain']);
  });
});
