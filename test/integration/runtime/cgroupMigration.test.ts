// The primer's move on the host's real cgroups (cgroupMigration.ts): the kernel accepts a process
// moving into the cgroup it is in, and nothing about the process's cgroups changes. What the move
// saves is a bench matter (npm run bench -- run: the API lifecycle's start).
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { detectCgroupLayout } from '../../../engine/src/runtime/cgroupLayout';
import { CgroupMigrationPrimer, ownProcsFile } from '../../../engine/src/runtime/cgroupMigration';
import { requireRoot } from '../../fixtures/scratch';

describe('cgroup migration primer on this host', () => {
  it("moves the process into its own cgroup, which changes nothing and is not refused", async () => {
    requireRoot();
    const layout = detectCgroupLayout();
    const before = readFileSync('/proc/self/cgroup', 'utf8');
    assert.ok(ownProcsFile(layout, before, process.pid), `no cgroup.procs for this process under ${JSON.stringify([...layout.v1.values(), layout.unified])}`);
    const logged: string[] = [];
    const primer = CgroupMigrationPrimer.forThisProcess(layout, (line) => logged.push(line));
    for (let i = 0; i < 3; i++) {
      primer.prime();
      await primer.settled();
    }
    assert.deepEqual(logged, []);
    assert.equal(readFileSync('/proc/self/cgroup', 'utf8'), before);
  });
});
