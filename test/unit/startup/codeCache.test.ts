// The V8 code cache the language server and the CLI are loaded with (engine/src/startup/codeCache.ts). Each load runs
// in a fresh Node process, as a server start does, because V8 keeps compiled code per process.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { codeCacheDir } from '../../../engine/src/startup/codeCache';

const CODE_CACHE_MODULE = resolve(__dirname, '..', '..', '..', 'engine', 'src', 'startup', 'codeCache.js');

interface LoadResult {
  cache: 'accepted' | 'missing' | 'rejected';
  answer: string;
  saveError: string | null;
}

/** Loads `bundle` through the code cache in a new process, calls it, and saves the cache. */
function load(bundle: string, cacheDir: string, call = 'greet', workload?: string): LoadResult {
  const script = `
    const { requireWithCodeCache } = require(${JSON.stringify(CODE_CACHE_MODULE)});
    const loaded = requireWithCodeCache(${JSON.stringify(bundle)}, ${JSON.stringify(cacheDir)});
    const answer = loaded.exports[${JSON.stringify(call)}]('cache');
    const saveError = loaded.save(${JSON.stringify(workload)}) ?? null;
    process.stdout.write(JSON.stringify({ cache: loaded.cache, answer, saveError }));`;
  // The timeout turns a save that never returns into a failure that names it.
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 20_000 })) as LoadResult;
}

/** A CommonJS bundle that uses what Node gives a module: require, module.exports, __filename. */
function writeBundle(path: string, greeting: string): void {
  writeFileSync(path, `
    const { basename } = require('node:path');
    function lazilyCompiled(name) { return ${JSON.stringify(greeting)} + ', ' + name + ' from ' + basename(__filename); }
    module.exports = { greet: (name) => lazilyCompiled(name) };
  `);
}

/**
 * A bundle with two kinds of run: `greet` calls little, `everything` 200 functions nothing else
 * calls, as one CLI verb's code is not another's.
 */
function writeTwoWorkloadBundle(path: string): void {
  const more = Array.from({ length: 200 }, (_, i) => `function extra${i}(n) { return n + ${i} > 1e9 ? 'big' : 'small'; }`).join('\n');
  writeFileSync(path, `
    ${more}
    module.exports = {
      greet: (name) => 'hello, ' + name,
      everything: (name) => [${Array.from({ length: 200 }, (_, i) => `extra${i}(1)`).join(', ')}].length + ' for ' + name,
    };
  `);
}

describe('code cache (engine/src/startup/codeCache.ts)', () => {
  let dir: string;
  let bundle: string;
  let cacheDir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'berth-code-cache-'));
    bundle = join(dir, 'bundle.js');
    cacheDir = join(dir, 'cache');
    writeBundle(bundle, 'hello');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles from source the first time, writes one cache file, and V8 accepts it the next time', () => {
    const first = load(bundle, cacheDir);
    assert.deepEqual(first, { cache: 'missing', answer: 'hello, cache from bundle.js', saveError: null });
    const files = readdirSync(cacheDir);
    assert.equal(files.length, 1);
    assert.match(files[0], /^[0-9a-f]{16}-[0-9a-f]{16}\.bin$/);
    assert.deepEqual(load(bundle, cacheDir), { cache: 'accepted', answer: 'hello, cache from bundle.js', saveError: null });
  });

  it('rewrites an accepted cache when a run compiled clearly more, and only then', () => {
    writeTwoWorkloadBundle(bundle);
    load(bundle, cacheDir);
    const [file] = readdirSync(cacheDir);
    const path = join(cacheDir, file!);
    const small = statSync(path).size;
    assert.deepEqual(load(bundle, cacheDir), { cache: 'accepted', answer: 'hello, cache', saveError: null });
    assert.equal(statSync(path).size, small, 'the same run again writes nothing');
    assert.deepEqual(load(bundle, cacheDir, 'everything'), { cache: 'accepted', answer: '200 for cache', saveError: null });
    const grown = statSync(path).size;
    assert.ok(grown > small * 1.1, `rewritten with what the second run compiled (${small} -> ${grown} bytes)`);
    assert.equal(load(bundle, cacheDir).cache, 'accepted');
    assert.equal(statSync(path).size, grown, 'a run that compiled less keeps the bigger cache');
  });

  it('compares a run with an accepted cache once per workload', () => {
    writeTwoWorkloadBundle(bundle);
    load(bundle, cacheDir, 'greet', 'ps');
    const cacheFile = readdirSync(cacheDir).find((name) => name.endsWith('.bin'))!;
    const workloads = join(cacheDir, cacheFile.replace(/\.bin$/, '.workloads'));
    assert.equal(readFileSync(workloads, 'utf8'), 'ps\n');
    const small = statSync(join(cacheDir, cacheFile)).size;
    // `ps` was compared already: even a run of it that compiled much more is not serialized again
    assert.equal(load(bundle, cacheDir, 'everything', 'ps').cache, 'accepted');
    assert.equal(statSync(join(cacheDir, cacheFile)).size, small);
    // a workload not seen before is compared, and its code joins the cache
    assert.equal(load(bundle, cacheDir, 'everything', 'network ls').cache, 'accepted');
    assert.ok(statSync(join(cacheDir, cacheFile)).size > small * 1.1);
    assert.equal(readFileSync(workloads, 'utf8'), 'ps\nnetwork ls\n');
    // one that compiled nothing new is listed too; a name that cannot be a line is never listed
    load(bundle, cacheDir, 'greet', 'version');
    load(bundle, cacheDir, 'greet', 'two\nlines');
    assert.equal(readFileSync(workloads, 'utf8'), 'ps\nnetwork ls\nversion\n');
    // a rebuilt bundle drops the old build's list with its cache
    utimesSync(bundle, new Date(), new Date(Date.now() + 5000));
    load(bundle, cacheDir, 'greet', 'run');
    const files = readdirSync(cacheDir).sort();
    assert.equal(files.length, 2, files.join(', '));
    assert.ok(!files.includes(cacheFile), files.join(', '));
    assert.equal(readFileSync(join(cacheDir, files.find((name) => name.endsWith('.workloads'))!), 'utf8'), 'run\n');
  });

  it('runs a corrupt cache from source and replaces it', () => {
    load(bundle, cacheDir);
    const [file] = readdirSync(cacheDir);
    writeFileSync(join(cacheDir, file), Buffer.from('not a V8 code cache'));
    assert.deepEqual(load(bundle, cacheDir), { cache: 'rejected', answer: 'hello, cache from bundle.js', saveError: null });
    assert.equal(load(bundle, cacheDir).cache, 'accepted');
  });

  it('gives a rebuilt bundle a cache of its own and drops the old build\'s', () => {
    load(bundle, cacheDir);
    const [old] = readdirSync(cacheDir);
    writeBundle(bundle, 'hi there');
    utimesSync(bundle, new Date(), new Date(Date.now() + 5000));
    assert.deepEqual(load(bundle, cacheDir), { cache: 'missing', answer: 'hi there, cache from bundle.js', saveError: null });
    const files = readdirSync(cacheDir);
    assert.equal(files.length, 1);
    assert.notEqual(files[0], old);
    assert.equal(load(bundle, cacheDir).cache, 'accepted');
  });

  it('drops another bundle\'s cache written over 30 days ago, and keeps a recent one', () => {
    mkdirSync(cacheDir, { recursive: true });
    const abandoned = join(cacheDir, '0123456789abcdef-0123456789abcdef.bin');
    const recent = join(cacheDir, 'fedcba9876543210-fedcba9876543210.bin');
    const unrelated = join(cacheDir, 'notes.txt');
    for (const file of [abandoned, recent, unrelated]) writeFileSync(file, 'x');
    const longAgo = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
    for (const file of [abandoned, unrelated]) utimesSync(file, longAgo, longAgo);
    assert.equal(load(bundle, cacheDir).cache, 'missing');
    const files = readdirSync(cacheDir);
    assert.ok(!files.includes('0123456789abcdef-0123456789abcdef.bin'), files.join(', '));
    assert.ok(files.includes('fedcba9876543210-fedcba9876543210.bin') && files.includes('notes.txt'), files.join(', '));
    assert.equal(files.length, 3);
  });

  it('lives under XDG_CACHE_HOME when that is absolute, else under ~/.cache (the XDG spec ignores a relative one)', () => {
    assert.equal(codeCacheDir({ XDG_CACHE_HOME: '/var/cache/me' }), '/var/cache/me/berth/code-cache');
    for (const value of ['relative/cache', '', undefined]) assert.equal(codeCacheDir({ XDG_CACHE_HOME: value }), join(homedir(), '.cache', 'berth', 'code-cache'));
  });

  it('still runs when the cache cannot be written, and says where and why', () => {
    writeFileSync(join(dir, 'blocker'), 'a file where the cache folder would go');
    const blocked = join(dir, 'blocker', 'cache');
    const result = load(bundle, blocked);
    assert.equal(result.cache, 'missing');
    assert.equal(result.answer, 'hello, cache from bundle.js');
    assert.match(result.saveError ?? '', /writing the code cache .*blocker\/cache\/.*\.bin failed: ENOTDIR/);
  });

  it('gives up at once on a cache folder under /proc (where a recursive mkdir would spin forever)', () => {
    const result = load(bundle, '/proc/berth-no-such-dir/cache');
    assert.equal(result.answer, 'hello, cache from bundle.js');
    assert.match(result.saveError ?? '', /writing the code cache \/proc\/berth-no-such-dir\/cache\/.*\.bin failed: ENOENT/);
  });

  it('leaves no temporary file behind when the rename fails', () => {
    mkdirSync(cacheDir, { recursive: true });
    load(bundle, cacheDir);
    const [file] = readdirSync(cacheDir);
    // A directory where the cache file goes makes the final rename fail after the write.
    rmSync(join(cacheDir, file));
    mkdirSync(join(cacheDir, file));
    writeFileSync(join(cacheDir, file, 'occupant'), '');
    const result = load(bundle, cacheDir);
    assert.equal(result.cache, 'missing');
    assert.match(result.saveError ?? '', /failed: (EISDIR|ENOTEMPTY|EEXIST)/);
    assert.deepEqual(readdirSync(cacheDir), [file]);
  });
});
