import { strict as assert } from 'node:assert';
import { ExpansionError, mapEnvironment, processWord } from '../../../engine/src/dockerfile/shellLexer';

const env = mapEnvironment(
  new Map([
    ['A', 'alpha'],
    ['EMPTY', ''],
    ['SPACED', ' a  b '],
    ['PATHV', '/usr/local/lib/file.tar.gz'],
  ]),
);

describe('processWord', () => {
  const cases: [string, string][] = [
    ['plain', 'plain'],
    ['$A', 'alpha'],
    ['${A}', 'alpha'],
    ['x${A}y', 'xalphay'],
    ['$NOPE', ''],
    ['${NOPE:-dflt}', 'dflt'],
    ['${EMPTY:-dflt}', 'dflt'],
    ['${EMPTY-dflt}', ''],
    ['${NOPE-dflt}', 'dflt'],
    ['${A:+set}', 'set'],
    ['${EMPTY:+set}', ''],
    ['${EMPTY+set}', 'set'],
    ['${NOPE+set}', ''],
    ['${NOPE:-$A}', 'alpha'],
    ['${PATHV#*/}', 'usr/local/lib/file.tar.gz'],
    ['${PATHV##*/}', 'file.tar.gz'],
    ['${PATHV%.*}', '/usr/local/lib/file.tar'],
    ['${PATHV%%.*}', '/usr/local/lib/file'],
    ['${PATHV/lib/LIB}', '/usr/local/LIB/file.tar.gz'],
    ['${PATHV//l/L}', '/usr/LocaL/Lib/fiLe.tar.gz'],
    ["'$A'", '$A'],
    ['"$A"', 'alpha'],
    ['\\$A', '$A'],
    ['"\\$A"', '$A'],
    ['"a\\b"', 'a\\b'],
    ['$1x', 'x'],
    ['$', '$'],
    ['a\\ b', 'a b'],
  ];
  for (const [input, expected] of cases) {
    it(`expands ${input}`, () => assert.equal(processWord(input, env).result, expected));
  }

  it('splits words after expansion, keeping quoted spaces', () => {
    assert.deepEqual(processWord('x $SPACED "$SPACED"', env).words, ['x', 'a', 'b', ' a  b ']);
    assert.deepEqual(processWord('a${NOPE:-b}c d', env).words, ['abc', 'd']);
  });

  it('uses the backtick escape when the file says so', () => {
    assert.equal(processWord('`$A', env, '`').result, '$A');
    assert.equal(processWord('c:\\dir', env, '`').result, 'c:\\dir');
  });

  it('tells which variables were set and which were not', () => {
    const r = processWord('$A ${NOPE} ${EMPTY:-x}', env);
    assert.deepEqual([...r.matched].sort(), ['A', 'EMPTY']);
    assert.deepEqual([...r.unmatched], ['NOPE']);
  });

  const errors: [string, RegExp][] = [
    ['${A', /missing '}'/],
    ['${}', /bad substitution/],
    ['${:x}', /bad substitution/],
    ['${NOPE?must be set}', /NOPE: must be set/],
    ['${NOPE:?}', /NOPE: is not allowed to be unset/],
    ['${EMPTY:?}', /EMPTY: is not allowed to be empty/],
    ['${A:%x}', /unsupported modifier \(:%\)/],
    ['${A^}', /unsupported modifier \(\^\)/],
    ['"open', /matching double-quote/],
    ["'open", /matching single-quote/],
  ];
  for (const [input, message] of errors) {
    it(`rejects ${input}`, () => {
      assert.throws(() => processWord(input, env), (err: unknown) => err instanceof ExpansionError && message.test(err.message));
    });
  }

  it('leaves unset variables alone when asked to', () => {
    assert.equal(processWord('$NOPE ${NOPE:-x} $A', env, '\\', { skipUnsetEnv: true }).result, '$NOPE ${NOPE:-x} alpha');
  });
});
