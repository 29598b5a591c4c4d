import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { daemonPaths, defaultRoot, defaultSocket } from '../../../engine/src/daemon/daemonPaths';
import { holdsLock, lockFileOf, readLivePid } from '../../../engine/src/daemon/pidFile';
import { claimPidFile, releasePidFile } from '../../../engine/src/daemon/pidFileClaim';
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

  const claimModule = join(__dirname, '..', '..', '..', 'engine', 'src', 'daemon', 'pidFileClaim.js');

  /**
   * A process that claims `path`, prints 'claimed' (or why not) and stays alive; with `grandchild`,
   * it first starts a long-lived process of its own, as berthd starts conmon, and prints its pid.
   */
  async function claimant(path: string, grandchild = false): Promise<{ child: ChildProcess; lines: string[]; exited: Promise<unknown> }> {
    const script = `
      const { spawn } = require('node:child_process');
      require(${JSON.stringify(claimModule)}).claimPidFile(${JSON.stringify(path)}).then(() => {
        if (${grandchild}) console.log(spawn('sleep', ['60'], { stdio: 'ignore', detached: true }).pid);
        console.log('claimed');
      }, (e) => console.log('refused ' + e.message));
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    while (!/claimed|refused/.test(out)) await new Promise((resolve) => setTimeout(resolve, 10));
    return { child, lines: out.trim().split('\n'), exited };
  }

  it('claims, refuses while another daemon holds the root, releases its own only', async () => {
    const path = join(dir, 'berthd.pid');
    await claimPidFile(path);
    assert.equal(await readLivePid(path), process.pid);
    await claimPidFile(path); // the same process again: fine
    await releasePidFile(path);
    assert.equal(await readLivePid(path), undefined);

    const other = await claimant(path);
    assert.deepEqual(other.lines, ['claimed']);
    await assert.rejects(claimPidFile(path), new RegExp(`berthd is already running on this root \\(pid ${other.child.pid}`));
    await releasePidFile(path);
    assert.equal(readFileSync(path, 'utf8').trim(), String(other.child.pid), 'another process\'s pid file is not ours to remove');
    other.child.kill('SIGKILL');
    await other.exited;
    assert.equal(await readLivePid(path), undefined, 'a dead pid does not count');
    await claimPidFile(path);
    assert.equal(await readLivePid(path), process.pid, 'the root of a daemon killed with -9 is taken over');
    await releasePidFile(path);
  });

  it('is not held by what the daemon started (conmon outlives berthd), nor blocked by a reused pid', async () => {
    const path = join(dir, 'berthd.pid');
    const owner = await claimant(path, true);
    const grandchild = Number(owner.lines[0]);
    assert.ok(grandchild > 0, owner.lines.join(' | '));
    try {
      owner.child.kill('SIGKILL');
      await owner.exited;
      process.kill(grandchild, 0); // still running
      await claimPidFile(path);
      await releasePidFile(path);
      // a pid file naming a live process that holds no lock (the dead daemon's pid, reused)
      writeFileSync(path, `${grandchild}\n`);
      await claimPidFile(path);
      assert.equal(await readLivePid(path), process.pid);
      await releasePidFile(path);
    } finally {
      process.kill(grandchild, 'SIGKILL');
    }
  });

  it('believes a pid file only while its process holds the lock (a reused pid is not the daemon, and is never signalled)', async () => {
    const path = join(dir, 'berthd.pid');
    const other = await claimant(path);
    try {
      assert.equal(await readLivePid(path), other.child.pid);
      assert.equal(holdsLock(other.child.pid!, lockFileOf(path)), true);
      // the pid file now names a live process that holds no lock: this test's own
      writeFileSync(path, `${process.pid}\n`);
      assert.equal(holdsLock(process.pid, lockFileOf(path)), false);
      assert.equal(await readLivePid(path), undefined);
    } finally {
      other.child.kill('SIGKILL');
      await other.exited;
    }
  });

  it('reads /proc/locks by pid and inode, not counting a waiter; cannot tell without a lock file', () => {
    const lockFile = join(dir, 'berthd.pid.lock');
    writeFileSync(lockFile, '');
    const inode = statSync(lockFile).ino;
    const table = join(dir, 'locks');
    writeFileSync(table, [
      `1: POSIX  ADVISORY  WRITE 111 fe:00:${inode} 0 EOF`,
      `2: FLOCK  ADVISORY  WRITE 222 fe:00:${inode + 1} 0 EOF`,
      `3: FLOCK  ADVISORY  WRITE 333 00:2d:${inode} 0 EOF`,
      `3: -> FLOCK  ADVISORY  WRITE 444 00:2d:${inode} 0 EOF`,
      '',
    ].join('\n'));
    assert.equal(holdsLock(333, lockFile, table), true, 'any device: overlayfs shows the lower one');
    for (const pid of [111, 222, 444, 555]) assert.equal(holdsLock(pid, lockFile, table), false, `pid ${pid}`);
    assert.equal(holdsLock(333, join(dir, 'missing.lock'), table), undefined);
  });

  it('refuses a root an older berth\'s daemon (no lock) still runs, until it is gone', async function () {
    this.timeout(30_000);
    const path = join(dir, 'berthd.pid');
    const fake = join(dir, 'berthd');
    copyFileSync('/bin/sleep', fake);
    const old = spawn(fake, ['60'], { stdio: 'ignore' });
    const exited = new Promise((resolve) => old.once('exit', resolve));
    try {
      writeFileSync(path, `${old.pid}\n`);
      assert.equal(await readLivePid(path), old.pid, 'without a lock file the pid file is all there is');
      for (let attempt = 0; attempt < 2; attempt++) {
        await assert.rejects(claimPidFile(path), new RegExp(`pid ${old.pid}.*started by an older berth`));
        assert.equal(existsSync(lockFileOf(path)), false);
      }
    } finally {
      old.kill('SIGKILL');
      await exited;
    }
    await claimPidFile(path);
    assert.equal(await readLivePid(path), process.pid);
    await releasePidFile(path);
  });

  it('lets exactly one of several daemons starting at once claim the root, also over a stale file', async function () {
    this.timeout(30_000);
    const path = join(dir, 'berthd.pid');
    // each claimant stays alive a while, so the others see a live owner
    const claimant = `require(${JSON.stringify(claimModule)}).claimPidFile(${JSON.stringify(path)})
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
