import { strict as assert } from 'node:assert';
import { parseIgnorePatterns } from '../../../../../engine/src/build/dockerignore';
import { LintOptions } from '../../../../../engine/src/dockerfile/lint/lint';
import { assertNoQuickFix, findings } from './checks';

const RULE = 'CopyIgnoredFile';

/** Lint options with a build context whose .dockerignore has the given text. */
function ignoring(dockerignore: string): LintOptions {
  return { buildContext: { ignorePatterns: parseIgnorePatterns(dockerignore), exists: () => true } };
}

describe('CopyIgnoredFile', () => {
  it('reports COPY and ADD of an ignored file, on the source', () => {
    const text = 'FROM scratch\nCOPY Dockerfile .\nADD Dockerfile /windy\n';
    assert.deepEqual(findings(RULE, text, ignoring('\nDockerfile\n')), [
      '2:6-2:16 Attempting to Copy file "Dockerfile" that is excluded by .dockerignore',
      '3:5-3:15 Attempting to Add file "Dockerfile" that is excluded by .dockerignore',
    ]);
  });

  it('cleans the path and matches parent directories', () => {
    const text = 'FROM scratch\nCOPY ./tmp/helloworld.txt /helloworld.txt\nCOPY ./forever/helloworld.txt /x\n';
    assert.deepEqual(findings(RULE, text, ignoring('tmp\n')), ['2:6-2:26 Attempting to Copy file "tmp/helloworld.txt" that is excluded by .dockerignore']);
  });

  it("follows BuildKit's matcher rather than its documentation example: */tmp/* needs a directory above tmp", () => {
    const text = 'FROM scratch\nCOPY ./tmp/helloworld.txt /x\nCOPY ./app/tmp/helloworld.txt /y\n';
    assert.deepEqual(findings(RULE, text, ignoring('*/tmp/*\n')), ['3:6-3:30 Attempting to Copy file "app/tmp/helloworld.txt" that is excluded by .dockerignore']);
  });

  it('matches after expansion', () => {
    const text = 'FROM scratch\nARG DIR=secrets\nCOPY ${DIR}/key.pem /\n';
    assert.deepEqual(findings(RULE, text, ignoring('**/*.pem\n')), ['3:6-3:20 Attempting to Copy file "secrets/key.pem" that is excluded by .dockerignore']);
  });

  it('does not look at COPY --from, heredocs, URLs or the destination', () => {
    const text = 'FROM scratch AS base\nCOPY Dockerfile /foobar\nFROM base\nCOPY --from=base /foobar /Dockerfile\nCOPY <<foobar /x\nhi\nfoobar\nADD https://example.com/foobar /foobar\n';
    assert.deepEqual(findings(RULE, text, ignoring('foobar\n')), []);
  });

  it('gives up when the ignore file has exceptions, as BuildKit does', () => {
    assert.deepEqual(findings(RULE, 'FROM scratch\nCOPY ./Dockerfile .\nCOPY other .\n', ignoring('**\n!Dockerfile\n')), []);
  });

  it('reports copying the whole context only when everything is ignored', () => {
    assert.deepEqual(findings(RULE, 'FROM scratch\nCOPY . .\n', ignoring('.*\n')), []);
    assert.deepEqual(findings(RULE, 'FROM scratch\nCOPY . .\n', ignoring('*\n')), ['2:6-2:7 Attempting to Copy file "." that is excluded by .dockerignore']);
  });

  it('stays quiet without a build context or ignore patterns', () => {
    assert.deepEqual(findings(RULE, 'FROM scratch\nCOPY Dockerfile .\n'), []);
    assert.deepEqual(findings(RULE, 'FROM scratch\nCOPY Dockerfile .\n', ignoring('# nothing\n')), []);
  });

  it('stays quiet when the ignore file is malformed (the build fails on it)', () => {
    assert.deepEqual(findings(RULE, 'FROM scratch\nCOPY a .\n', ignoring('a\n[\n')), []);
  });

  it('offers no quick fix', () => {
    assertNoQuickFix(RULE, 'FROM scratch\nCOPY Dockerfile .\n', ignoring('Dockerfile\n'));
  });

  it('is skipped by the check directive and by a comment above the instruction', () => {
    const options = ignoring('Dockerfile\n');
    assert.deepEqual(findings(RULE, '# check=skip=CopyIgnoredFile\n\nFROM scratch\nCOPY Dockerfile .\n', options), []);
    assert.deepEqual(findings(RULE, 'FROM scratch\n# check=skip=CopyIgnoredFile\nCOPY Dockerfile .\n', options), []);
  });
});
