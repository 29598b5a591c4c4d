import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cgroupMounts, controllerAvailable, delegateControllers, describeLayout, type CgroupLayout } from '../../../engine/src/runtime/cgroupLayout';
import { parseFlatKeyed } from '../../../engine/src/runtime/containerCgroup';
import { parseBlkio, parseNetDev } from '../../../engine/src/runtime/containerStats';
import { parsePs } from '../../../engine/src/runtime/containerTop';
import { parseCapabilityMask, parseHardLimits } from '../../../engine/src/runtime/hostFacts';
import { runtimeMessage } from '../../../engine/src/runtime/ociRuntime';
import { exitCodeForRuntimeError } from '../../../engine/src/runtime/processSetup';
import { explainFailure } from '../../../engine/src/runtime/runtimeProbe';

describe('cgroupMounts', () => {
  it('finds v1 hierarchies (combined ones too) and the cgroup2 mount of a hybrid host', () => {
    const info = [
      '31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755',
      '32 31 0:29 / /sys/fs/cgroup/cpu,cpuacct rw,relatime - cgroup cgroup rw,cpu,cpuacct',
      '35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory',
      '40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,xattr,name=systemd',
      '41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw',
    ].join('\n');
    const { v1, unified } = cgroupMounts(info);
    assert.deepEqual([...v1.entries()], [['cpu', '/sys/fs/cgroup/cpu,cpuacct'], ['cpuacct', '/sys/fs/cgroup/cpu,cpuacct'], ['memory', '/sys/fs/cgroup/memory'], ['name=systemd', '/sys/fs/cgroup/systemd']]);
    assert.equal(unified, '/sys/fs/cgroup/unified');
  });
});

describe('cgroup file parsers', () => {
  it('flat keyed files, blkio (v1 and v2), net/dev', () => {
    assert.deepEqual([...parseFlatKeyed('oom_kill_disable 0\nunder_oom 0\noom_kill 3\n')], [['oom_kill_disable', 0], ['under_oom', 0], ['oom_kill', 3]]);
    assert.deepEqual(parseBlkio('8:0 Read 4096\n8:0 Write 0\nTotal 4096\n', false, true), [{ major: 8, minor: 0, op: 'Read', value: 4096 }, { major: 8, minor: 0, op: 'Write', value: 0 }]);
    assert.deepEqual(parseBlkio('254:0 rbytes=10 wbytes=20 rios=1 wios=2 dbytes=0 dios=0\n', true, false), [{ major: 254, minor: 0, op: 'read', value: 1 }, { major: 254, minor: 0, op: 'write', value: 2 }]);
    const dev = 'Inter-|   Receive  |  Transmit\n face |bytes packets errs drop fifo frame compressed multicast|bytes packets errs drop fifo colls carrier compressed\n    lo: 1 2 0 0 0 0 0 0 1 2 0 0 0 0 0 0\n  eth0: 100 3 1 2 0 0 0 0 200 4 5 6 0 0 0 0\n';
    assert.deepEqual(parseNetDev(dev), { eth0: { rx_bytes: 100, rx_packets: 3, rx_errors: 1, rx_dropped: 2, tx_bytes: 200, tx_packets: 4, tx_errors: 5, tx_dropped: 6 } });
  });
});

describe('parsePs', () => {
  it("keeps the container's rows, the command column whole", () => {
    const out = 'UID PID PPID C STIME TTY TIME CMD\nroot 1 0 0 10:00 ? 00:00:01 /sbin/init\nroot 42 40 0 10:00 ? 00:00:00 sleep 1000\n';
    assert.deepEqual(parsePs(out, new Set([42])), { titles: ['UID', 'PID', 'PPID', 'C', 'STIME', 'TTY', 'TIME', 'CMD'], processes: [['root', '42', '40', '0', '10:00', '?', '00:00:00', 'sleep 1000']] });
    assert.throws(() => parsePs('USER COMMAND\nroot x\n', new Set()), /no PID column/);
  });
});

describe('parseHardLimits', () => {
  it('reads the hard column of /proc/self/limits', () => {
    const text = [
      'Limit                     Soft Limit           Hard Limit           Units     ',
      'Max processes             96365                96365                processes ',
      'Max open files            1024                 20000                files     ',
      'Max core file size        0                    unlimited            bytes     ',
    ].join('\n');
    assert.deepEqual(parseHardLimits(text), { nproc: 96365, nofile: 20000, core: Number.MAX_SAFE_INTEGER });
  });
});

describe('parseCapabilityMask', () => {
  it('reads the bounding set of /proc/self/status, bit n as capability n', () => {
    const caps = parseCapabilityMask('CapPrm:\t0000000000000000\nCapBnd:\t000001fffeffffff\nCapAmb:\t0000000000000000\n');
    assert.equal(caps.length, 40);
    assert.ok(!caps.includes('CAP_SYS_RESOURCE') && caps.includes('CAP_SYS_ADMIN') && caps.includes('CAP_CHECKPOINT_RESTORE'));
    assert.deepEqual(parseCapabilityMask('CapBnd:\t00000000a80425fb\n').sort(), [
      'CAP_AUDIT_WRITE', 'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_MKNOD', 'CAP_NET_BIND_SERVICE',
      'CAP_NET_RAW', 'CAP_SETFCAP', 'CAP_SETGID', 'CAP_SETPCAP', 'CAP_SETUID', 'CAP_SYS_CHROOT',
    ], "Docker's 14 defaults");
  });
});

describe('runtime errors', () => {
  it("extracts runc's msg and maps exec failures to Docker's 127 and 126", () => {
    const runc = 'time="2026-11-22T15:00:03Z" level=error msg="runc run failed: unable to start container process: exec: \\"foo\\": executable file not found in $PATH"';
    assert.equal(runtimeMessage(runc), 'runc run failed: unable to start container process: exec: "foo": executable file not found in $PATH');
    assert.equal(exitCodeForRuntimeError(runtimeMessage(runc)), 127);
    assert.equal(exitCodeForRuntimeError('executable file `foo` not found in $PATH: No such file or directory'), 127);
    assert.equal(exitCodeForRuntimeError('open executable: Permission denied'), 126);
    assert.equal(exitCodeForRuntimeError('cgroup: invalid argument'), undefined);
  });
  it('names the fix for crun on a hybrid cgroup host', () => {
    const text = explainFailure({ name: 'crun', path: '/usr/bin/crun', error: 'cgroups in hybrid mode not supported, drop all controllers from cgroupv2' });
    assert.match(text, /crun refuses this host's hybrid cgroups \("cgroups in hybrid mode not supported, drop all controllers from cgroupv2"\)/);
    assert.match(text, /mkdir -p \/sys\/fs\/cgroup\/hugetlb && mount -t cgroup -o hugetlb cgroup \/sys\/fs\/cgroup\/hugetlb/);
  });
  it("names the cause and the fix for crun < 1.14's memlock failure on cgroup v2", () => {
    const text = explainFailure({ name: 'crun', path: '/usr/bin/crun', error: 'setrlimit (RLIM_MEMLOCK): Operation not permitted' });
    assert.match(text, /crun cannot load its cgroup v2 device filter \("setrlimit \(RLIM_MEMLOCK\): Operation not permitted"\)/);
    assert.match(text, /crun 1\.14 or later/);
  });
});

describe('controllerAvailable', () => {
  const layout = (mode: CgroupLayout['mode'], v1: string[], unifiedControllers: string[]): CgroupLayout => ({
    mode, v1: new Map(v1.map((c) => [c, `/sys/fs/cgroup/${c}`])), unified: '/sys/fs/cgroup/unified', unifiedControllers, swapAccounting: false,
  });
  it('a v1 hierarchy, or a controller cgroup2 lists; nothing else (v2 hosts included)', () => {
    assert.equal(controllerAvailable(layout('hybrid', ['memory', 'pids'], []), 'pids'), true);
    assert.equal(controllerAvailable(layout('hybrid', ['memory'], ['hugetlb']), 'pids'), false);
    assert.equal(controllerAvailable(layout('hybrid', ['memory'], ['pids']), 'pids'), false, 'a hybrid host\'s cgroup2 controllers cannot carry limits');
    assert.equal(controllerAvailable(layout('v2', [], ['cpu', 'memory']), 'memory'), true);
    assert.equal(controllerAvailable(layout('v2', [], ['cpu', 'memory']), 'pids'), false);
    assert.equal(describeLayout(layout('v2', [], [])), 'cgroup v2 (no controllers)');
  });
});

describe('delegateControllers', () => {
  // A cgroup2 tree in a scratch directory, with the kernel's rules for cgroup.subtree_control: a
  // cgroup enables only what its cgroup.controllers lists, never while it holds processes (the
  // real root excepted), and its children then list what it enabled.
  let root: string;
  const read = (path: string) => readFileSync(join(root, path), 'utf8').trim();
  const cgroup = (path: string, controllers = '', procs = '') => {
    mkdirSync(join(root, path), { recursive: true });
    const files = [['cgroup.controllers', controllers], ['cgroup.subtree_control', ''], ['cgroup.procs', procs], ...(path === '' ? [] : [['cgroup.type', 'domain']])];
    for (const [file, text] of files) writeFileSync(join(root, path, file), text);
  };
  // the kernel takes the threaded controllers even where processes are (and the cgroups below can
  // then hold none): cgroup_vet_subtree_control_enable
  const threaded = ['cpu', 'cpuset', 'pids'];
  const kernel = (dir: string, controller: string) => {
    const own = readFileSync(join(dir, 'cgroup.controllers'), 'utf8').split(/\s+/);
    const busy = dir !== root && readFileSync(join(dir, 'cgroup.procs'), 'utf8').trim() !== '';
    if (!own.includes(controller) || (busy && !threaded.includes(controller))) throw new Error('EBUSY');
    const enabled = new Set(readFileSync(join(dir, 'cgroup.subtree_control'), 'utf8').split(/\s+/).filter(Boolean)).add(controller);
    writeFileSync(join(dir, 'cgroup.subtree_control'), [...enabled].join(' '));
    for (const child of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory())) writeFileSync(join(dir, child.name, 'cgroup.controllers'), [...enabled].join(' '));
  };
  const v2 = (top = ''): CgroupLayout => ({ mode: 'v2', v1: new Map(), unified: join(root, top), unifiedControllers: read(join(top, 'cgroup.controllers')).split(' '), swapAccounting: true });
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'berth-cgroup2-'));
    cgroup('', 'cpuset cpu io memory pids');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('takes what the parent hands down after enabling down the path, not what the root lists', () => {
    cgroup('outer');
    cgroup('outer/inner');
    const layout = delegateControllers(v2(), '/outer/inner', (dir, controller) => {
      if (dir === root && controller === 'io') throw new Error('EBUSY'); // a controller the host keeps
      kernel(dir, controller);
    });
    assert.deepEqual(layout.unifiedControllers, ['cpuset', 'cpu', 'memory', 'pids']);
    assert.equal(read('outer/cgroup.subtree_control'), 'cpuset cpu memory pids');
    assert.equal(layout.swapAccounting, false, 'no memory.swap.max in the parent: no swap accounting');
  });

  it('enables nothing where the top of the path holds processes (berthd in a container), and gives containers nothing', () => {
    cgroup('container', 'cpu memory pids', '4242\n'); // the top of the daemon's cgroup namespace
    cgroup('container/berth');
    const layout = delegateControllers(v2('container'), '/berth', (dir, c) => {
      assert.notEqual(dir, join(root, 'container'), `${c} enabled where processes are: the cgroups below could hold none`);
      kernel(dir, c);
    });
    assert.deepEqual(layout.unifiedControllers, []);
    assert.equal(controllerAvailable(layout, 'memory'), false);
    assert.equal(describeLayout(layout), `cgroup v2 (no controllers: ${join(root, 'container')} holds processes)`, 'warnings and the log say why');
  });

  it('says what it needs when the parent cannot be created', () => {
    const notADirectory = join(root, 'cgroup.procs');
    assert.throws(() => delegateControllers({ ...v2(), unified: notADirectory }, '/berth', kernel), (err: Error) => err.message.startsWith(`cannot create the containers' parent cgroup ${notADirectory}/berth: ENOTDIR`) && /berthd needs a writable cgroup2 hierarchy/.test(err.message));
  });

  it('leaves v1 and hybrid layouts alone', () => {
    const hybrid: CgroupLayout = { mode: 'hybrid', v1: new Map([['memory', '/sys/fs/cgroup/memory']]), unified: root, unifiedControllers: [], swapAccounting: true };
    assert.equal(delegateControllers(hybrid, '/berth', () => assert.fail('no writes on hybrid')), hybrid);
  });
});
