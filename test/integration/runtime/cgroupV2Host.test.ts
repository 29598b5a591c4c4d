// berthd on a cgroup v2 host. This machine's cgroups are hybrid (v1 hierarchies hold every
// controller), so the daemon runs in a mount namespace of its own with a fresh cgroup2 mount on
// /sys/fs/cgroup: berthd, conmon and the OCI runtime see a pure v2 host that has delegated no
// controller, as a v2 host does where Berth's cgroup was not given any. Everything here is real;
// what needs a controller (limits, OOM counts) cannot be exercised on this machine, so the tests
// check that such limits are dropped with a warning instead. The test reads the daemon's cgroups
// through /proc/<pid>/root, which resolves paths in the daemon's mount namespace.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostNames } from '../../../engine/src/daemon/hostNames';
import { detectCgroupLayout } from '../../../engine/src/runtime/cgroupLayout';
import { mountPoints } from '../../../engine/src/runtime/rootfsMount';
import { requireTool } from '../../fixtures/scratch';
import { containerLeftovers, startContainerDaemon, type ContainerDaemon } from '../api/containerDaemon';

const inOwnCgroup2 = ['unshare', '-m', '--propagation', 'private', 'sh', '-c', 'mount -t cgroup2 cgroup2 /sys/fs/cgroup && exec "$@"', 'berthd-on-cgroup2'];

describe('berthd on a cgroup v2 host without controllers', function () {
  this.timeout(120_000);
  let d: ContainerDaemon;
  const ids: string[] = [];
  /** The daemon's /sys/fs/cgroup, seen from here. */
  const cgroupRoot = () => `/proc/${d.daemon.pid}/root/sys/fs/cgroup`;
  const containerCgroup = (id: string) => join(cgroupRoot(), hostNames(d.root).cgroupParent, id);

  before(async function () {
    // on a v2 host every other suite already runs on v2
    if (detectCgroupLayout().mode === 'v2') this.skip();
    requireTool('unshare', 'util-linux');
    requireTool('docker', 'docker.io');
    d = await startContainerDaemon('cgroupv2', { launcher: inOwnCgroup2 });
  });

  after(async () => {
    if (!d) return;
    const daemonMounts = mountPoints(readFileSync(`/proc/${d.daemon.pid}/mountinfo`, 'utf8')).filter((p) => p.startsWith(d.root));
    const parent = join(cgroupRoot(), hostNames(d.root).cgroupParent);
    const cgroups = existsSync(parent) ? readdirSync(parent, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name) : [];
    const left = await containerLeftovers(d.root, ids);
    await d.close();
    assert.deepEqual({ daemonMounts, cgroups }, { daemonMounts: [], cgroups: [] }, 'nothing left in the daemon\'s mount namespace or its v2 cgroups');
    assert.deepEqual(Object.entries(left).filter(([, v]) => v.length > 0), [], 'nothing left on the host');
  });

  it('sees cgroup v2 with no controllers, reports it in /info, and names why it did not pick crun if it did not', async () => {
    assert.match(d.daemon.logs(), /cgroup v2 \(no controllers\)/);
    const chosen = /runtime: (crun|runc) /.exec(d.daemon.logs())?.[1];
    // crun before 1.14 cannot load its v2 device filter where the memlock hard limit is low
    if (chosen === 'runc') assert.match(d.daemon.logs(), /using runc: crun/);
    const info = (await d.dockerOk(['info', '--format', '{{.CgroupVersion}} {{.MemoryLimit}} {{.PidsLimit}} {{.CPUShares}} {{.CPUSet}}'])).trim();
    assert.equal(info, '2 false false false false');
  });

  it('runs containers in v2 cgroups: exit status, top, stats, pause and unpause through cgroup.freeze, kill, rm', async () => {
    assert.equal((await d.berth(['run', '--rm', 'busybox', 'sh', '-c', 'exit 3'])).code, 3);
    const id = (await d.berthOk(['run', '-d', '--name', 'v2', 'busybox', 'sleep', '1000'])).trim();
    ids.push(id);
    const dir = containerCgroup(id);
    const pid = (await d.berthOk(['inspect', '-f', '{{.State.Pid}}', 'v2'])).trim();
    assert.ok(readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n').includes(pid), `the container's process ${pid} is in ${dir}`);
    assert.match(await d.berthOk(['top', 'v2']), /sleep 1000/);
    assert.match(await d.berthOk(['stats', '--no-stream', 'v2']), /v2/);

    await d.berthOk(['pause', 'v2']);
    assert.equal(readFileSync(join(dir, 'cgroup.freeze'), 'utf8').trim(), '1');
    assert.equal((await d.berthOk(['inspect', '-f', '{{.State.Status}}', 'v2'])).trim(), 'paused');
    await d.berthOk(['unpause', 'v2']);
    assert.equal(readFileSync(join(dir, 'cgroup.freeze'), 'utf8').trim(), '0');
    assert.equal((await d.berthOk(['inspect', '-f', '{{.State.Status}}', 'v2'])).trim(), 'running');

    await d.berthOk(['kill', 'v2']);
    assert.equal((await d.berthOk(['wait', 'v2'])).trim(), '137');
    await d.berthOk(['rm', 'v2']);
    assert.equal(existsSync(dir), false, 'the runtime removed the container\'s cgroup');
  });

  it('drops limits the host cannot apply with a warning, for the berth and docker CLIs alike', async () => {
    const run = await d.berth(['run', '--rm', '--memory', '64m', '--pids-limit', '20', '--cpus', '0.5', 'busybox', 'echo', 'ran']);
    assert.deepEqual([run.code, run.stdout], [0, 'ran\n'], run.stderr);
    for (const what of ['memory limit', 'CPU limit', 'pids limit']) {
      assert.match(run.stderr, new RegExp(`WARNING: the ${what} is not applied: this host's cgroups have no \\w+ controller \\(cgroup v2 \\(no controllers\\)\\)`));
    }
    const created = await d.docker(['create', '--memory', '64m', 'busybox', 'true']);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stderr, /WARNING: the memory limit is not applied/);
    const id = created.stdout.trim();
    ids.push(id);
    assert.equal((await d.dockerOk(['inspect', '-f', '{{.HostConfig.Memory}}', id])).trim(), '0', 'the record keeps the limits that apply');
    assert.equal((await d.docker(['start', '-a', id])).code, 0);
    await d.dockerOk(['rm', id]);
  });
});
