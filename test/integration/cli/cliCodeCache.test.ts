// dist/berth.js loads the CLI bundle with a V8 code cache (engine/src/cli/start.ts): the first
// command writes it, later ones use it without writing again, and a damaged or unwritable cache
// changes nothing a user sees. `berth check` needs no engine, so this runs anywhere.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { berthScript } from '../api/berthdProcess';

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function berth(cacheHome: string, args: readonly string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [berthScript, ...args], { env: { ...process.env, XDG_CACHE_HOME: cacheHome }, timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

describe('berth CLI code cache', function () {
  this.timeout(120_000);
  let dir: string;
  let dockerfile: string;
  let cacheHome: string;
  const cacheDir = () => join(cacheHome, 'berth', 'code-cache');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'berth-cli-cache-'));
    cacheHome = join(dir, 'cache-home');
    dockerfile = join(dir, 'Dockerfile');
    writeFileSync(dockerfile, 'FROM busybox\nMAINTAINER someone\n');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is written by the first command and used, unchanged, by the next', async () => {
    const first = await berth(cacheHome, ['check', dockerfile]);
    const files = readdirSync(cacheDir()).sort();
    assert.equal(files.length, 2, files.join(', '));
    assert.match(files[0]!, /^[0-9a-f]{16}-[0-9a-f]{16}\.bin$/);
    // the commands already compared with the cache: `check` need not serialize it again
    assert.equal(files[1], files[0]!.replace(/\.bin$/, '.workloads'));
    assert.equal(readFileSync(join(cacheDir(), files[1]!), 'utf8'), 'check\n');
    const written = statSync(join(cacheDir(), files[0]!)).mtimeMs;
    const second = await berth(cacheHome, ['check', dockerfile]);
    assert.deepEqual(second, first);
    assert.match(first.stdout, /MaintainerDeprecated|DL4000/);
    assert.equal(statSync(join(cacheDir(), files[0]!)).mtimeMs, written, 'an accepted cache is not written again');
  });

  it('lists a command only once it has succeeded', async () => {
    const failed = await berth(cacheHome, ['check', join(dir, 'no-such-Dockerfile')]);
    assert.notEqual(failed.code, 0);
    assert.deepEqual(readdirSync(cacheDir()).filter((name) => name.endsWith('.workloads')), [], 'a failed check lists nothing');
    assert.equal((await berth(cacheHome, ['check', dockerfile])).code, 0);
    const [list] = readdirSync(cacheDir()).filter((name) => name.endsWith('.workloads'));
    assert.equal(readFileSync(join(cacheDir(), list!), 'utf8'), 'check\n');
  });

  it('gives the same answers with a damaged cache (and replaces it) or one it cannot write', async () => {
    const clean = await berth(cacheHome, ['check', dockerfile]);
    const file = readdirSync(cacheDir()).find((name) => name.endsWith('.bin'));
    writeFileSync(join(cacheDir(), file!), 'not a V8 code cache');
    assert.deepEqual(await berth(cacheHome, ['check', dockerfile]), clean);
    assert.ok(statSync(join(cacheDir(), file!)).size > 1000, 'the damaged cache was replaced');
    const blocker = join(dir, 'blocker');
    writeFileSync(blocker, 'a file where the cache home would go');
    assert.deepEqual(await berth(blocker, ['check', dockerfile]), clean);
  });
});
