import { strict as assert } from 'node:assert';
import { assertClean, assertFixes, findings } from './syntaxLint';

describe('DuplicateFlag', () => {
  it('reports a repeated bool or string flag at the repeat', () => {
    assert.deepEqual(findings('DuplicateFlag', 'FROM alpine\nCOPY --from=a --from=b x y\n'), ['2:14-2:22 duplicate flag specified: --from']);
    assert.deepEqual(findings('DuplicateFlag', 'FROM alpine\nCOPY --link --link=false x y\nRUN --network=none --network=host true\n'), [
      '2:12-2:24 duplicate flag specified: --link',
      '3:19-3:33 duplicate flag specified: --network',
    ]);
  });

  it('lets list flags repeat', () => {
    assertClean('DuplicateFlag', 'FROM alpine\nRUN --mount=type=cache,target=/a --mount=type=cache,target=/b --device=a --device=b true\nCOPY --exclude=a --exclude=b x y\n');
  });

  it('ignores instructions whose flags BuildKit does not parse, and unknown flags', () => {
    assertClean('DuplicateFlag', 'ARG --a --a X\nFROM alpine\nHEALTHCHECK --x --x NONE\nCOPY --user=a --user=b x y\n');
  });

  it('removes the repeat', () => {
    assertFixes('DuplicateFlag', 'FROM alpine\nCOPY --from=a --from=b x y\n', 'FROM alpine\nCOPY --from=a x y\n');
    assertFixes('DuplicateFlag', 'FROM alpine\nCOPY --from=a \\\n  --from=b x y\n', 'FROM alpine\nCOPY --from=a \\\n  x y\n');
  });
});
