// The seccomp filter for real, under crun and runc: the default profile is on unless a container
// asks for none; the calls it refuses depend on the container's capabilities; a custom profile in
// Docker's JSON shape applies as written; exec'd processes are filtered as the container is.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isInvalidArgument } from '../../../engine/src/image/berthError';
import type { Spec } from '../../../engine/src/runtime/runtimeSpec';
import { seccompProgramAnnotation } from '../../../engine/src/runtime/seccompCompiler';
import { writeSyscallProbe } from '../../fixtures/syscallProbe';
import { describeEachRuntime } from './runtimeTestbed';

const seccompMode = (status: string) => /^Seccomp:\t(\d)$/m.exec(status)?.[1];

/** Everything allowed but mkdir and mkdirat, which fail with EACCES. */
const noMkdir = JSON.stringify({
  defaultAction: 'SCMP_ACT_ALLOW',
  syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO', errnoRet: 13 }],
});

describeEachRuntime('seccomp', (bed) => {
  it('filters every container by default (mode 2); seccomp=unconfined runs it without a filter (mode 0)', async () => {
    const r = await bed().run({ cmd: ['cat', '/proc/self/status'] }, true);
    assert.equal(seccompMode(r.stdout), '2');
    const spec = JSON.parse(readFileSync(join(bed().root, 'containers', r.record.id, 'config.json'), 'utf8')) as Spec;
    assert.equal(spec.linux.seccomp?.defaultAction, 'SCMP_ACT_ERRNO');
    // crun gets the program compiled by Berth (the same bytes: seccompCompiler.test.ts); runc compiles the spec
    assert.equal(spec.annotations?.[seccompProgramAnnotation] !== undefined, bed().runtimeName === 'crun');
    await bed().runtime.remove(r.record.id);
    assert.equal(seccompMode(await bed().output(['cat', '/proc/self/status'], { securityOpt: ['seccomp=unconfined'] })), '0');
    assert.equal(seccompMode(await bed().output(['cat', '/proc/self/status'], { securityOpt: ['seccomp=builtin'] })), '2');
  });

  it('refuses new namespaces without CAP_SYS_ADMIN; unconfined or with the capability they work', async () => {
    const filtered = await bed().run({ cmd: ['unshare', '-U', 'true'] });
    assert.notEqual(filtered.statusCode, 0);
    assert.match(filtered.stderr, /Operation not permitted/);
    assert.equal((await bed().run({ cmd: ['unshare', '-U', 'true'], securityOpt: ['seccomp=unconfined'] })).statusCode, 0);
    assert.equal((await bed().run({ cmd: ['unshare', '-U', 'true'], capAdd: ['SYS_ADMIN'] })).statusCode, 0, 'with CAP_SYS_ADMIN the profile allows unshare');
  });

  it('allows the 32-bit personality (personality is allowed for a few arguments only)', async () => {
    assert.equal((await bed().output(['linux32', 'uname', '-m'])).trim(), process.arch === 'x64' ? 'i686' : 'armv8l');
  });

  it('applies a custom profile in Docker\'s format', async () => {
    const denied = await bed().run({ cmd: ['mkdir', '/made'], securityOpt: [`seccomp=${noMkdir}`] });
    assert.notEqual(denied.statusCode, 0);
    assert.match(denied.stderr, /Permission denied/);
    assert.equal((await bed().run({ cmd: ['mkdir', '/made'] })).statusCode, 0, 'the default profile allows mkdir');
  });

  it('filters exec\'d processes as the container is, and no-new-privileges reaches them too', async () => {
    const c = await bed().create({ cmd: ['sleep', '1000'], securityOpt: ['no-new-privileges'] });
    await bed().runtime.start(c.id);
    const exec = bed().runtime.io.execCreate(c.id, { cmd: ['cat', '/proc/self/status'], attachStdout: true });
    const attachment = await bed().runtime.io.execStart(exec);
    let out = '';
    attachment!.output.on('data', (f: { data: Buffer }) => { out += f.data.toString(); });
    await new Promise((resolve) => attachment!.output.on('end', resolve));
    assert.equal(seccompMode(out), '2');
    assert.match(out, /^NoNewPrivs:\t1$/m);
    await bed().runtime.remove(c.id, { force: true });
  });

  it('answers ENOSYS for a syscall newer than the profile, EPERM for one it refuses, and lets the allowed through', async function () {
    if (process.arch !== 'x64') this.skip(); // the probes are x86-64 programs
    const probes = join(bed().dir, 'syscall-probes');
    mkdirSync(probes, { recursive: true });
    const calls = { sched_yield: 24, unshare: 272, fchmodat2: 452, unassigned: 1000 };
    for (const [name, nr] of Object.entries(calls)) writeSyscallProbe(join(probes, name), nr);
    const script = Object.keys(calls).map((name) => `/probe/${name}; echo ${name}=$?`).join('; ');
    const out = await bed().output(['sh', '-c', script], { mounts: [{ type: 'bind', source: probes, target: '/probe', readOnly: true }] });
    const errno = Object.fromEntries([...out.matchAll(/^(\w+)=(\d+)$/gm)].map((m) => [m[1]!, Number(m[2])]));
    assert.equal(errno.sched_yield, 0, 'allowed');
    assert.equal(errno.unshare, 1, 'refused by the profile without CAP_SYS_ADMIN (the kernel would allow unshare(0))');
    assert.equal(errno.unassigned, 38, 'past every syscall the profile names: ENOSYS');
    // the profile allows fchmodat2, but a libseccomp older than the call cannot say so: ENOSYS then
    // (libc falls back to fchmodat), EFAULT when the call is let through with its null path
    assert.ok(errno.fchmodat2 === 38 || errno.fchmodat2 === 14, `fchmodat2 got errno ${errno.fchmodat2}, not EPERM`);
  });

  it('refuses a malformed profile at create, naming the field', async () => {
    const refused = async (securityOpt: string, pattern: RegExp) => {
      await assert.rejects(bed().create({ cmd: ['true'], securityOpt: [securityOpt] }), (err: Error) => isInvalidArgument(err) && pattern.test(err.message));
    };
    await refused('seccomp={"defaultAction":"SCMP_ACT_ALOW"}', /invalid seccomp profile: defaultAction "SCMP_ACT_ALOW" is not one of/);
    await refused('seccomp={"defaultAction":"SCMP_ACT_ERRNO","syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW","args":[{"index":7,"value":1,"op":"SCMP_CMP_EQ"}]}]}', /syscalls\[0\]\.args\[0\]\.index must be a whole number from 0 to 5/);
    await refused('seccomp=/etc/profile.json', /not JSON/);
    await refused('apparmor=docker-default', /berth applies no AppArmor profiles/);
    assert.deepEqual(bed().runtime.list({ all: true }), [], 'nothing was created');
  });
});
