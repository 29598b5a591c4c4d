import * as assert from 'node:assert/strict';
import { detectCgroupLayout } from '../../../engine/src/runtime/cgroupLayout';
import { isMountPoint } from '../../../engine/src/runtime/rootfsMount';
import { checkPrerequisites, chooseRuntime, hybridCgroupFix, probeRuntime } from '../../../engine/src/runtime/runtimeProbe';
import { requireRuntimeTools } from './runtimeTestbed';
import { makeUsable } from './runtimesUnderTest';

const hugetlb = '/sys/fs/cgroup/hugetlb';

/** What the engine must conclude on this host as it is now. */
async function assertChoiceFitsHost(): Promise<string> {
  const layout = detectCgroupLayout();
  const choice = await chooseRuntime(layout, '/berth-test-probe');
  const crunBlocked = layout.mode === 'hybrid' && layout.unifiedControllers.length > 0;
  if (!crunBlocked) {
    assert.equal(choice.name, 'crun');
    assert.equal(choice.note, undefined);
    return 'crun works here: chosen';
  }
  assert.equal(choice.name, 'runc');
  assert.match(choice.note!, /crun refuses this host's hybrid cgroups \("cgroups in hybrid mode not supported, drop all controllers from cgroupv2"\)/);
  assert.ok(choice.note!.includes(hybridCgroupFix), 'the note gives the fix');
  return 'crun refuses hybrid cgroups here: runc chosen, with the fix logged';
}

describe('choosing the OCI runtime', () => {
  before(requireRuntimeTools);

  it('prefers crun, falls back to runc with the exact crun error and the fix', async function () {
    const seen = [await assertChoiceFitsHost()];
    // flip the host into the other state when that is ours to undo, and check the other branch too
    if (!isMountPoint(hugetlb)) {
      const fixup = await makeUsable('crun');
      try {
        seen.push(await assertChoiceFitsHost());
      } finally {
        await fixup.undo();
      }
      seen.push(await assertChoiceFitsHost());
    }
    this.test!.title += ` [${seen.join('; ')}]`;
  });

  it('says what to install when a piece is missing', async () => {
    assert.throws(() => checkPrerequisites(undefined), /conmon is not installed: .*\(apt-get install conmon\)/);
    const missing = await probeRuntime('crun', undefined, detectCgroupLayout(), '/berth-test-probe');
    assert.equal(missing.error, 'crun is not installed (apt-get install crun)');
  });
});
