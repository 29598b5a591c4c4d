// berthd on the other two cgroup layouts than this machine's (hybrid: v1 hierarchies hold every
// controller, and a cgroup2 mount at /sys/fs/cgroup/unified holds none). The daemon runs in a
// mount namespace of its own, where berthd, conmon and the OCI runtime see another host:
// - v1: the cgroup2 mount is gone; every controller is on v1, as on hosts before cgroup2;
// - v2: a fresh cgroup2 mount on /sys/fs/cgroup, which has no controller to offer (the v1
//   hierarchies keep them): a v2 host that has delegated none to Berth's cgroup.
// Everything here is real; limits on v2 need a controller this machine cannot give, so the v2
// suite checks that they are dropped with a warning instead. The tests read the daemon's cgroups
// through /proc/<pid>/root, which resolves paths in the daemon's mount namespace.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hostNames } from '../../../engine/src/daemon/hostNames';
import { detectCgroupLayout, type CgroupLayout } from '../../../engine/src/runtime/cgroupLayout';
import { mountPoints } from '../../../engine/src/runtime/rootfsMount';
import { requireTool } from '../../fixtures/scratch';
import { startBerthd } from '../api/berthdProcess';
import { containerLeftovers, startContainerDaemon, type ContainerDaemon } from '../api/containerDaemon';

/** A mount namespace where `setup` (sh) has run, then the daemon. */
const inOwnMounts = (setup: string) => ['unshare', '-m', '--propagation', 'private', 'sh', '-c', `${setup} && exec "$@"`, 'berthd-launcher'];

interface HostShape {
  readonly d: () => ContainerDaemon;
  /** Container ids the suite made (iptables comments name them). */
  readonly ids: string[];
  /** A path under the daemon's /sys/fs/cgroup, seen from here. */
  readonly cgroupPath: (...parts: string[]) => string;
}

/**
 * A suite against a daemon launched in its own mount namespace after `setup`; it must leave no
 * mount there, no cgroup under the daemon's parent in `hierarchies` (as the daemon sees them), and
 * nothing on the host.
 */
function describeHostShape(title: string, applies: (host: CgroupLayout) => boolean, setup: (host: CgroupLayout) => string, hierarchies: () => string[], tests: (shape: HostShape) => void): void {
  describe(title, function () {
    this.timeout(120_000);
    let d: ContainerDaemon | undefined;
    const shape: HostShape = {
      d: () => d!,
      ids: [],
      cgroupPath: (...parts) => join(`/proc/${d!.daemon.pid}/root/sys/fs/cgroup`, ...parts),
    };

    before(async function () {
      const host = detectCgroupLayout();
      if (!applies(host)) this.skip();
      requireTool('unshare', 'util-linux');
      requireTool('docker', 'docker.io');
      d = await startContainerDaemon('cgroupshape', { launcher: inOwnMounts(setup(host)) });
    });

    after(async () => {
      if (!d) return;
      const parent = hostNames(d.root).cgroupParent;
      const daemonMounts = mountPoints(readFileSync(`/proc/${d.daemon.pid}/mountinfo`, 'utf8')).filter((p) => p.startsWith(d!.root));
      const cgroups = hierarchies().flatMap((h) => {
        const dir = shape.cgroupPath(h, parent);
        return existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => join(h, e.name)) : [];
      });
      const left = await containerLeftovers(d.root, shape.ids);
      await d.close();
      assert.deepEqual({ daemonMounts, cgroups }, { daemonMounts: [], cgroups: [] }, 'nothing left in the daemon\'s mount namespace or its cgroups');
      assert.deepEqual(Object.entries(left).filter(([, v]) => v.length > 0), [], 'nothing left on the host');
    });

    tests(shape);
  });
}

const cgroupParentOf = (d: ContainerDaemon) => hostNames(d.root).cgroupParent;

// On a v2 host every other suite already runs on v2.
describeHostShape('berthd on a cgroup v2 host without controllers', (host) => host.mode !== 'v2', () => 'mount -t cgroup2 cgroup2 /sys/fs/cgroup', () => [''], (shape) => {
  it('sees cgroup v2 with no controllers, reports it in /info, and names why it did not pick crun if it did not', async () => {
    const d = shape.d();
    assert.match(d.daemon.logs(), /cgroup v2 \(no controllers\)/);
    const chosen = /runtime: (crun|runc) /.exec(d.daemon.logs())?.[1];
    // crun before 1.14 cannot load its v2 device filter where the memlock hard limit is low
    if (chosen === 'runc') assert.match(d.daemon.logs(), /using runc: crun/);
    const info = (await d.dockerOk(['info', '--format', '{{.CgroupVersion}} {{.MemoryLimit}} {{.PidsLimit}} {{.CPUShares}} {{.CPUSet}}'])).trim();
    assert.equal(info, '2 false false false false');
  });

  it('runs containers in v2 cgroups: exit status, top, stats, pause and unpause through cgroup.freeze, kill, rm', async () => {
    const d = shape.d();
    assert.equal((await d.berth(['run', '--rm', 'busybox', 'sh', '-c', 'exit 3'])).code, 3);
    const id = (await d.berthOk(['run', '-d', '--name', 'v2', 'busybox', 'sleep', '1000'])).trim();
    shape.ids.push(id);
    const dir = shape.cgroupPath(cgroupParentOf(d), id);
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
    const d = shape.d();
    const run = await d.berth(['run', '--rm', '--memory', '64m', '--pids-limit', '20', '--cpu-shares', '512', 'busybox', 'echo', 'ran']);
    assert.deepEqual([run.code, run.stdout], [0, 'ran\n'], run.stderr);
    for (const what of ['memory limit', 'CPU limit', 'pids limit']) {
      assert.match(run.stderr, new RegExp(`WARNING: the ${what} is not applied: this host's cgroups have no \\w+ controller \\(cgroup v2 \\(no controllers\\)\\)`));
    }
    // a bad value is still an error, and --cpus is refused as Docker refuses it
    const small = await d.berth(['run', '--rm', '--memory', '1m', 'busybox', 'true']);
    assert.deepEqual([small.code, /Minimum memory limit allowed is 6MB/.test(small.stderr)], [125, true], small.stderr);
    const cpus = await d.berth(['run', '--rm', '--cpus', '0.5', '-v', 'refused:/data', 'busybox', 'true']);
    assert.deepEqual([cpus.code, /--cpus cannot be applied: this host's cgroups have no cpu controller/.test(cpus.stderr)], [125, true], cpus.stderr);
    assert.equal((await d.berthOk(['volume', 'ls', '-q'])).trim(), '', 'refused before its volume was made');
    const info = await d.docker(['info']);
    assert.match(info.stderr, /WARNING: containers cannot be given memory, cpu, cpuset, pids limits/);

    const created = await d.docker(['create', '--memory', '64m', 'busybox', 'sh', '-c', 'exit 4']);
    assert.equal(created.code, 0, created.stderr);
    assert.match(created.stderr, /WARNING: the memory limit is not applied/);
    const id = created.stdout.trim();
    shape.ids.push(id);
    assert.equal((await d.dockerOk(['inspect', '-f', '{{.HostConfig.Memory}}', id])).trim(), '0', 'the record keeps the limits that apply');
    assert.equal((await d.docker(['start', '-a', id])).code, 4);
    await d.dockerOk(['rm', id]);
  });
});

describeHostShape('a container created on this host, started by berthd on cgroup v2 without controllers', (host) => host.mode !== 'v2', () => 'mount -t cgroup2 cgroup2 /sys/fs/cgroup', () => [''], (shape) => {
  it('runs without the limits v2 cannot apply here, and the daemon says which it left out', async () => {
    const d = shape.d();
    // the same data root under a daemon that sees this host's own layout, where --memory applies
    await d.daemon.stop();
    const here = await startBerthd(d.dir, { root: d.root });
    try {
      const id = (await d.berthOk(['create', '--name', 'moved', '--memory', '64m', 'busybox', 'sh', '-c', 'exit 6'])).trim();
      shape.ids.push(id);
    } finally {
      await here.stop();
    }
    await d.restart(); // in its own mount namespace again: the layout changed under the container
    const started = await d.berth(['start', '-a', 'moved']);
    assert.equal(started.code, 6, started.stderr);
    assert.match(d.daemon.logs(), /container [0-9a-f]{64}: the memory limit is not applied: this host's cgroups have no memory controller \(cgroup v2 \(no controllers\)\)/);
    await d.berthOk(['rm', 'moved']);
  });
});

/** The v1 hierarchies' directory names under /sys/fs/cgroup (cpu,cpuacct when they share one). */
const v1Hierarchies = () => [...new Set([...detectCgroupLayout().v1.values()].map((mount) => mount.replace(/^\/sys\/fs\/cgroup\//, '')))];

// A hybrid host loses its cgroup2 mount; a v1 host is one already; a v2 host cannot be made one.
describeHostShape('berthd on a cgroup v1 host', (host) => host.mode !== 'v2', (host) => (host.unified ? `umount ${host.unified}` : 'true'), v1Hierarchies, (shape) => {
  it('sees cgroup v1 and reports it in /info with every limit', async () => {
    const d = shape.d();
    assert.match(d.daemon.logs(), /; cgroup v1 \(/);
    const info = (await d.dockerOk(['info', '--format', '{{.CgroupVersion}} {{.MemoryLimit}} {{.PidsLimit}} {{.CPUShares}} {{.CPUSet}}'])).trim();
    assert.equal(info, '1 true true true true');
  });

  it('applies limits in v1 hierarchies, pauses through the freezer, passes the exit status, and removes every hierarchy\'s cgroup', async () => {
    const d = shape.d();
    const limits = await d.berth(['run', '--rm', '--memory', '64m', '--pids-limit', '20', 'busybox', 'sh', '-c',
      'cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max; exit 3']);
    assert.deepEqual([limits.code, limits.stdout, limits.stderr], [3, `${64 << 20}\n20\n`, '']);

    const id = (await d.berthOk(['run', '-d', '--name', 'v1', '--cpus', '0.5', 'busybox', 'sleep', '1000'])).trim();
    shape.ids.push(id);
    const parent = cgroupParentOf(d);
    const cpu = shape.cgroupPath(v1Hierarchies().find((h) => h.split(',').includes('cpu'))!, parent, id);
    assert.equal(readFileSync(join(cpu, 'cpu.cfs_quota_us'), 'utf8').trim(), '50000');
    const pid = (await d.berthOk(['inspect', '-f', '{{.State.Pid}}', 'v1'])).trim();
    assert.ok(readFileSync(join(cpu, 'cgroup.procs'), 'utf8').split('\n').includes(pid));
    assert.match(await d.berthOk(['top', 'v1']), /sleep 1000/);

    await d.berthOk(['pause', 'v1']);
    assert.equal(readFileSync(shape.cgroupPath('freezer', parent, id, 'freezer.state'), 'utf8').trim(), 'FROZEN');
    await d.berthOk(['unpause', 'v1']);
    assert.equal(readFileSync(shape.cgroupPath('freezer', parent, id, 'freezer.state'), 'utf8').trim(), 'THAWED');

    await d.berthOk(['kill', 'v1']);
    assert.equal((await d.berthOk(['wait', 'v1'])).trim(), '137');
    await d.berthOk(['rm', 'v1']);
    assert.deepEqual(v1Hierarchies().filter((h) => existsSync(shape.cgroupPath(h, parent, id))), [], 'no hierarchy keeps the container\'s cgroup');
  });
});
