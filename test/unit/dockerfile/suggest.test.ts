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

describe('editDistance against a plain Levenshtein table', () => {
  /** The textbook table, written for clarity: what the bounded, buffer-reusing version must match. */
  function reference(a: string, b: string, transpositions: boolean): number {
    const s = Array.from(a);
    const t = Array.from(b);
    const d = Array.from({ length: s.length + 1 }, (_, i) => Array.from({ length: t.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= s.length; i++) {
      for (let j = 1; j <= t.length; j++) {
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
        if (transpositions && i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[s.length][t.length];
  }

  it('agrees on random words, long words and astral characters, with and without transpositions', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = ['A', 'B', 'C', '_', 'a', '1', '😀', 'é'];
    const word = (max: number) => Array.from({ length: Math.floor(random() * max) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let n = 0; n < 2000; n++) {
      const a = word(n % 50 === 0 ? 80 : 12);
      const b = word(n % 50 === 0 ? 80 : 12);
      for (const transpositions of [false, true]) {
        assert.equal(editDistance(a, b, transpositions), reference(a, b, transpositions), `${JSON.stringify(a)} → ${JSON.stringify(b)} (transpositions ${transpositions})`);
      }
    }
  });

  it('suggests what an exhaustive search over the options would', () => {
    const options = ['PATH', 'HOME', 'APP_HOME', 'APP_VERSION', 'BUILD_JOBS', 'TARGETARCH', 'LANG', 'DEBIAN_FRONTEND', 'NODE_VERSION', 'PATHS'];
    for (const typed of ['PAHT', 'APP_VERSON', 'APPVERSION', 'TARGETARCHS', 'X', 'NODE_VERSOIN', 'LNAG', 'debian_frontend', 'APP_HOM']) {
      let expected: string | undefined;
      let best = 3;
      for (const option of options) {
        const distance = reference(typed, option, false);
        if (distance < best) [best, expected] = [distance, option];
      }
      assert.equal(suggest(typed, options, true), expected, typed);
    }
  });
});
