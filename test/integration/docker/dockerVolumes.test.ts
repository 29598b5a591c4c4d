// The real docker CLI against berthd: volumes (create, ls, inspect, rm, prune, system df) and
// volumes under `docker run` (data outlives the container, copy-up, anonymous volumes and --rm,
// in-use refusal). busybox is written into berthd's store before it starts (no registry needed).
import * as assert from 'node:assert/strict';
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { hostNames } from '../../../engine/src/daemon/hostNames';
import { mountPoints } from '../../../engine/src/runtime/rootfsMount';
import { removeScratch, requireTool, scratchDir } from '../../fixtures/scratch';
import type { Berthd } from '../api/berthdProcess';
import { berthdWithBusybox, dockerRunner } from './dockerHarness';

describe('the docker CLI against berthd: volumes', function () {
  this.timeout(120_000);
  let dir: string;
  let daemon: Berthd;
  let env: NodeJS.ProcessEnv;
  const { docker, dockerFails } = dockerRunner(() => env);
  const out = async (...args: string[]) => (await docker(...args)).stdout.trim();

  before(async () => {
    requireTool('docker', 'docker.io');
    dir = scratchDir('dockervol');
    daemon = await berthdWithBusybox(dir);
    mkdirSync(join(dir, 'docker-config'));
    env = { PATH: process.env.PATH, HOME: dir, DOCKER_HOST: daemon.host, DOCKER_CONFIG: join(dir, 'docker-config') };
  });
  after(async () => {
    await docker('container', 'prune', '-f').catch(() => undefined);
    await docker('volume', 'prune', '-a', '-f').catch(() => undefined);
    await daemon?.stop();
    const left = mountPoints().filter((p) => p.startsWith(dir));
    removeScratch(dir);
    assert.deepEqual(left, [], 'no mount left under the data root');
  });

  it('volume create: named (labels, options) and unnamed', async () => {
    assert.equal(await out('volume', 'create', '--label', 'app=web', 'webdata'), 'webdata');
    assert.equal(await out('volume', 'create', '--driver', 'local', '--opt', 'type=tmpfs', '--opt', 'device=tmpfs', '--opt', 'o=size=8m', 'ramdisk'), 'ramdisk');
    assert.match(await out('volume', 'create'), /^[0-9a-f]{64}$/);
    assert.match((await dockerFails('volume', 'create', 'bad name')).stderr, /includes invalid characters for a local volume name/);
    assert.match((await dockerFails('volume', 'create', '-d', 'nfs-plugin', 'x1')).stderr, /plugin "nfs-plugin" not found/);
  });

  it('volume ls: the default table, -q, --filter and --format', async () => {
    const lines = (await out('volume', 'ls')).split('\n');
    assert.match(lines[0]!, /^DRIVER\s+VOLUME NAME$/);
    assert.ok(lines.some((l) => /^local\s+webdata$/.test(l)), lines.join('\n'));
    assert.deepEqual((await out('volume', 'ls', '-q', '--filter', 'label=app=web')).split('\n'), ['webdata']);
    assert.equal(await out('volume', 'ls', '--filter', 'name=ramd', '--format', '{{.Name}} {{.Driver}}'), 'ramdisk local');
  });

  it('volume inspect: Docker\'s document; a missing volume fails', async () => {
    const [doc] = JSON.parse(await out('volume', 'inspect', 'webdata')) as { Name: string; Driver: string; Mountpoint: string; Labels: Record<string, string>; Scope: string }[];
    assert.deepEqual([doc!.Name, doc!.Driver, doc!.Scope, doc!.Labels], ['webdata', 'local', 'local', { app: 'web' }]);
    assert.equal(doc!.Mountpoint, join(daemon.root, 'volumes', 'webdata', '_data'));
    assert.equal(await out('volume', 'inspect', '--format', '{{.Options.type}}', 'ramdisk'), 'tmpfs');
    const missing = await dockerFails('volume', 'inspect', 'nothing-here');
    assert.match(missing.stderr, /no such volume/i);
  });

  it('run -v name:/path: the data outlives the container and the next one sees it', async () => {
    await docker('run', '--name', 'writer', '-v', 'webdata:/data', 'busybox', 'sh', '-c', 'echo x > /data/f');
    await docker('rm', 'writer');
    assert.equal(await out('run', '--rm', '-v', 'webdata:/data', 'busybox', 'cat', '/data/f'), 'x');
    assert.equal(await out('run', '--rm', '--mount', 'type=volume,src=webdata,dst=/mnt,readonly', 'busybox', 'cat', '/mnt/f'), 'x');
    assert.match((await dockerFails('run', '--rm', '-v', 'webdata:/data:ro', 'busybox', 'touch', '/data/g')).stderr, /Read-only file system/);
  });

  it('run -v creates a named volume on first use; a tmpfs volume mounts per its options', async () => {
    assert.equal(await out('run', '--rm', '-v', 'fresh-vol:/data', 'busybox', 'sh', '-c', 'ls -A /data | wc -l'), '0');
    assert.equal(await out('volume', 'ls', '-q', '--filter', 'name=fresh-vol'), 'fresh-vol');
    assert.equal(await out('run', '--rm', '-v', 'ramdisk:/ram', 'busybox', 'sh', '-c', 'grep " /ram " /proc/mounts | cut -d" " -f3'), 'tmpfs');
  });

  it('volume rm refuses a volume in use (409), removes it once the container is gone', async () => {
    await docker('create', '--name', 'holder', '-v', 'webdata:/data', 'busybox', 'true');
    const busy = await dockerFails('volume', 'rm', 'webdata');
    assert.match(busy.stderr, /Error response from daemon: remove webdata: volume is in use - \[[0-9a-f]{64}\]/);
    await docker('rm', 'holder');
    assert.equal(await out('volume', 'rm', 'webdata'), 'webdata');
    assert.match((await dockerFails('volume', 'rm', 'webdata')).stderr, /no such volume/);
  });

  it('anonymous volumes: one per image VOLUME, with the image\'s content; --rm takes them, rm -v too, rm alone keeps them', async () => {
    const before = (await out('volume', 'ls', '-q')).split('\n').filter((l) => l !== '');
    await docker('run', '--rm', 'busybox', 'sh', '-c', 'echo hi > /var/cache/app/x');
    assert.deepEqual((await out('volume', 'ls', '-q')).split('\n').filter((l) => l !== '').sort(), before.sort(), '--rm removed the anonymous volume');
    await docker('run', '--name', 'anon', 'busybox', 'true');
    const [mount] = JSON.parse(await out('inspect', '--format', '{{json .Mounts}}', 'anon')) as { Type: string; Name: string; Destination: string }[];
    assert.deepEqual([mount!.Type, mount!.Destination], ['volume', '/var/cache/app']);
    await docker('rm', 'anon');
    assert.ok((await out('volume', 'ls', '-q')).split('\n').includes(mount!.Name), 'docker rm without -v keeps it');
    await docker('run', '--name', 'anon2', 'busybox', 'true');
    const name2 = (JSON.parse(await out('inspect', '--format', '{{json .Mounts}}', 'anon2')) as { Name: string }[])[0]!.Name;
    await docker('rm', '-v', 'anon2');
    assert.ok(!(await out('volume', 'ls', '-q')).split('\n').includes(name2), 'docker rm -v removes it');
    await docker('run', '--name', 'anon3', '-v', '/scratch', 'busybox', 'true');
    const targets = (JSON.parse(await out('inspect', '--format', '{{json .Mounts}}', 'anon3')) as { Type: string; Destination: string }[]).map((m) => `${m.Type} ${m.Destination}`).sort();
    assert.deepEqual(targets, ['volume /scratch', 'volume /var/cache/app'], '-v /path is an anonymous volume too');
    await docker('rm', '-v', 'anon3');
    assert.deepEqual((await out('volume', 'ls', '-q')).split('\n').filter((l) => l !== '').sort(), [...before, mount!.Name].sort());
  });

  it('volume prune: anonymous volumes only, or every unused one with -a', async () => {
    await docker('volume', 'create', 'keep-me');
    await docker('create', '--name', 'leaves-one', 'busybox', 'true');
    const anonymous = (JSON.parse(await out('inspect', '--format', '{{json .Mounts}}', 'leaves-one')) as { Name: string }[])[0]!.Name;
    await docker('rm', 'leaves-one');
    const pruned = await out('volume', 'prune', '-f');
    assert.match(pruned, new RegExp(`Deleted Volumes:\n(.*\n)*${anonymous}\n`));
    assert.match(pruned, /Total reclaimed space: /);
    assert.ok((await out('volume', 'ls', '-q')).split('\n').includes('keep-me'), 'a named volume survives a prune without -a');
    const all = await out('volume', 'prune', '-a', '-f');
    assert.match(all, /Deleted Volumes:\n(.*\n)*keep-me/);
    assert.equal(await out('volume', 'ls', '-q'), '');
  });

  it('leaves nothing behind after many run --rm cycles with named, anonymous, tmpfs-driver volumes and tmpfs mounts, and copies', async () => {
    const baseline = mountPoints().length;
    for (let i = 0; i < 15; i++) {
      await docker('run', '--rm', '-v', 'cycle:/d', '-v', '/anon', '--mount', 'type=volume,dst=/t,volume-opt=type=tmpfs,volume-opt=device=tmpfs',
        '--tmpfs', '/tt', 'busybox', 'sh', '-c', `echo ${i} > /d/n && echo x > /t/x && grep -q " /t tmpfs " /proc/mounts`);
      await docker('create', '--name', `cp${i}`, '-v', 'cycle:/d', 'busybox', 'true');
      await docker('cp', `cp${i}:/d/n`, join(dir, `n${i}`));
      await docker('rm', '-v', `cp${i}`);
    }
    assert.equal(await out('run', '--rm', '-v', 'cycle:/d', 'busybox', 'cat', '/d/n'), '14');
    assert.deepEqual((await out('volume', 'ls', '-q', '--filter', 'dangling=true')).split('\n').filter((n) => /^[0-9a-f]{64}$/.test(n)), [], 'no anonymous volume left');
    assert.equal(mountPoints().length, baseline, 'no mount left (volumes, tmpfs, copy-up views, container roots)');
    const execRoot = hostNames(daemon.root).execRoot;
    assert.deepEqual(readdirSync(join(execRoot, 'volume-copyup')), []);
    await docker('volume', 'rm', 'cycle');
  });

  it('system df counts volumes', async () => {
    await docker('volume', 'create', 'counted');
    await docker('run', '--rm', '-v', 'counted:/d', 'busybox', 'sh', '-c', 'dd if=/dev/zero of=/d/blob bs=1024 count=100 2>/dev/null');
    const { stdout } = await docker('system', 'df');
    assert.match(stdout, /Local Volumes\s+1\s+0\s+10\d(\.\d)?kB\s+10\d(\.\d)?kB \(100%\)/);
    await docker('volume', 'rm', 'counted');
  });
});
