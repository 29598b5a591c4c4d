// berth's volume and container-filesystem verbs end to end (dist/berth.js against a real berthd):
// volume create/ls/inspect/rm/prune, cp both ways (and `-` tar streams), export, diff, commit and
// container prune. Containers are made through the API directly, so only these verbs are under test.
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeScratch, scratchDir } from '../../fixtures/scratch';
import { apiRequest } from '../api/apiRequest';
import { berthScript, type Berthd } from '../api/berthdProcess';
import { berthdWithBusybox } from '../docker/dockerHarness';

interface Result { stdout: string; stderr: string; code: number }

describe('berth CLI: volumes, cp, export, diff, commit, container prune', function () {
  this.timeout(120_000);
  let dir: string;
  let daemon: Berthd;
  let env: NodeJS.ProcessEnv;
  let container: string;

  async function berth(args: string[], input?: string | Buffer): Promise<Result & { raw: Buffer }> {
    const child = execFile(process.execPath, [berthScript, ...args], { env, maxBuffer: 64 << 20, encoding: 'buffer' });
    child.stdin!.end(input);
    const parts: Buffer[] = [];
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => parts.push(c));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number>((resolve) => child.once('close', (c) => resolve(c ?? -1)));
    const raw = Buffer.concat(parts);
    return { stdout: raw.toString(), stderr, code, raw };
  }

  async function ok(args: string[], input?: string | Buffer): Promise<string> {
    const r = await berth(args, input);
    assert.equal(r.code, 0, `berth ${args.join(' ')} exited ${r.code}:\n${r.stderr}${r.stdout}`);
    return r.stdout;
  }

  /** POST /containers/create, start, wait: a stopped container that ran `script`. */
  async function ran(script: string, extra: Record<string, unknown> = {}): Promise<string> {
    const created = await apiRequest(daemon.socket, 'POST', '/v1.47/containers/create', JSON.stringify({ Image: 'busybox', Cmd: ['sh', '-c', script], HostConfig: { NetworkMode: 'none' }, ...extra }), { 'Content-Type': 'application/json' });
    assert.equal(created.status, 201, created.body.toString());
    const { Id } = created.json() as { Id: string };
    assert.equal((await apiRequest(daemon.socket, 'POST', `/v1.47/containers/${Id}/start`)).status, 204);
    const waited = (await apiRequest(daemon.socket, 'POST', `/v1.47/containers/${Id}/wait`)).json() as { StatusCode: number };
    assert.equal(waited.StatusCode, 0);
    return Id;
  }

  before(async () => {
    dir = scratchDir('berthfs');
    daemon = await berthdWithBusybox(dir);
    env = { PATH: process.env.PATH, HOME: dir, BERTH_HOST: daemon.host };
    container = await ran('mkdir -p /data/sub && echo hello > /data/sub/f && ln -s /data/sub /link && rm /etc/group');
  });
  after(async () => {
    await daemon?.stop();
    removeScratch(dir);
  });

  it('volume create, ls, inspect, rm', async () => {
    assert.equal((await ok(['volume', 'create', '--label', 'team=a', 'vol-a'])).trim(), 'vol-a');
    assert.match((await ok(['volume', 'create'])).trim(), /^[0-9a-f]{64}$/);
    // the image's VOLUME gave the container an anonymous volume; `volume create` with no name one more
    assert.match(await ok(['volume', 'ls']), /^DRIVER\s+VOLUME NAME\n(local\s+[0-9a-f]{64}\n){2}local\s+vol-a\n$/);
    assert.equal((await ok(['volume', 'ls', '-q', '--filter', 'label=team=a'])).trim(), 'vol-a');
    assert.equal((await ok(['volume', 'inspect', '--format', '{{.Name}} {{.Labels.team}}', 'vol-a'])).trim(), 'vol-a a');
    const missing = await berth(['volume', 'inspect', 'nope-nope']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No such volume: nope-nope/);
    assert.equal((await ok(['volume', 'rm', 'vol-a'])).trim(), 'vol-a');
    const again = await berth(['volume', 'rm', 'vol-a']);
    assert.deepEqual([again.code, again.stderr], [1, 'Error response from daemon: get vol-a: no such volume\n']);
  });

  it('volume prune asks first; -f prunes; -a takes named volumes too', async () => {
    await ok(['volume', 'create', 'named-one']);
    const declined = await ok(['volume', 'prune'], 'n\n');
    assert.match(declined, /WARNING! This will remove anonymous local volumes not used by at least one container\.\nAre you sure you want to continue\? \[y\/N\] $/);
    assert.match(await ok(['volume', 'ls', '-q']), /named-one/);
    assert.match(await ok(['volume', 'prune', '-a'], 'y\n'), /Deleted Volumes:\n(.*\n)*named-one\n/);
    const inUse = ((await apiRequest(daemon.socket, 'GET', `/v1.47/containers/${container}/json`)).json() as { Mounts: { Name: string }[] }).Mounts.map((m) => m.Name);
    assert.deepEqual((await ok(['volume', 'ls', '-q'])).trim().split('\n'), inUse, 'only the volume a container uses is left');
  });

  it('cp out of a container: into a directory, renamed, as a tar on stdout; a link stays a link', async () => {
    const dst = join(dir, 'out');
    mkdirSync(dst);
    const r = await berth(['cp', `${container}:/data`, dst]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^Successfully copied \d+B to /);
    assert.equal(readFileSync(join(dst, 'data/sub/f'), 'utf8'), 'hello\n');
    await ok(['cp', '-q', `${container}:/data/sub/f`, join(dst, 'renamed')]);
    assert.equal(readFileSync(join(dst, 'renamed'), 'utf8'), 'hello\n');
    await ok(['cp', `${container}:/link`, dst]);
    assert.equal(readlinkSync(join(dst, 'link')), '/data/sub');
    const tar = (await berth(['cp', `${container}:/data/sub`, '-'])).raw;
    assert.deepEqual(execFileSync('tar', ['-tf', '-'], { input: tar, encoding: 'utf8' }).split('\n').filter((l) => l !== ''), ['sub/', 'sub/f']);
  });

  it('cp into a container: a file, a directory, a tar from stdin; usage errors are docker\'s', async () => {
    const src = join(dir, 'in');
    mkdirSync(join(src, 'dir'), { recursive: true });
    writeFileSync(join(src, 'file'), 'from the host');
    writeFileSync(join(src, 'dir/x'), 'x');
    await ok(['cp', join(src, 'file'), `${container}:/tmp/copied`]);
    await ok(['cp', join(src, 'dir'), `${container}:/link`]);
    await ok(['cp', '-', `${container}:/tmp`], execFileSync('tar', ['-C', src, '-cf', '-', 'file']));
    const back = join(dir, 'back');
    mkdirSync(back);
    await ok(['cp', `${container}:/tmp/copied`, back]);
    assert.equal(readFileSync(join(back, 'copied'), 'utf8'), 'from the host');
    await ok(['cp', `${container}:/data/sub/dir/x`, join(back, 'x')]);
    assert.equal(readFileSync(join(back, 'x'), 'utf8'), 'x', 'copied through /link into /data/sub');
    const both = await berth(['cp', 'a:/x', 'b:/y']);
    assert.deepEqual([both.code, both.stderr.split('\n')[0]], [2, 'berth: copying between containers is not supported']);
    const neither = await berth(['cp', '/x', '/y']);
    assert.match(neither.stderr, /must specify at least one container source/);
  });

  it('export, diff, commit', async () => {
    const tar = (await berth(['export', container])).raw;
    const names = execFileSync('tar', ['-tf', '-'], { input: tar, encoding: 'utf8', maxBuffer: 64 << 20 }).split('\n');
    assert.ok(names.includes('data/sub/f') && names.includes('bin/busybox'));
    const diff = (await ok(['diff', container])).split('\n');
    for (const line of ['A /data', 'A /data/sub/f', 'A /link', 'C /etc', 'D /etc/group']) assert.ok(diff.includes(line), `${line} in\n${diff.join('\n')}`);
    const id = (await ok(['commit', '-c', 'CMD ["cat", "/data/sub/f"]', '-m', 'from berth', container, 'berth-committed:1'])).trim();
    assert.match(id, /^sha256:[0-9a-f]{64}$/);
    const next = await ran('test "$(cat /data/sub/f)" = hello && test ! -e /etc/group', { Image: 'berth-committed:1' });
    assert.match(next, /^[0-9a-f]{64}$/);
  });

  it('container prune removes stopped containers', async () => {
    const pruned = await ok(['container', 'prune', '-f']);
    assert.match(pruned, new RegExp(`Deleted Containers:\\n(.*\\n)*${container}\\n`));
    const list = (await apiRequest(daemon.socket, 'GET', '/v1.47/containers/json?all=1')).json() as unknown[];
    assert.deepEqual(list, []);
  });
});
