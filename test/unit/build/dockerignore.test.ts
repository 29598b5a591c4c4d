import { strict as assert } from 'node:assert';
import { cleanPath, createIgnoreMatcher, parseIgnorePatterns } from '../../../engine/src/build/dockerignore';

/** The paths among `paths` that `dockerignore` (file text) ignores. */
function ignored(dockerignore: string, paths: string[]): string[] {
  const matcher = createIgnoreMatcher(parseIgnorePatterns(dockerignore));
  return paths.filter((p) => matcher.matches(p));
}

describe('parseIgnorePatterns', () => {
  it('skips comments and blank lines, trims spaces and line endings', () => {
    assert.deepEqual(parseIgnorePatterns('# comment\n\nnode_modules  \r\n\t*.log\n   \n'), ['node_modules', '*.log']);
  });

  it('treats # as a comment only in the first column', () => {
    assert.deepEqual(parseIgnorePatterns('  # not a comment\n'), ['# not a comment']);
  });

  it('drops a byte order mark', () => {
    assert.deepEqual(parseIgnorePatterns('\ufeff# c\n\ufeffa\n'), ['\ufeffa']);
    assert.deepEqual(parseIgnorePatterns('\ufeffa\n'), ['a']);
  });

  it('cleans patterns like paths and drops a leading slash, exceptions included', () => {
    assert.deepEqual(parseIgnorePatterns('/build\n./src/../dist/\n!  /keep//me/.\n/\n'), ['build', 'dist', '!keep/me', '/']);
  });

  it('keeps a lone ! for the matcher to reject', () => {
    assert.deepEqual(parseIgnorePatterns('!\n'), ['!']);
  });
});

describe('cleanPath', () => {
  it("behaves like Go's path.Clean", () => {
    const cases: [string, string][] = [
      ['', '.'],
      ['.', '.'],
      ['./a/b/', 'a/b'],
      ['a//b/./c/..', 'a/b'],
      ['../../x', '../../x'],
      ['/../x', '/x'],
      ['/', '/'],
      ['a/..', '.'],
    ];
    for (const [input, output] of cases) assert.equal(cleanPath(input), output, input);
  });
});

describe('createIgnoreMatcher', () => {
  it('keeps * and ? within one path element', () => {
    assert.deepEqual(ignored('*.log\n', ['a.log', 'dir/a.log', 'log']), ['a.log']);
    assert.deepEqual(ignored('*/temp*\n', ['x/temp1', 'x/y/temp1', 'temp1']), ['x/temp1']);
    assert.deepEqual(ignored('file?.txt\n', ['file1.txt', 'file12.txt', 'file/.txt']), ['file1.txt']);
  });

  it('lets ** span any number of directories', () => {
    assert.deepEqual(ignored('**/*.go\n', ['main.go', 'a/b/c.go', 'a/b/c.gox']), ['main.go', 'a/b/c.go']);
    assert.deepEqual(ignored('**/foo\n', ['foo', 'a/foo', 'a/xfoo']), ['foo', 'a/foo']);
    assert.deepEqual(ignored('docs/**\n', ['docs/a', 'docs/a/b', 'docsx']), ['docs/a', 'docs/a/b']);
    assert.deepEqual(ignored('a/**/z\n', ['a/z', 'a/b/c/z', 'b/a/z']), ['a/z', 'a/b/c/z']);
    assert.deepEqual(ignored('**\n', ['anything', 'deep/er/path']), ['anything', 'deep/er/path']);
  });

  it('ignores everything inside an ignored directory', () => {
    assert.deepEqual(ignored('tmp\n', ['tmp', 'tmp/a', 'tmp/a/b.txt', 'src/tmp', 'tmpx']), ['tmp', 'tmp/a', 'tmp/a/b.txt']);
  });

  it('supports character classes and escapes', () => {
    assert.deepEqual(ignored('log[0-9].txt\n', ['log1.txt', 'logx.txt']), ['log1.txt']);
    assert.deepEqual(ignored('[^a]*\n', ['abc', 'xyz']), ['xyz']);
    assert.deepEqual(ignored('star\\*\n', ['star*', 'stars']), ['star*']);
    assert.deepEqual(ignored('a.b\n', ['a.b', 'axb']), ['a.b']);
    assert.deepEqual(ignored('(x)+{y}|$*\n', ['(x)+{y}|$z', 'x']), ['(x)+{y}|$z']);
  });

  it('lets the last matching pattern decide, with ! re-including', () => {
    assert.deepEqual(ignored('*.md\n!README.md\n', ['README.md', 'CHANGES.md']), ['CHANGES.md']);
    assert.deepEqual(ignored('*.md\n!README*.md\nREADME-secret.md\n', ['README.md', 'README-secret.md']), ['README-secret.md']);
    assert.deepEqual(ignored('build\n!build/keep\n', ['build/keep', 'build/drop']), ['build/drop']);
  });

  it('reports whether there are exceptions', () => {
    assert.equal(createIgnoreMatcher(['a', 'b']).hasExclusions, false);
    assert.equal(createIgnoreMatcher(['a', '!b']).hasExclusions, true);
    assert.deepEqual(createIgnoreMatcher(['./x/', '!y']).patterns, [
      { text: 'x', exclusion: false },
      { text: 'y', exclusion: true },
    ]);
  });

  it('rejects malformed patterns, naming them', () => {
    assert.throws(() => createIgnoreMatcher(['!']), /illegal exclusion pattern "!"/);
    assert.throws(() => createIgnoreMatcher(['a[']), /pattern "a\[" is malformed/);
    assert.throws(() => createIgnoreMatcher(['[]a]']), /malformed/);
    assert.throws(() => createIgnoreMatcher(['x\\']), /trailing/);
  });

  it('matches nothing with a pattern Go accepts but cannot compile as a regular expression', () => {
    assert.deepEqual(ignored('a\\qb*\n', ['aqb', 'aqbc']), []);
  });
});
