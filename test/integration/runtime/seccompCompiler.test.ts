// Berth hands crun a precompiled seccomp program (SeccompCompiler), so it must be the program crun
// would have built from linux.seccomp itself, behind Berth's ENOSYS stub: for each profile below,
// crun creates a container from a bundle without the annotation and the seccomp.bpf it writes into
// its state directory is compared byte for byte with what follows the stub in Berth's. What the stub
// does is tested in containers (seccomp.test.ts).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { release } from 'node:os';
import { join } from 'node:path';
import { SeccompCompiler } from '../../../engine/src/runtime/seccompCompiler';
import { defaultSeccompProfile, resolveSeccomp } from '../../../engine/src/runtime/seccompProfile';
import type { SpecSeccomp } from '../../../engine/src/runtime/runtimeSpec';
import { allCapabilities, defaultCapabilities } from '../../../engine/src/runtime/specDefaults';
import { buildBusyboxTree } from '../../fixtures/busyboxImage';
import { removeScratch, scratchDir } from '../../fixtures/scratch';
import { requireRuntimeTools } from './runtimeTestbed';
import { makeUsable, type RuntimeFixup } from './runtimesUnderTest';

const target = (capabilities: readonly string[]) => ({ capabilities, arch: process.arch, kernel: release() });

const profiles: Record<string, SpecSeccomp> = {
  'the default profile, default capabilities': resolveSeccomp(defaultSeccompProfile, target(defaultCapabilities)),
  'the default profile, every capability': resolveSeccomp(defaultSeccompProfile, target(allCapabilities)),
  'a custom profile: allow by default, errno and trace values, two conditions on one argument, an unknown name': {
    defaultAction: 'SCMP_ACT_ALLOW',
    architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_AARCH64'],
    syscalls: [
      { names: ['mkdir', 'mkdirat', 'no_such_call'], action: 'SCMP_ACT_ERRNO', errnoRet: 13 },
      { names: ['ptrace'], action: 'SCMP_ACT_TRACE', errnoRet: 7 },
      { names: ['personality'], action: 'SCMP_ACT_ERRNO', args: [{ index: 0, value: 1, op: 'SCMP_CMP_GT' }, { index: 0, value: 100, op: 'SCMP_CMP_LT' }] },
      { names: ['socket'], action: 'SCMP_ACT_KILL_PROCESS', args: [{ index: 0, value: 40, op: 'SCMP_CMP_EQ' }, { index: 1, value: 0xf, valueTwo: 1, op: 'SCMP_CMP_MASKED_EQ' }] },
      { names: ['getpid'], action: 'SCMP_ACT_ALLOW' },
    ],
  },
};

describe('SeccompCompiler: the program crun would build', function () {
  this.timeout(60_000);
  let dir: string;
  let fixup: RuntimeFixup | undefined;
  const logs: string[] = [];
  const compiler = new SeccompCompiler((line) => logs.push(line));

  before(async () => {
    requireRuntimeTools();
    fixup = await makeUsable('crun');
    dir = scratchDir('seccomp-bpf');
    buildBusyboxTree(join(dir, 'rootfs'));
    execFileSync('crun', ['spec'], { cwd: dir, stdio: 'pipe' });
  });
  after(async () => {
    if (dir) removeScratch(dir);
    await fixup?.undo();
  });

  // the stub's instructions: load arch, three per architecture (the default profile's are the host's
  // and its 32-bit one; x86-64 has a fourth that hands x32 calls on), a jump and a return; none for
  // a profile that allows by default
  const perArchitecture = process.arch === 'x64' ? 4 + 3 : 3 + 3;
  const stubInstructions: Record<string, number> = {
    'the default profile, default capabilities': 1 + perArchitecture + 2,
    'the default profile, every capability': 1 + perArchitecture + 2,
    'a custom profile: allow by default, errno and trace values, two conditions on one argument, an unknown name': 0,
  };

  for (const [what, seccomp] of Object.entries(profiles)) {
    it(what, () => {
      const spec = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { process: Record<string, unknown>; linux: Record<string, unknown> };
      spec.process.terminal = false;
      spec.process.args = ['true'];
      spec.linux.seccomp = seccomp;
      writeFileSync(join(dir, 'config.json'), JSON.stringify(spec));
      const state = join(dir, 'state');
      const id = `berth-bpf-${process.pid}`;
      execFileSync('crun', ['--root', state, 'create', '--bundle', dir, id], { stdio: 'ignore' });
      try {
        const crunProgram = readFileSync(join(state, id, 'seccomp.bpf'));
        const ours = compiler.program(seccomp);
        assert.ok(ours !== undefined, `compiled: ${logs.join('; ')}`);
        assert.ok(crunProgram.length > 0);
        const program = Buffer.from(ours, 'base64');
        assert.equal(program.length - crunProgram.length, 8 * stubInstructions[what]!, 'the stub comes first');
        assert.ok(program.subarray(8 * stubInstructions[what]!).equals(crunProgram), `Berth's program (${program.length} bytes) differs from crun's (${crunProgram.length} bytes) after the stub`);
      } finally {
        execFileSync('crun', ['--root', state, 'delete', '--force', id], { stdio: 'ignore' });
      }
    });
  }

  it('puts the stub in front for the host\'s architecture when a profile names none', function () {
    if (process.arch !== 'x64' && process.arch !== 'arm64') this.skip(); // the instructions written here are x64's and arm64's
    const program = Buffer.from(compiler.program({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read', 'write', 'exit_group'], action: 'SCMP_ACT_ALLOW' }] })!, 'base64');
    const at = (i: number) => ({ code: program.readUInt16LE(8 * i), jt: program.readUInt8(8 * i + 2), jf: program.readUInt8(8 * i + 3), k: program.readUInt32LE(8 * i + 4) });
    const x64 = process.arch === 'x64';
    // x64: load arch; arch == x86-64 (else skip 3); load nr; an x32 call (bit 30)? to the main program
    // (3 on); nr > exit_group's 231? ENOSYS (1 on) : main (2 on); jump to main (1 on); return ENOSYS
    const expected = x64
      ? [[0x20, 0, 0, 4], [0x15, 0, 3, 0xc000003e], [0x20, 0, 0, 0], [0x45, 3, 0, 0x40000000], [0x25, 1, 2, 231], [0x05, 0, 0, 1], [0x06, 0, 0, 0x00050000 | 38]]
      : [[0x20, 0, 0, 4], [0x15, 0, 2, 0xc00000b7], [0x20, 0, 0, 0], [0x25, 1, 2, 94], [0x05, 0, 0, 1], [0x06, 0, 0, 0x00050000 | 38]];
    assert.deepEqual(expected.map((_, i) => Object.values(at(i))), expected);
  });

  it('keeps one program per profile', () => {
    const seccomp = profiles['the default profile, default capabilities']!;
    assert.equal(compiler.program(structuredClone(seccomp)), compiler.program(seccomp));
    const spec = compiler.withProgram({ linux: { seccomp } } as Parameters<SeccompCompiler['withProgram']>[0]);
    assert.equal(spec.annotations?.['run.oci.seccomp_bpf_data'], compiler.program(seccomp));
  });
});
