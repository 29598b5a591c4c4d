import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CgroupLayout } from '../../../engine/src/runtime/cgroupLayout';
import { CgroupMigrationPrimer, ownProcsFile } from '../../../engine/src/runtime/cgroupMigration';

describe('cgroup migration primer', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'berth-cgmig-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A fake hierarchy at <dir>/<name> whose cgroup `path` holds `pids`. */
  function hierarchy(name: string, path: string, pids: readonly number[] = [77]): string {
    const mount = join(dir, name);
    mkdirSync(join(mount, path), { recursive: true });
    writeFileSync(join(mount, path, 'cgroup.procs'), pids.map((p) => `${p}\n`).join(''));
    return mount;
  }

  it("finds the process's own cgroup.procs: v1 (a combined hierarchy by its first controller), else cgroup2", () => {
    const cpu = hierarchy('cpu,cpuacct', '/daemons/berth', [5, 77, 770]);
    const unified = hierarchy('unified', '/');
    const hybrid: CgroupLayout = { mode: 'hybrid', v1: new Map([['cpu', cpu], ['cpuacct', cpu], ['memory', join(dir, 'memory')]]), unified, unifiedControllers: [], swapAccounting: false };
    // memory's directory does not exist: skipped; pids is not mounted: skipped
    const self = '12:pids:/\n4:memory:/daemons/berth\n2:cpu,cpuacct:/daemons/berth\n0::/\n';
    assert.equal(ownProcsFile(hybrid, self, 77), join(cpu, 'daemons/berth/cgroup.procs'));
    assert.equal(ownProcsFile(hybrid, '0::/\n', 77), join(unified, 'cgroup.procs'));
    const v2: CgroupLayout = { mode: 'v2', v1: new Map(), unified: hierarchy('v2', '/system/berthd'), unifiedControllers: ['memory'], swapAccounting: false };
    assert.equal(ownProcsFile(v2, '0::/system/berthd\n', 77), join(dir, 'v2', 'system/berthd/cgroup.procs'));
    assert.equal(ownProcsFile(v2, '0::/elsewhere\n', 77), undefined);
    assert.equal(ownProcsFile(v2, '', 77), undefined);
  });

  it('passes over a cgroup that does not list the process (a mount showing another part of the tree)', () => {
    // /proc says /ctr, and the mount has a /ctr of its own, but the process is not in it
    const view: CgroupLayout = { mode: 'v2', v1: new Map(), unified: hierarchy('view', '/ctr', [12]), unifiedControllers: [], swapAccounting: false };
    assert.equal(ownProcsFile(view, '0::/ctr\n', 77), undefined);
    assert.equal(ownProcsFile(view, '0::/ctr\n', 12), join(dir, 'view', 'ctr/cgroup.procs'));
  });

  it('writes the pid into the cgroup that lists it, one move at a time', async () => {
    const file = join(hierarchy('pids', '/', [4242]), 'cgroup.procs');
    const logged: string[] = [];
    const primer = new CgroupMigrationPrimer(() => file, (line) => logged.push(line), 4242);
    primer.prime();
    primer.prime(); // while the first is in flight: nothing more
    await primer.settled();
    assert.equal(readFileSync(file, 'utf8'), '4242');
    assert.deepEqual(logged, []);
  });

  it('follows the process to the cgroup it was moved to since, and never writes to the one it left', async () => {
    const before = join(hierarchy('pids', '/old', [4242]), 'cgroup.procs');
    const after = join(dir, 'pids', 'new', 'cgroup.procs');
    let where = before;
    const primer = new CgroupMigrationPrimer(() => where, () => undefined, 4242);
    // someone moves it: the old cgroup no longer lists it, the new one does
    mkdirSync(join(dir, 'pids', 'new'));
    writeFileSync(after, '4242\n');
    writeFileSync(before, '1\n');
    where = after;
    primer.prime();
    await primer.settled();
    assert.equal(readFileSync(before, 'utf8'), '1\n');
    assert.equal(readFileSync(after, 'utf8'), '4242');
  });

  it('a failed move is logged once, and not tried again', async () => {
    const logged: string[] = [];
    const unlisted = join(hierarchy('pids', '/', [1]), 'cgroup.procs');
    const gone = new CgroupMigrationPrimer(() => unlisted, (line) => logged.push(line), 4242);
    gone.prime();
    await gone.settled();
    gone.prime();
    await gone.settled();
    assert.equal(logged.length, 1);
    assert.match(logged[0]!, /moving berthd into its own cgroup \(.*pids\/cgroup\.procs\) failed: .* no longer lists it.*wait for the kernel's cgroup lock/);
    assert.equal(readFileSync(unlisted, 'utf8'), '1\n', 'nothing written');
    const missing = new CgroupMigrationPrimer(() => join(dir, 'no-such-hierarchy', 'cgroup.procs'), (line) => logged.push(line));
    missing.prime();
    await missing.settled();
    assert.match(logged[1]!, /no-such-hierarchy\/cgroup\.procs\) failed: ENOENT/);
    new CgroupMigrationPrimer(() => undefined, (line) => logged.push(line)).prime(); // nothing to prime: no-op
    assert.equal(logged.length, 2);
  });
});
