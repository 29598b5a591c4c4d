import * as assert from 'node:assert/strict';
import type { SpecSeccomp, SpecSyscall } from '../../../engine/src/runtime/runtimeSpec';
import { defaultSeccompProfile, resolveSeccomp, type SeccompProfile } from '../../../engine/src/runtime/seccompProfile';
import { allCapabilities, defaultCapabilities } from '../../../engine/src/runtime/specDefaults';

const resolve = (capabilities: readonly string[] = defaultCapabilities, arch = 'x64', kernel = '6.1.0-18-amd64') =>
  resolveSeccomp(defaultSeccompProfile, { capabilities, arch, kernel });

/** The rules naming `name`. */
const rulesFor = (s: SpecSeccomp, name: string): SpecSyscall[] => (s.syscalls ?? []).filter((r) => r.names.includes(name));

/** Allowed whatever its arguments. */
const allowed = (s: SpecSeccomp, name: string) => rulesFor(s, name).some((r) => r.action === 'SCMP_ACT_ALLOW' && !r.args);

describe('defaultSeccompProfile', () => {
  it('denies with EPERM unless a rule allows, and allows the everyday calls without conditions', () => {
    const s = resolve();
    assert.equal(s.defaultAction, 'SCMP_ACT_ERRNO');
    assert.equal(s.defaultErrnoRet, 1);
    for (const name of ['read', 'write', 'openat', 'execve', 'mkdirat', 'futex', 'epoll_pwait', 'getuid32', 'rt_sigreturn', 'chown', 'mknod', 'setuid', 'bind']) assert.ok(allowed(s, name), name);
    for (const name of ['mount', 'umount2', 'unshare', 'setns', 'reboot', 'init_module', 'kexec_load', 'open_by_handle_at', 'settimeofday', 'bpf', 'keyctl', 'add_key', 'userfaultfd']) {
      assert.ok(!allowed(s, name), `${name} is refused without a capability`);
    }
    const base = defaultSeccompProfile.syscalls.filter((r) => !r.includes && !r.excludes && !r.args);
    assert.ok(base.every((r) => r.comment !== undefined && r.comment.length > 0), 'every group says why it is allowed');
  });

  it('allows calls that reach the host only with the capability that grants them', () => {
    const expectations: Record<string, string[]> = {
      CAP_SYS_ADMIN: ['mount', 'umount2', 'unshare', 'setns', 'sethostname', 'fsopen', 'clone3'],
      CAP_SYS_PTRACE: ['kcmp', 'pidfd_getfd', 'process_madvise'],
      CAP_SYS_MODULE: ['init_module', 'finit_module', 'delete_module'],
      CAP_SYS_TIME: ['settimeofday', 'clock_settime'],
      CAP_SYS_BOOT: ['reboot'],
      CAP_SYS_RAWIO: ['iopl', 'ioperm'],
      CAP_SYS_NICE: ['mbind', 'set_mempolicy'],
      CAP_DAC_READ_SEARCH: ['open_by_handle_at'],
      CAP_BPF: ['bpf'],
      CAP_PERFMON: ['perf_event_open'],
    };
    for (const [cap, names] of Object.entries(expectations)) {
      const s = resolve([...defaultCapabilities, cap]);
      for (const name of names) {
        assert.ok(allowed(s, name), `${name} with ${cap}`);
        assert.ok(!allowed(resolve(), name), `${name} without ${cap}`);
      }
    }
    assert.ok(allowed(resolve(), 'chroot'), 'CAP_SYS_CHROOT is a default capability');
    assert.ok(!allowed(resolve(defaultCapabilities.filter((c) => c !== 'CAP_SYS_CHROOT')), 'chroot'));
  });

  it('allows clone without namespace flags and answers clone3 with ENOSYS, unless CAP_SYS_ADMIN', () => {
    const [clone, ...more] = rulesFor(resolve(), 'clone');
    assert.equal(more.length, 0);
    assert.deepEqual(clone!.args, [{ index: 0, value: 0x7e020000, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }]);
    assert.deepEqual(rulesFor(resolve(), 'clone3'), [{ names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 }]);
    const admin = resolve([...defaultCapabilities, 'CAP_SYS_ADMIN']);
    assert.ok(allowed(admin, 'clone') && allowed(admin, 'clone3'));
    assert.ok(!rulesFor(admin, 'clone').some((r) => r.args), 'no masked rule left beside the full allowance');
    assert.ok(!rulesFor(admin, 'clone3').some((r) => r.action === 'SCMP_ACT_ERRNO'));
  });

  it('allows personality and socket for some first arguments only', () => {
    const s = resolve();
    const firstArgs = (name: string) => rulesFor(s, name).map((r) => [r.args![0]!.op, r.args![0]!.value]);
    assert.deepEqual(firstArgs('personality'), [['SCMP_CMP_EQ', 0], ['SCMP_CMP_EQ', 8], ['SCMP_CMP_EQ', 0x20000], ['SCMP_CMP_EQ', 0x20008], ['SCMP_CMP_EQ', 0xffffffff]]);
    assert.deepEqual(firstArgs('socket'), [['SCMP_CMP_LT', 38], ['SCMP_CMP_EQ', 39], ['SCMP_CMP_GT', 40]], 'every family but AF_ALG (38) and AF_VSOCK (40)');
  });

  it('covers the host architecture with its compat ABIs, and allows calls of that architecture only there', () => {
    assert.deepEqual(resolve(defaultCapabilities, 'x64').architectures, ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
    assert.deepEqual(resolve(defaultCapabilities, 'arm64').architectures, ['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM']);
    assert.equal(resolve(defaultCapabilities, 'mips').architectures, undefined, 'no map entry: the runtime filters the native ABI only');
    assert.ok(allowed(resolve(defaultCapabilities, 'x64'), 'arch_prctl') && allowed(resolve(defaultCapabilities, 'x64'), 'modify_ldt'));
    assert.ok(!allowed(resolve(defaultCapabilities, 'arm64'), 'arch_prctl'));
    assert.ok(allowed(resolve(defaultCapabilities, 'arm64'), 'cacheflush') && !allowed(resolve(defaultCapabilities, 'x64'), 'cacheflush'));
  });

  it('allows ptrace without CAP_SYS_PTRACE only from Linux 4.8, where it can no longer step around seccomp', () => {
    assert.ok(allowed(resolve(defaultCapabilities, 'x64', '4.8.0'), 'ptrace'));
    assert.ok(allowed(resolve(defaultCapabilities, 'x64', '5.10.0-28-amd64'), 'ptrace'));
    assert.ok(!allowed(resolve(defaultCapabilities, 'x64', '4.4.0-210-generic'), 'ptrace'));
    assert.ok(allowed(resolve([...defaultCapabilities, 'CAP_SYS_PTRACE'], 'x64', '4.4.0'), 'ptrace'));
  });

  it('leaves conditions out of the spec it produces', () => {
    const s = resolve(allCapabilities);
    assert.ok((s.syscalls ?? []).every((r) => !('includes' in r) && !('excludes' in r) && !('comment' in r)));
  });
});

describe('resolveSeccomp', () => {
  const profile: SeccompProfile = {
    defaultAction: 'SCMP_ACT_ALLOW',
    architectures: ['SCMP_ARCH_X86_64'],
    flags: ['SECCOMP_FILTER_FLAG_LOG'],
    syscalls: [
      { names: ['a'], action: 'SCMP_ACT_ERRNO', errnoRet: 13 },
      { names: ['b'], action: 'SCMP_ACT_KILL', includes: { caps: ['CAP_NET_ADMIN', 'CAP_SYS_ADMIN'] } },
      { names: ['c'], action: 'SCMP_ACT_LOG', excludes: { caps: ['CAP_NET_ADMIN', 'CAP_SYS_ADMIN'] } },
      { names: ['d'], action: 'SCMP_ACT_TRAP', excludes: { arches: ['amd64'] } },
      { names: ['e'], action: 'SCMP_ACT_TRAP', excludes: { minKernel: '5.0' } },
    ],
  };
  const names = (s: SpecSeccomp) => (s.syscalls ?? []).flatMap((r) => r.names);

  it('keeps a fixed architecture list and flags; includes need every capability, excludes drop on any', () => {
    const plain = resolveSeccomp(profile, { capabilities: [], arch: 'x64', kernel: '4.19.0' });
    assert.deepEqual(plain.architectures, ['SCMP_ARCH_X86_64']);
    assert.deepEqual(plain.flags, ['SECCOMP_FILTER_FLAG_LOG']);
    assert.deepEqual(names(plain), ['a', 'c', 'e']);
    assert.deepEqual(plain.syscalls![0], { names: ['a'], action: 'SCMP_ACT_ERRNO', errnoRet: 13 });
    assert.deepEqual(names(resolveSeccomp(profile, { capabilities: ['CAP_NET_ADMIN'], arch: 'arm64', kernel: '6.1' })), ['a', 'd']);
    assert.deepEqual(names(resolveSeccomp(profile, { capabilities: ['CAP_NET_ADMIN', 'CAP_SYS_ADMIN'], arch: 'x64', kernel: '6.1' })), ['a', 'b']);
  });
});
