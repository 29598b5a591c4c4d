import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { daemonPaths, defaultRoot, defaultSocket } from '../../../engine/src/daemon/daemonPaths';
import { claimPidFile, readLivePid, releasePidFile } from '../../../engine/src/daemon/pidFile';
import { removeScratch, scratchDir } from '../../fixtures/scratch';

describe('daemonPaths', () => {
  it('uses the system paths as root and XDG paths otherwise, and derives pid and log files from the root', () => {
    if (process.getuid?.() === 0) {
      assert.equal(defaultRoot({}), '/var/lib/berth');
      assert.equal(defaultSocket({}), '/run/berth/berth.sock');
    } else {
      assert.equal(defaultRoot({ XDG_DATA_HOME: '/x/data' }), '/x/data/berth');
      assert.equal(defaultSocket({ XDG_RUNTIME_DIR: '/x/run' }), '/x/run/berth/berth.sock');
    }
    assert.deepEqual(daemonPaths({ root: '/tmp/r', socket: '/tmp/s.sock' }), { root: '/tmp/r', socket: '/tmp/s.sock', pidFile: '/tmp/r/berthd.pid', logFile: '/tmp/r/berthd.log' });
  });
});

describe('pid file', () => {
  let dir: string;
  beforeEach(() => (dir = scratchDir('pidfile')));
  afterEach(() => removeScratch(dir));

  it('claims, refuses a second live owner, takes over a dead one, releases its own only', async () => {
    const path = join(dir, 'berthd.pid');
    await claimPidFile(path);
    assert.equal(await readLivePid(path), process.pid);
    await claimPidFile(path); // the same process again: fine

    const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    writeFileSync(path, `${child.pid}\n`);
    await assert.rejects(claimPidFile(path), new RegExp(`berthd is already running on this root \\(pid ${child.pid}`));
    await releasePidFile(path);
    assert.equal(readFileSync(path, 'utf8').trim(), String(child.pid), 'another process\'s pid file is not ours to remove');
    child.kill('SIGKILL');
    await exited;
    assert.equal(await readLivePid(path), undefined, 'a dead pid does not count');
    await claimPidFile(path);
    await releasePidFile(path);
    assert.equal(await readLivePid(path), undefined);
  });

  it('lets exactly one of several daemons starting at once claim the root, also over a stale file', async function () {
    this.timeout(30_000);
    const path = join(dir, 'berthd.pid');
    const module = join(__dirname, '..', '..', '..', 'engine', 'src', 'daemon', 'pidFile.js');
    // each claimant stays alive a while, so the others see a live owner
    const claimant = `require(${JSON.stringify(module)}).claimPidFile(${JSON.stringify(path)})
      .then(() => console.log('claimed'), (e) => console.log(e.message.startsWith('berthd is already running') ? 'refused' : 'error ' + e.message))
      .then(() => setTimeout(() => {}, 1000))`;
    for (const stale of [false, true, true, true]) {
      if (stale) writeFileSync(path, '999999999\n'); // a pid no process has
      const outcomes = await Promise.all(Array.from({ length: 8 }, () => new Promise<string>((resolve) => {
        const child = spawn(process.execPath, ['-e', claimant], { stdio: ['ignore', 'pipe', 'inherit'] });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.once('exit', () => resolve(out.trim()));
      })));
      assert.deepEqual(outcomes.filter((o) => o !== 'refused'), ['claimed'], `stale file: ${stale}; outcomes: ${outcomes.join(', ')}`);
    }
  });
});
