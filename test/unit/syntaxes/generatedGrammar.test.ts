import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { grammarPath, repositoryRoot } from './tokenizeDockerfile';

describe('syntaxes/dockerfile.tmLanguage.json', () => {
  it('is what syntaxes/dockerfileGrammar.mjs generates (run `node syntaxes/dockerfileGrammar.mjs` after editing it)', () => {
    const generated = execFileSync(process.execPath, [join(repositoryRoot, 'syntaxes/dockerfileGrammar.mjs'), '--stdout'], { encoding: 'utf8' });
    assert.ok(generated === readFileSync(grammarPath, 'utf8'), 'the committed grammar differs from the generator output');
  });
});
