import { strict as assert } from 'node:assert';
import { didYouMean, editDistance, suggest } from '../../../engine/src/dockerfile/suggest';

describe('suggest', () => {
  it('offers the closest option under 3 edits, the first one on ties', () => {
    assert.equal(suggest('form', ['chmod', 'from'], true), 'from');
    assert.equal(suggest('ab', ['ax', 'ay'], true), 'ax');
    assert.equal(suggest('abcdef', ['uvwxyz'], true), undefined);
    assert.equal(suggest('mount', ['mount', 'mounts'], true), undefined, 'an exact option means the error is about something else');
  });

  it('answers in the case the user typed when the search ignores case', () => {
    assert.equal(suggest('RUNN', ['ADD', 'RUN'], false), 'RUN');
    assert.equal(suggest('runn', ['ADD', 'RUN'], false), 'run');
    assert.equal(suggest('Runn', ['ADD', 'RUN'], false), 'run');
    assert.equal(suggest('Run', ['ADD', 'RUN'], false), undefined);
    assert.equal(suggest('Link', ['link'], true), 'link');
  });

  it('never offers an empty option', () => {
    assert.equal(suggest('ab', ['', 'xyz'], true), undefined);
  });

  it('measures distance over code points, with optional transpositions', () => {
    assert.equal(editDistance('PATH', 'PAHT'), 2);
    assert.equal(editDistance('PATH', 'PAHT', true), 1);
    assert.equal(editDistance('\u{1F600}a', 'a'), 1);
    assert.equal(editDistance('', 'abc'), 3);
  });

  it('formats BuildKit\'s message suffix', () => {
    assert.equal(didYouMean('from'), ' (did you mean from?)');
    assert.equal(didYouMean(undefined), '');
  });
});
