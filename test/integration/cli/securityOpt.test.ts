// --security-opt through both `berth run` and the real `docker run` against one berthd: the default
// seccomp filter, seccomp=unconfined, a profile file (each CLI reads it and sends its content),
// a malformed profile refused with the field named (exit 125, nothing created), inspect's
// HostConfig.SecurityOpt and info's SecurityOptions.
import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startContainerDaemon, type ContainerDaemon, type Run } from '../api/containerDaemon';

const status = 'grep -E "^(Seccomp|NoNewPrivs):" /proc/self/status';

describe('--security-opt: seccomp through berth run and docker run', function () {
  this.timeout(180_000);
  let d: ContainerDaemon;
  let noMkdir: string;
  let malformed: string;

  before(async () => {
    d = await startContainerDaemon('secopt');
    noMkdir = join(d.dir, 'no-mkdir.json');
    // pretty-printed, as people write them: the CLIs send it compacted
    writeFileSync(noMkdir, JSON.stringify({
      defaultAction: 'SCMP_ACT_ALLOW',
      archMap: [{ architecture: 'SCMP_ARCH_X86_64', subArchitectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'] }, { architecture: 'SCMP_ARCH_AARCH64', subArchitectures: ['SCMP_ARCH_ARM'] }],
      syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO', errnoRet: 1, comment: 'no new directories' }],
    }, null, 2));
    malformed = join(d.dir, 'malformed.json');
    writeFileSync(malformed, JSON.stringify({ defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW' }, { names: 'write', action: 'SCMP_ACT_ALLOW' }] }));
  });
  after(() => d?.close());

  const clis = () => [['berth', d.berth], ['docker', d.docker]] as const;
  const ok = (cli: string, r: Run) => {
    assert.equal(r.code, 0, `${cli}: exit ${r.code}\n${r.stderr}`);
    return r.stdout;
  };

  it('a container is filtered by default; seccomp=unconfined turns the filter off; no-new-privileges applies', async () => {
    for (const [cli, run] of clis()) {
      assert.equal(ok(cli, await run(['run', '--rm', 'busybox', 'sh', '-c', status])), 'NoNewPrivs:\t0\nSeccomp:\t2\n', cli);
      assert.equal(ok(cli, await run(['run', '--rm', '--security-opt', 'seccomp=unconfined', 'busybox', 'sh', '-c', status])), 'NoNewPrivs:\t0\nSeccomp:\t0\n', cli);
      assert.equal(ok(cli, await run(['run', '--rm', '--security-opt', 'no-new-privileges', 'busybox', 'sh', '-c', status])), 'NoNewPrivs:\t1\nSeccomp:\t2\n', cli);
      const blocked = await run(['run', '--rm', 'busybox', 'unshare', '-U', 'true']);
      assert.notEqual(blocked.code, 0, `${cli}: unshare is refused under the default profile`);
      assert.match(blocked.stderr, /Operation not permitted/);
      ok(cli, await run(['run', '--rm', '--security-opt', 'seccomp=unconfined', 'busybox', 'unshare', '-U', 'true']));
    }
  });

  it('seccomp=<file>: the profile applies; inspect shows the options as sent', async () => {
    for (const [cli, run] of clis()) {
      const name = `nomkdir-${cli}`;
      const denied = await run(['run', '--name', name, '--security-opt', `seccomp=${noMkdir}`, 'busybox', 'mkdir', '/made']);
      assert.equal(denied.code, 1, `${cli}: ${denied.stderr}`);
      assert.match(denied.stderr, /Operation not permitted/);
      const inspected = JSON.parse(ok(cli, await run(['inspect', '--format', '{{json .HostConfig.SecurityOpt}}', name]))) as string[];
      assert.equal(inspected.length, 1);
      assert.ok(inspected[0]!.startsWith('seccomp={"defaultAction":"SCMP_ACT_ALLOW"'), `${cli} sent the file's content, compacted: ${inspected[0]}`);
      assert.deepEqual(JSON.parse(inspected[0]!.slice('seccomp='.length)).syscalls[0].names, ['mkdir', 'mkdirat']);
      ok(cli, await run(['rm', name]));
      ok(cli, await run(['run', '--rm', 'busybox', 'mkdir', '/made']));
      assert.equal(ok(cli, await run(['create', 'busybox', 'true'])).trim().length, 64);
    }
    const plain = (await d.berthOk(['ps', '-aq'])).trim().split('\n');
    assert.equal(plain.length, 2);
    for (const id of plain) assert.equal((await d.berthOk(['inspect', '--format', '{{json .HostConfig.SecurityOpt}}', id])).trim(), 'null');
    await d.berthOk(['rm', ...plain]);
  });

  it('a malformed profile is refused at create with the field named (125), and a missing file by the CLI', async () => {
    for (const [cli, run] of clis()) {
      const bad = await run(['run', '--rm', '--security-opt', `seccomp=${malformed}`, 'busybox', 'true']);
      assert.equal(bad.code, 125, `${cli}: ${bad.stderr}`);
      assert.match(bad.stderr, /invalid seccomp profile: syscalls\[1\]\.names must be a list of strings/, cli);
      const missing = await run(['run', '--rm', '--security-opt', `seccomp=${join(d.dir, 'nowhere.json')}`, 'busybox', 'true']);
      assert.equal(missing.code, 125, `${cli}: ${missing.stderr}`);
      assert.match(missing.stderr, /opening seccomp profile \(.*nowhere\.json\) failed: .*no such file or directory/i, cli);
      const unknown = await run(['run', '--rm', '--security-opt', 'seccomp-ish=1', 'busybox', 'true']);
      assert.equal(unknown.code, 125, `${cli}: ${unknown.stderr}`);
      assert.match(unknown.stderr, /invalid --security-opt "seccomp-ish=1": unknown option/, cli);
    }
    assert.equal((await d.berthOk(['ps', '-aq'])).trim(), '', 'nothing was created');
  });

  it('info lists the builtin seccomp profile', async () => {
    assert.equal((await d.dockerOk(['info', '--format', '{{json .SecurityOptions}}'])).trim(), '["name=seccomp,profile=builtin"]');
  });
});
