import * as assert from 'node:assert/strict';
import { isInvalidArgument } from '../../../engine/src/image/berthError';
import { parseSeccompProfile, parseSecurityOptions } from '../../../engine/src/runtime/securityOptions';

const refused = (fn: () => unknown, pattern: RegExp) =>
  assert.throws(fn, (err: Error) => isInvalidArgument(err) && pattern.test(err.message) ? true : assert.fail(`wrong error: ${err.message}`));

const profileRefused = (profile: unknown, pattern: RegExp) => refused(() => parseSeccompProfile(JSON.stringify(profile)), pattern);

const ok = { defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW' }] };

describe('parseSecurityOptions', () => {
  it('defaults to the builtin profile, without no-new-privileges', () => {
    assert.deepEqual(parseSecurityOptions([]), { seccomp: { kind: 'default' }, noNewPrivileges: false });
    assert.deepEqual(parseSecurityOptions(['seccomp=builtin']).seccomp, { kind: 'default' });
  });

  it('takes seccomp=unconfined, a profile as JSON, and the deprecated key:value spelling', () => {
    assert.deepEqual(parseSecurityOptions(['seccomp=unconfined']).seccomp, { kind: 'unconfined' });
    assert.deepEqual(parseSecurityOptions(['seccomp:unconfined']).seccomp, { kind: 'unconfined' });
    const custom = parseSecurityOptions([`seccomp=${JSON.stringify(ok)}`]).seccomp;
    assert.equal(custom.kind, 'profile');
    assert.deepEqual(custom.kind === 'profile' && custom.profile.syscalls, [{ names: ['read'], action: 'SCMP_ACT_ALLOW' }]);
    assert.deepEqual(parseSecurityOptions(['seccomp={}']).seccomp, { kind: 'unconfined' }, 'an empty profile filters nothing, as in Docker');
  });

  it('takes no-new-privileges with or without a value', () => {
    assert.equal(parseSecurityOptions(['no-new-privileges']).noNewPrivileges, true);
    assert.equal(parseSecurityOptions(['no-new-privileges=true']).noNewPrivileges, true);
    assert.equal(parseSecurityOptions(['no-new-privileges:false']).noNewPrivileges, false);
    refused(() => parseSecurityOptions(['no-new-privileges=maybe']), /"maybe" is not true or false/);
  });

  it('accepts turning off AppArmor and SELinux labels, which berth does not apply, and refuses asking for them', () => {
    assert.deepEqual(parseSecurityOptions(['apparmor=unconfined', 'label=disable', 'label:disable']), { seccomp: { kind: 'default' }, noNewPrivileges: false });
    refused(() => parseSecurityOptions(['apparmor=docker-default']), /berth applies no AppArmor profiles/);
    refused(() => parseSecurityOptions(['label=type:svirt_lxc_net_t']), /berth applies no SELinux labels/);
  });

  it('refuses unknown options and options without a value', () => {
    refused(() => parseSecurityOptions(['systempaths=unconfined']), /invalid --security-opt "systempaths=unconfined": unknown option "systempaths"/);
    refused(() => parseSecurityOptions(['seccomp']), /invalid --security-opt "seccomp": expected key=value/);
    refused(() => parseSecurityOptions(['seccomp=']), /expected key=value/);
  });
});

describe('parseSeccompProfile', () => {
  it("reads Docker's shape: names or name, args, errnoRet, includes and excludes, archMap", () => {
    const profile = parseSeccompProfile(JSON.stringify({
      defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 1,
      archMap: [{ architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86'] }, { architecture: 'SCMP_ARCH_AARCH64', subArchitectures: null }],
      syscalls: [
        { name: 'read', action: 'SCMP_ACT_ALLOW', args: null, comment: 'the old single name' },
        { names: ['clone'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 2114060288, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }], excludes: { caps: ['CAP_SYS_ADMIN'] } },
        { names: ['reboot'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_BOOT'], arches: ['amd64'], minKernel: '4.8' } },
        { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 },
      ],
    }));
    assert.deepEqual(profile, {
      defaultAction: 'SCMP_ACT_ERRNO', defaultErrnoRet: 1,
      archMap: [{ architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86'] }, { architecture: 'SCMP_ARCH_AARCH64', subArchitectures: [] }],
      syscalls: [
        { names: ['read'], action: 'SCMP_ACT_ALLOW' },
        { names: ['clone'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 2114060288, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }], excludes: { caps: ['CAP_SYS_ADMIN'] } },
        { names: ['reboot'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_SYS_BOOT'], arches: ['amd64'], minKernel: '4.8' } },
        { names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: 38 },
      ],
    });
  });

  it('refuses what is not a JSON object, saying the API takes the content', () => {
    refused(() => parseSeccompProfile('/etc/docker/seccomp.json'), /not JSON .*takes the profile's content/);
    refused(() => parseSeccompProfile('[1]'), /invalid seccomp profile: expected a JSON object/);
  });

  it('names the field that is wrong', () => {
    profileRefused({ syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW' }] }, /invalid seccomp profile: defaultAction is required/);
    profileRefused({ defaultAction: 'SCMP_ACT_DENY', syscalls: [] }, /defaultAction "SCMP_ACT_DENY" is not one of SCMP_ACT_KILL/);
    profileRefused({ ...ok, defaultErrnoRet: -1 }, /defaultErrnoRet must be a whole number/);
    profileRefused({ ...ok, syscalls: {} }, /syscalls must be a list/);
    profileRefused({ ...ok, syscalls: ['read'] }, /syscalls\[0\]: expected a JSON object/);
    profileRefused({ ...ok, syscalls: [{ names: 'read', action: 'SCMP_ACT_ALLOW' }] }, /syscalls\[0\]\.names must be a list of strings/);
    profileRefused({ ...ok, syscalls: [{ names: [], action: 'SCMP_ACT_ALLOW' }] }, /syscalls\[0\]\.names must list at least one system call/);
    profileRefused({ ...ok, syscalls: [{ names: ['read', 7], action: 'SCMP_ACT_ALLOW' }] }, /syscalls\[0\]\.names\[1\] must be a non-empty string/);
    profileRefused({ ...ok, syscalls: [{ name: 'read', names: ['write'], action: 'SCMP_ACT_ALLOW' }] }, /syscalls\[0\]\.name and names are both set/);
    profileRefused({ ...ok, syscalls: [{ names: ['read'] }] }, /syscalls\[0\]\.action is required/);
    profileRefused({ ...ok, syscalls: [{ names: ['read'], action: 'SCMP_ACT_NOTIFY' }] }, /syscalls\[0\]\.action "SCMP_ACT_NOTIFY" is not one of/);
    profileRefused({ ...ok, syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW', errnoRet: 1 }] }, /syscalls\[0\]\.errnoRet is only meaningful with SCMP_ACT_ERRNO or SCMP_ACT_TRACE/);
    profileRefused({ ...ok, syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW', args: [{ index: 6, value: 0, op: 'SCMP_CMP_EQ' }] }] }, /syscalls\[0\]\.args\[0\]\.index must be a whole number from 0 to 5/);
    profileRefused({ ...ok, syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 0, op: 'EQ' }] }] }, /syscalls\[0\]\.args\[0\]\.op "EQ" is not one of/);
    profileRefused({ ...ok, syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 1.5, op: 'SCMP_CMP_EQ' }] }] }, /syscalls\[0\]\.args\[0\]\.value must be a whole number/);
    profileRefused({ ...ok, syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW', includes: { minKernel: '5' } }] }, /syscalls\[0\]\.includes\.minKernel must be "<major>\.<minor>"/);
    profileRefused({ ...ok, syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW', excludes: { caps: 'CAP_SYS_ADMIN' } }] }, /syscalls\[0\]\.excludes\.caps must be a list of strings/);
    profileRefused({ ...ok, architectures: ['SCMP_ARCH_X86_64'], archMap: [{ architecture: 'SCMP_ARCH_X86_64' }] }, /architectures and archMap are both set/);
    profileRefused({ ...ok, architectures: ['x86_64'] }, /architectures\[0\] "x86_64" is not one of SCMP_ARCH_X86/);
    profileRefused({ ...ok, archMap: [{ subArchitectures: [] }] }, /archMap\[0\]\.architecture is required/);
    profileRefused({ ...ok, flags: ['SECCOMP_FILTER_FLAG_FAST'] }, /flags\[0\] "SECCOMP_FILTER_FLAG_FAST" is not one of/);
    profileRefused({ ...ok, listenerPath: '/run/seccomp.sock' }, /listenerPath is set: seccomp notification listeners are not supported by berth/);
  });
});
