// The real docker CLI against berthd: docker cp (both directions, `-` tar streams, symlink tricks
// contained), docker export, docker commit (and running the result), docker diff and
// docker container prune.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mountPoints } from '../../../engine/src/runtime/rootfsMount';
import { removeScratch, requireTool, scratchDir } from '../../fixtures/scratch';
import type { Berthd } from '../api/berthdProcess';
import { berthdWithBusybox, dockerRunner } from './dockerHarness';

describe('the docker CLI against berthd: cp, export, commit, diff, container prune', function () {
  this.timeout(120_000);
  let dir: string;
  let daemon: Berthd;
  let env: NodeJS.ProcessEnv;
  const { docker, dockerFails } = dockerRunner(() => env);
  const out = async (...args: string[]) => (await docker(...args)).stdout.trim();
  const host = () => join(dir, 'host');

  before(async () => {
    requireTool('docker', 'docker.io');
    requireTool('tar', 'tar');
    dir = scratchDir('dockerfs');
    daemon = await berthdWithBusybox(dir);
    mkdirSync(join(dir, 'docker-config'));
    env = { PATH: process.env.PATH, HOME: dir, DOCKER_HOST: daemon.host, DOCKER_CONFIG: join(dir, 'docker-config') };
    // files on the host at the paths the container's links name: no copy may read or write them
    mkdirSync(join(host(), 'some/path'), { recursive: true });
    writeFileSync(join(host(), 'some/path/test'), 'ON THE HOST');
    // moby's cp fixture, prepared by the container itself
    await docker('run', '--name', 'cpsrc', 'busybox', 'sh', '-c', [
      'mkdir -p /some/path && echo -n in-container > /some/path/test',
      'ln -s /some/path/test /container_path',
      'ln -s /some /dir_link',
      `ln -s ${host()} /hostlink`,
      'mkdir -p /tree/sub && echo one > /tree/a && echo two > /tree/sub/b',
    ].join(' && '));
  });
  after(async () => {
    await docker('rm', '-f', 'cpsrc', 'running').catch(() => undefined);
    await daemon?.stop();
    assert.equal(readFileSync(join(host(), 'some/path/test'), 'utf8'), 'ON THE HOST');
    const left = mountPoints().filter((p) => p.startsWith(dir));
    removeScratch(dir);
    assert.deepEqual(left, [], 'no mount left under the data root');
  });

  it('cp from a container: a file, a directory, its contents (src/.) and a renamed copy', async () => {
    const dst = join(dir, 'from');
    mkdirSync(dst);
    await docker('cp', 'cpsrc:/some/path/test', dst);
    assert.equal(readFileSync(join(dst, 'test'), 'utf8'), 'in-container');
    await docker('cp', 'cpsrc:/tree', dst);
    assert.equal(readFileSync(join(dst, 'tree/sub/b'), 'utf8'), 'two\n');
    await docker('cp', 'cpsrc:/tree/.', join(dst, 'contents'));
    assert.equal(readFileSync(join(dst, 'contents/a'), 'utf8'), 'one\n');
    await docker('cp', 'cpsrc:/tree/a', join(dst, 'renamed'));
    assert.equal(readFileSync(join(dst, 'renamed'), 'utf8'), 'one\n');
    assert.match((await dockerFails('cp', 'cpsrc:/nope', dst)).stderr, /Could not find the file \/nope in container cpsrc/);
  });

  it('cp keeps symlinks as links, follows them in the container with -L or a trailing /, never to the host', async () => {
    const dst = join(dir, 'links');
    mkdirSync(dst);
    await docker('cp', 'cpsrc:/container_path', dst);
    assert.equal(readlinkSync(join(dst, 'container_path')), '/some/path/test');
    await docker('cp', '-L', 'cpsrc:/container_path', join(dst, 'followed'));
    assert.equal(readFileSync(join(dst, 'followed'), 'utf8'), 'in-container');
    await docker('cp', 'cpsrc:/dir_link/', join(dst, 'dir_copy'));
    assert.equal(readFileSync(join(dst, 'dir_copy/path/test'), 'utf8'), 'in-container');
    await docker('cp', 'cpsrc:/dir_link/path/test', join(dst, 'component'));
    assert.equal(readFileSync(join(dst, 'component'), 'utf8'), 'in-container', 'moby TestCpSymlinkComponent');
    await docker('cp', 'cpsrc:../../../../../../../some/path/test', join(dst, 'garbage'));
    assert.equal(readFileSync(join(dst, 'garbage'), 'utf8'), 'in-container', 'moby TestCpGarbagePath');
    const escape = await dockerFails('cp', 'cpsrc:/hostlink/some/path/test', join(dst, 'escaped'));
    assert.match(escape.stderr, /Could not find the file/);
    assert.throws(() => lstatSync(join(dst, 'escaped')));
  });

  it('cp to a container: a file, a directory, through a linked destination, and back', async () => {
    const src = join(dir, 'to');
    mkdirSync(join(src, 'dir/inner'), { recursive: true });
    writeFileSync(join(src, 'file'), 'local file');
    writeFileSync(join(src, 'dir/inner/x'), 'deep');
    await docker('cp', join(src, 'file'), 'cpsrc:/tmp/');
    await docker('cp', join(src, 'dir'), 'cpsrc:/tmp/newdir');
    await docker('cp', join(src, 'file'), 'cpsrc:/dir_link');
    const back = join(dir, 'back');
    mkdirSync(back);
    await docker('cp', 'cpsrc:/tmp', back);
    assert.equal(readFileSync(join(back, 'tmp/file'), 'utf8'), 'local file');
    assert.equal(readFileSync(join(back, 'tmp/newdir/inner/x'), 'utf8'), 'deep');
    await docker('cp', 'cpsrc:/some/file', join(back, 'via-link'));
    assert.equal(readFileSync(join(back, 'via-link'), 'utf8'), 'local file', 'moby TestCpToSymlinkDestination: written into /some');
    assert.match((await dockerFails('cp', join(src, 'dir'), 'cpsrc:/some/path/test')).stderr, /cannot copy directory/);
  });

  it('cp with tar streams: - to stdout, - from stdin', async () => {
    const tar = execFileSync('docker', ['cp', 'cpsrc:/tree', '-'], { env, maxBuffer: 64 << 20 });
    const listing = execFileSync('tar', ['-tf', '-'], { input: tar, encoding: 'utf8' }).split('\n').filter((l) => l !== '').sort();
    assert.deepEqual(listing, ['tree/', 'tree/a', 'tree/sub/', 'tree/sub/b']);
    const upload = execFileSync('tar', ['-C', join(dir, 'to'), '-cf', '-', 'file']);
    execFileSync('docker', ['cp', '-', 'cpsrc:/root'], { env, input: upload });
    const back = execFileSync('docker', ['cp', 'cpsrc:/root/file', '-'], { env });
    assert.match(execFileSync('tar', ['-xOf', '-'], { input: back, encoding: 'utf8' }), /local file/);
  });

  it('cp refuses a tar that would climb out or write through its own symlink; the host is untouched', async () => {
    const evil = join(dir, 'evil');
    mkdirSync(evil);
    symlinkSync(host(), join(evil, 'esc'));
    mkdirSync(join(dir, 'evil-content/esc/some/path'), { recursive: true });
    writeFileSync(join(dir, 'evil-content/esc/some/path/test'), 'pwned');
    // a symlink to the host, then a file "through" it, in one archive
    const tar = execFileSync('tar', ['-cf', '-', '-C', evil, 'esc', '-C', join(dir, 'evil-content'), 'esc/some/path/test']);
    const r = (() => {
      try {
        execFileSync('docker', ['cp', '-', 'cpsrc:/tmp'], { env, input: tar, stdio: ['pipe', 'pipe', 'pipe'] });
        return '';
      } catch (err) {
        return String((err as { stderr: Buffer }).stderr);
      }
    })();
    assert.match(r, /a symlink is on the way/);
    assert.equal(readFileSync(join(host(), 'some/path/test'), 'utf8'), 'ON THE HOST');
  });

  it('export: the root filesystem as a tar', async () => {
    const tar = execFileSync('docker', ['export', 'cpsrc'], { env, maxBuffer: 256 << 20 });
    const names = execFileSync('tar', ['-tf', '-'], { input: tar, encoding: 'utf8', maxBuffer: 64 << 20 }).split('\n');
    for (const n of ['bin/busybox', 'some/path/test', 'container_path', 'tree/sub/b']) assert.ok(names.includes(n), `${n} in the export`);
    const file = join(dir, 'export.tar');
    await docker('export', '-o', file, 'cpsrc');
    assert.ok(readFileSync(file).length > 1 << 20);
  });

  it('diff: what the container changed', async () => {
    const lines = (await out('diff', 'cpsrc')).split('\n');
    for (const expected of ['A /some', 'A /some/path/test', 'A /container_path', 'A /tree/sub/b']) assert.ok(lines.includes(expected), `${expected} in\n${lines.join('\n')}`);
    assert.ok(!lines.some((l) => /\/etc\/(hosts|hostname|resolv\.conf)$/.test(l)), lines.join('\n'));
  });

  it('commit: a new image with the changes, --change and --message; it runs', async () => {
    const id = await out('commit', '-c', 'ENV FROM_COMMIT=1', '-c', 'CMD ["cat", "/some/path/test"]', '-m', 'snapshot', '-a', 'tester', 'cpsrc', 'committed:v1');
    assert.match(id, /^sha256:[0-9a-f]{64}$/);
    assert.equal(await out('run', '--rm', 'committed:v1'), 'in-container');
    assert.equal(await out('run', '--rm', 'committed:v1', 'sh', '-c', 'echo $FROM_COMMIT'), '1');
    const history = await out('history', '--format', '{{.Comment}}', 'committed:v1');
    assert.equal(history.split('\n')[0], 'snapshot');
    assert.equal(await out('inspect', '--format', '{{.Author}}', 'committed:v1'), 'tester');
    await docker('run', '-d', '--name', 'running', 'busybox', 'sh', '-c', 'echo live > /live; exec sleep 1000');
    const live = await out('commit', 'running');
    assert.equal(await out('inspect', '--format', '{{.State.Status}}', 'running'), 'running');
    assert.equal(await out('run', '--rm', live, 'cat', '/live'), 'live');
  });

  it('container prune: stopped containers go, running ones stay', async () => {
    await docker('create', '--name', 'stopped-one', '--label', 'prune=yes', 'busybox', 'true');
    await docker('create', '--name', 'stopped-two', 'busybox', 'true');
    const pruned = await out('container', 'prune', '-f', '--filter', 'label=prune=yes');
    assert.match(pruned, /Deleted Containers:\n[0-9a-f]{64}\n\nTotal reclaimed space:/);
    const names = (await out('ps', '-a', '--format', '{{.Names}}')).split('\n');
    assert.ok(!names.includes('stopped-one') && names.includes('stopped-two') && names.includes('running'), names.join(' '));
    await out('container', 'prune', '-f');
    const after = (await out('ps', '-a', '--format', '{{.Names}}')).split('\n');
    assert.deepEqual(after, ['running']);
  });
});
