import * as assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { busyboxImage } from '../../fixtures/busyboxImage';
import { describeEachRuntime } from './runtimeTestbed';

/** CapEff of Docker's 14 default capabilities. */
const dockerDefaultCaps = '00000000a80425fb';

describeEachRuntime('container isolation', (bed) => {
  it('gets its own pid, mount, uts, ipc, net and cgroup namespaces; the command is PID 1', async () => {
    const out = await bed().output(['sh', '-c', 'echo $$; for n in pid mnt uts ipc net cgroup; do readlink /proc/self/ns/$n; done']);
    const [pid, ...ns] = out.trim().split('\n');
    assert.equal(pid, '1');
    const host = ['pid', 'mnt', 'uts', 'ipc', 'net', 'cgroup'].map((n) => readlinkSync(`/proc/self/ns/${n}`));
    ns.forEach((inner, i) => assert.notEqual(inner, host[i], `${inner} is a new namespace`));
  });

  it('--network none has only lo, up; --network host shares the host\'s namespace', async () => {
    const links = await bed().output(['ip', '-o', 'link']);
    assert.deepEqual(links.trim().split('\n').map((l) => l.split(':')[1]!.trim()), ['lo']);
    assert.match(links, /<LOOPBACK,UP,LOWER_UP>/);
    const hostNet = await bed().output(['readlink', '/proc/self/ns/net'], { network: { mode: { kind: 'host' } } });
    assert.equal(hostNet.trim(), readlinkSync('/proc/self/ns/net'));
  });

  it('hostname defaults to the short id; /etc/hostname, /etc/hosts and /etc/resolv.conf are its own files', async () => {
    const r = await bed().run({ cmd: ['sh', '-c', 'hostname; cat /etc/hostname; grep -c localhost /etc/hosts; echo ok >> /etc/hosts'], readOnly: true }, true);
    assert.equal(r.statusCode, 0, r.stderr);
    const [name, file, localhost] = r.stdout.trim().split('\n');
    assert.equal(name, r.record.id.slice(0, 12));
    assert.equal(file, name);
    assert.ok(Number(localhost) >= 1);
    assert.ok(readFileSync(r.record.networkFiles!.hosts, 'utf8').endsWith('ok\n'), 'the hosts file stays writable under --read-only, as in Docker');
    await bed().runtime.remove(r.record.id);
    assert.equal((await bed().output(['hostname'], { hostname: 'box' })).trim(), 'box');
  });

  it("has Docker's default capabilities; --cap-add and --cap-drop change them", async () => {
    assert.match(await bed().output(['grep', 'CapEff', '/proc/self/status']), new RegExp(`CapEff:\\s+${dockerDefaultCaps}`));
    const added = await bed().output(['grep', 'CapBnd', '/proc/self/status'], { capAdd: ['NET_ADMIN'], capDrop: ['CHOWN'] });
    const mask = BigInt(`0x${added.split(':')[1]!.trim()}`);
    assert.equal((mask >> 12n) & 1n, 1n, 'CAP_NET_ADMIN (12) added');
    assert.equal(mask & 1n, 0n, 'CAP_CHOWN (0) dropped');
    const r = await bed().run({ cmd: ['chown', '1000', '/tmp'], capDrop: ['CHOWN'] });
    assert.notEqual(r.statusCode, 0);
    assert.match(r.stderr, /Operation not permitted/);
  });

  it('masks /proc/timer_list, /proc/keys and /sys/firmware and makes /proc/sys read-only', async () => {
    assert.ok(readFileSync('/proc/keys', 'utf8').length > 0 && readFileSync('/proc/timer_list', 'utf8').length > 0, 'the host shows them');
    const r = await bed().run({ cmd: ['sh', '-c', 'cat /proc/timer_list /proc/keys | wc -c; ls /sys/firmware | wc -l; echo 1 > /proc/sys/vm/drop_caches'] });
    const [masked, firmware] = r.stdout.trim().split('\n');
    assert.equal(masked, '0');
    assert.equal(firmware, '0');
    assert.notEqual(r.statusCode, 0);
    assert.match(r.stderr, /Read-only file system/);
  });

  it('/dev has the default devices, pts, shm (Docker\'s 64 MiB unless --shm-size) and mqueue', async () => {
    const out = await bed().output(['sh', '-c', 'ls /dev; echo x > /dev/null; head -c 4 /dev/zero | wc -c; df -k /dev/shm | tail -1; grep -c mqueue /proc/mounts']);
    for (const dev of ['null', 'zero', 'full', 'random', 'urandom', 'tty', 'ptmx', 'pts', 'shm', 'mqueue']) assert.match(out, new RegExp(`^${dev}$`, 'm'), `/dev/${dev}`);
    assert.match(out, /^4$/m);
    assert.match(out, /^shm\s+65536\s/m);
    assert.match(await bed().output(['df', '-k', '/dev/shm'], { shmSize: 8 << 20 }), /\s8192\s/);
  });

  it('--read-only makes the root read-only; a tmpfs mount is writable', async () => {
    const r = await bed().run({ cmd: ['sh', '-c', 'touch /x; echo $?; touch /scratch/y && echo wrote'], readOnly: true, mounts: [{ type: 'tmpfs', target: '/scratch' }] });
    assert.match(r.stderr, /Read-only file system/);
    assert.match(r.stdout, /^1\nwrote\n$/);
  });

  it('writes go to the container\'s own layer, not the image', async () => {
    const r = await bed().run({ cmd: ['sh', '-c', 'echo changed > /etc/motd; cat /etc/motd'] });
    assert.equal(r.stdout, 'changed\n');
    assert.equal((await bed().run({ cmd: ['cat', '/etc/motd'] })).statusCode, 1, 'a new container starts from the image again');
  });

  it('resolves -u from the image\'s passwd and group files', async () => {
    assert.equal((await bed().output(['id'], { user: 'berth' })).trim(), 'uid=1000(berth) gid=1000(berth) groups=10(wheel),50(staff)');
    assert.equal((await bed().output(['id'])).trim(), 'uid=0(root) gid=0(root) groups=10(wheel)');
    assert.equal((await bed().output(['id'], { user: '1000:50' })).trim(), 'uid=1000(berth) gid=50(staff)', 'an explicit group: no supplementary groups (runc\'s rule)');
    assert.match(await bed().output(['sh', '-c', 'echo $HOME; id -u'], { user: '4321' }), /^\/\n4321\n$/);
    assert.equal((await bed().output(['sh', '-c', 'echo $HOME'], { user: 'berth' })).trim(), '/home/berth');
    const c = await bed().create({ cmd: ['id'], user: 'ghost' });
    await assert.rejects(bed().runtime.start(c.id), /unable to find user ghost: no matching entries in passwd file/);
    await bed().runtime.remove(c.id);
  });

  it('combines entrypoint, command, environment and working directory as Docker does', async () => {
    const image = await busyboxImage({ config: { Entrypoint: ['echo', 'E'], Cmd: ['c'], Env: ['PATH=/bin:/usr/bin', 'A=image'], WorkingDir: '/work/dir' } });
    const run = async (o: Parameters<ReturnType<typeof bed>['output']>[1]) => (await bed().output([], o)).trim();
    const base = { image: { reference: 'entry', image } };
    assert.equal(await run({ ...base, cmd: undefined }), 'E c');
    assert.equal(await run({ ...base, cmd: ['x', 'y'] }), 'E x y');
    assert.equal(await run({ ...base, entrypoint: ['sh', '-c', 'pwd; echo $A $B; echo $HOSTNAME | wc -c; echo TERM=$TERM'], cmd: undefined, env: ['B=user'] }), '/work/dir\nimage user\n13\nTERM=');
    assert.equal(await run({ ...base, entrypoint: [''], cmd: ['sh', '-c', 'echo $PATH'] }), '/bin:/usr/bin');
    assert.equal(await run({ ...base, entrypoint: ['pwd'], cmd: undefined, workingDir: '/made/for/you' }), '/made/for/you');
  });

  it('--init runs tini as PID 1, which reaps and passes signals on', async () => {
    const out = await bed().output(['sh', '-c', 'cat /proc/1/cmdline | tr "\\0" " "; echo; echo $$'], { init: true });
    const [init, shellPid] = out.trim().split('\n');
    assert.equal(init!.trim(), '/sbin/docker-init -- sh -c cat /proc/1/cmdline | tr "\\0" " "; echo; echo $$');
    assert.notEqual(shellPid, '1');
  });

  it("clamps rlimits to the host's hard limits (root cannot raise them here) and says so", async () => {
    const hard = Number(readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'))!.slice(26).trim().split(/\s+/)[1]);
    const out = await bed().output(['sh', '-c', 'ulimit -n; ulimit -Hn'], { ulimits: [{ name: 'nofile', soft: 1024, hard: hard + 1_000_000 }] });
    assert.equal(out, `1024\n${hard}\n`);
    assert.ok(bed().logs.some((l) => l.includes('ulimit lowered to the host\'s hard limit: nofile')));
  });

  it('bind mounts, read-only or not, and data written to them stays on the host', async () => {
    const host = join(bed().dir, 'bind');
    mkdirSync(host, { recursive: true });
    writeFileSync(join(host, 'in'), 'from host\n');
    const r = await bed().run({ cmd: ['sh', '-c', 'cat /data/in; echo out > /data/out; echo no > /ro/x'], mounts: [
      { type: 'bind', source: host, target: '/data' },
      { type: 'bind', source: host, target: '/ro', readOnly: true },
    ] });
    assert.equal(r.stdout, 'from host\n');
    assert.match(r.stderr, /Read-only file system/);
    assert.equal(readFileSync(join(host, 'out'), 'utf8'), 'out\n');
    await assert.rejects(bed().create({ cmd: ['true'], mounts: [{ type: 'bind', source: join(host, 'missing'), target: '/m' }] }), /bind source path does not exist/);
  });

  it('limits show up in the container\'s cgroup files', async () => {
    const c = await bed().create({ cmd: ['sleep', '1000'], resources: { memory: 64 << 20, nanoCpus: 0.5e9, cpuShares: 512, pidsLimit: 50 } });
    await bed().runtime.start(c.id);
    const file = (ctrl: string, name: string) => readFileSync(`/sys/fs/cgroup/${ctrl}${bed().cgroupParent}/${c.id}/${name}`, 'utf8').trim();
    assert.equal(file('memory', 'memory.limit_in_bytes'), String(64 << 20));
    assert.equal(file('cpu', 'cpu.cfs_quota_us'), '50000');
    assert.equal(file('cpu', 'cpu.cfs_period_us'), '100000');
    assert.equal(file('cpu', 'cpu.shares'), '512');
    assert.equal(file('pids', 'pids.max'), '50');
    await bed().runtime.remove(c.id, { force: true });
  });

  it('a user namespace on request: root inside, an unprivileged range outside', async () => {
    chmodSync(bed().dir, 0o711); // the mapped root must be able to reach the container's root directory
    const out = await bed().output(['sh', '-c', 'id -u; cat /proc/self/uid_map'], {
      userns: { uidMap: { containerId: 0, hostId: 100000, size: 65536 }, gidMap: { containerId: 0, hostId: 100000, size: 65536 } },
    });
    const [uid, map] = out.trim().split('\n');
    assert.equal(uid, '0');
    assert.deepEqual(map!.trim().split(/\s+/), ['0', '100000', '65536']);
  });
});

describeEachRuntime('user namespaces need a reachable root', (bed) => {
  it('says which directory the mapped root cannot search', async () => {
    const c = await bed().create({ cmd: ['true'], userns: { uidMap: { containerId: 0, hostId: 200000, size: 65536 }, gidMap: { containerId: 0, hostId: 200000, size: 65536 } } });
    await assert.rejects(bed().runtime.start(c.id), new RegExp(`user namespace: uid 200000 cannot reach the container's root: ${bed().dir} is not searchable by others \\(chmod o\\+x`));
    await bed().runtime.remove(c.id);
  });
}, ['runc']);
