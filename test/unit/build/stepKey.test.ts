import { strict as assert } from 'node:assert';
import { explainMiss, stepKey, type StepInputs } from '../../../engine/src/build/stepKey';

const base: StepInputs = {
  parent: 'sha256:parent',
  instruction: 'COPY app/ /app/',
  sources: 'digest-1',
  settings: { dest: '/app/' },
  files: { 'app/a.js': 'h1', 'app/b.js': 'h2' },
};

describe('stepKey', () => {
  it('is a sha256 of the inputs, stable for the same inputs whatever the order of names', () => {
    const key = stepKey(base);
    assert.match(key, /^sha256:[0-9a-f]{64}$/);
    assert.equal(stepKey({ ...base, settings: { dest: '/app/' } }), key);
    assert.equal(stepKey({ ...base, args: { B: '2', A: '1' } }), stepKey({ ...base, args: { A: '1', B: '2' } }));
  });

  it('changes with every input that defines the step', () => {
    const key = stepKey(base);
    for (const changed of [
      { ...base, parent: 'sha256:other' },
      { ...base, instruction: 'COPY app/ /srv/' },
      { ...base, sources: 'digest-2' },
      { ...base, settings: { dest: '/srv/' } },
      { ...base, args: { A: '1' } },
      { ...base, env: { PATH: '/bin' } },
      { ...base, from: { 'stage build': 'k' } },
      { ...base, base: 'sha256:image linux/amd64' },
    ]) assert.notEqual(stepKey(changed), key, JSON.stringify(changed));
  });

  it('leaves per-file hashes out of the key (the sources digest covers them)', () => {
    assert.equal(stepKey({ ...base, files: { other: 'x' } }), stepKey(base));
  });
});

describe('explainMiss', () => {
  it('says which file changed, was added or removed', () => {
    assert.equal(explainMiss(base, { ...base, sources: 'd2', files: { 'app/a.js': 'h1', 'app/b.js': 'h3' } }), 'app/b.js changed');
    assert.equal(
      explainMiss(base, { ...base, sources: 'd2', files: { 'app/a.js': 'h9', 'app/c.js': 'h4' } }),
      'app/a.js changed; app/c.js added; app/b.js removed',
    );
    const many = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`f${i}`, 'new']));
    const before = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`f${i}`, 'old']));
    assert.equal(explainMiss({ ...base, files: before }, { ...base, sources: 'x', files: many }), 'f0, f1, f2 and 3 more changed');
  });

  it('names build arguments, environment variables, settings and sources read with --from', () => {
    assert.equal(explainMiss({ ...base, args: { V: '1' } }, { ...base, args: { V: '2' } }), 'build arg V changed ("1" → "2")');
    assert.equal(explainMiss({ ...base, args: { V: '1' } }, { ...base, args: {} }), 'build arg V changed ("1" → unset)');
    assert.equal(explainMiss({ ...base, env: { A: 'x' } }, { ...base, env: { A: 'y' } }), 'environment variable A changed ("x" → "y")');
    assert.equal(explainMiss({ ...base, settings: { user: '' } }, { ...base, settings: { user: 'app' } }), 'setting user changed ("" → "app")');
    assert.equal(explainMiss({ ...base, from: { 'stage build': 'k1' } }, { ...base, from: { 'stage build': 'k2' } }, undefined, 'line 3: x.c changed'), 'stage build changed (line 3: x.c changed)');
  });

  it('puts an edited instruction or a new base first, and the cause below otherwise', () => {
    assert.equal(explainMiss(base, { ...base, instruction: 'COPY app/ /srv/', sources: 'other' }), 'instruction changed (was: COPY app/ /app/)');
    assert.equal(explainMiss({ ...base, base: 'sha256:a' }, { ...base, base: 'sha256:b' }), 'base image changed (sha256:a → sha256:b)');
    assert.equal(explainMiss(base, { ...base, parent: 'sha256:new' }, 'line 2: go.sum changed'), 'an earlier step changed (line 2: go.sum changed)');
    assert.equal(explainMiss(undefined, base), 'not built before');
    assert.equal(explainMiss(base, base), 'its cached result is gone (pruned or garbage-collected)');
  });
});
