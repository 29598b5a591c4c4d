import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDockerfileText } from '../../../engine/src/dockerfile/parser';
import { dumpInstructions } from '../../../engine/src/dockerfile/printer';
import { corpusDir } from './corpus';

describe('parseDockerfileText against BuildKit parser corpus', () => {
  const positive = corpusDir('testfiles');
  for (const name of readdirSync(positive).sort()) {
    it(`matches BuildKit's result for ${name}`, () => {
      const text = readFileSync(join(positive, name, 'Dockerfile'), 'utf8');
      const expected = readFileSync(join(positive, name, 'result'), 'utf8').replace(/\n$/, '');
      const parsed = parseDockerfileText(text);
      const errors = [...parsed.problems.map((p) => p.message), ...parsed.instructions.flatMap((i) => (i.error ? [i.error] : []).concat(i.problems))];
      assert.deepEqual(errors, []);
      assert.equal(dumpInstructions(parsed.instructions), expected);
    });
  }

  const negative = corpusDir('testfiles-negative');
  for (const name of readdirSync(negative).sort()) {
    it(`rejects ${name} with a clear error`, () => {
      const text = readFileSync(join(negative, name, 'Dockerfile'), 'utf8');
      const parsed = parseDockerfileText(text);
      const errors = [...parsed.problems.map((p) => p.message), ...parsed.instructions.flatMap((i) => (i.error ? [i.error] : []).concat(i.problems))];
      assert.ok(errors.length > 0, 'expected a parse error');
    });
  }
});
