import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';

describe('package-lock.json', () => {
  it('has an entry for every optional dependency of a locked package, so npm ci accepts it', () => {
    const script = resolve(__dirname, '../../../scripts/lock-optional.mjs');
    try {
      execFileSync(process.execPath, [script, '--check'], { stdio: 'pipe' });
    } catch (err) {
      const stderr = String((err as { stderr?: Buffer }).stderr ?? '');
      assert.fail(`${stderr}run node scripts/lock-optional.mjs after npm install`);
    }
  });
});
