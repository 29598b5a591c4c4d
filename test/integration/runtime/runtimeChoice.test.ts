import * as assert from 'node:assert/strict';
import { detectCgroupLayout } from '../../../engine/src/runtime/cgroupLayout';
import { isMountPoint } from '../../../engine/src/runtime/rootfsMount';
import { checkPrerequisites, chooseRuntime, hybridCgroupFix, probeRuntime } from '../../../engine/src/runtime/runtimeProbe';
import { requireRuntimeTools, Testbed } from './runtimeTestbed';
import { makeUsable, probeParent, removeCgroupParent } from './runtimesUnderTest';

const hugetlb = '/sys/fs/cgroup/hugetlb';

/** What the engine must conclude on this host as it is now. */
async function assertChoiceFitsHost(): Promise<string> {
  const layout = detectCgroupLayout();
  const choice = await chooseRuntime(layout, probeParent).finally(() => removeCgroupParent(probeParent));
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
      let undone = false;
      try {
        seen.push(await assertChoiceFitsHost());
        // crun chosen, then the host changes under a running daemon: the next start hands over to runc
        const tb = await Testbed.open('crun');
        try {
          const logs: string[] = [];
          const runtime = await tb.reopen({ runtime: undefined, log: (l) => logs.push(l) });
          assert.equal(runtime.runtimeName, 'crun');
          assert.equal((await tb.run({ cmd: ['true'] }, true)).record.runtime, undefined, 'released after exit');
          await fixup.undo();
          undone = true;
          const r = await tb.run({ cmd: ['sh', '-c', 'exit 5'] });
          assert.equal(r.statusCode, 5);
          assert.equal(runtime.runtimeName, 'runc');
          assert.ok(logs.some((l) => l.startsWith('switching to runc: crun refuses this host\'s hybrid cgroups') && l.includes(hybridCgroupFix)), logs.join('\n'));
          seen.push('crun stopped working mid-life: runc took over');
        } finally {
          await tb.close();
        }
      } finally {
        if (!undone) await fixup.undo();
      }
      seen.push(await assertChoiceFitsHost());
    } else {
      seen.push(`${hugetlb} is mounted by someone else: the fallback branches cannot be exercised now`);
    }
    this.test!.title += ` [${seen.join('; ')}]`;
  });

  it('says what to install when a piece is missing', async () => {
    assert.throws(() => checkPrerequisites(undefined), /conmon is not installed: .*\(apt-get install conmon\)/);
    const missing = await probeRuntime('crun', undefined, detectCgroupLayout(), probeParent);
    assert.equal(missing.error, 'crun is not installed (apt-get install crun)');
  });
});
