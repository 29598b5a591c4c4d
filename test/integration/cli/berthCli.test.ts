// berth's own verbs end to end: dist/berth.js against a real berthd and a real docker-registry
// with htpasswd auth (login, push, pull, search, logout), archives, system check/repair, and the
// engine's lifecycle (start, status, stop, start on demand).
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startDockerRegistry, type DockerRegistry } from '../../fixtures/registry/dockerRegistry';
import { removeScratch, requireTool, scratchDir } from '../../fixtures/scratch';
import { berthScript, startBerthd, type Berthd } from '../api/berthdProcess';


interface Result { stdout: string; stderr: string; code: number }

/** Pids of the berthd processes running on `root`. */
function daemonsOn(root: string): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).filter((pid) => {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      return argv.some((a) => a.endsWith('berthd.js')) && argv.includes(root);
    } catch {
      return false; // gone meanwhile
    }
  }).map(Number);
}

describe('berth CLI', function () {
  this.timeout(120_000);
  let dir: string;
  let daemon: Berthd;
  let registry: DockerRegistry;
  let env: NodeJS.ProcessEnv;
  let rootfs: string;

  async function berth(args: string[], options: { input?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Result> {
    const child = execFile(process.execPath, [berthScript, ...args], { env: options.env ?? env, maxBuffer: 64 << 20 });
    if (options.input !== undefined) child.stdin!.end(options.input);
    else child.stdin!.end();
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    const code = await new Promise<number>((resolve) => child.once('close', (c) => resolve(c ?? -1)));
    return { stdout, stderr, code };
  }

  async function ok(args: string[], options?: { input?: string; env?: NodeJS.ProcessEnv }): Promise<string> {
    const r = await berth(args, options);
    assert.equal(r.code, 0, `berth ${args.join(' ')} exited ${r.code}:\n${r.stderr}${r.stdout}`);
    return r.stdout;
  }

  before(async () => {
    requireTool('docker-registry', 'docker-registry');
    dir = scratchDir('berthcli');
    registry = await startDockerRegistry(join(dir, 'registry'), { htpasswd: { alice: 'wonderland' } });
    daemon = await startBerthd(dir);
    mkdirSync(join(dir, 'docker-config'));
    env = { PATH: process.env.PATH, HOME: dir, BERTH_HOST: daemon.host, DOCKER_CONFIG: join(dir, 'docker-config') };
    rootfs = join(dir, 'rootfs');
    mkdirSync(join(rootfs, 'etc'), { recursive: true });
    writeFileSync(join(rootfs, 'etc', 'motd'), 'hello from berth\n');
  });
  after(async () => {
    await daemon?.kill();
    await registry?.stop();
    removeScratch(dir);
  });

  it('version and info describe the engine; --format applies templates', async () => {
    assert.match(await ok(['version']), /Server: Berth Engine\n Version:\s+0\.1\.0\n API version:\s+1\.47 \(minimum version 1\.40\)/);
    assert.equal((await ok(['version', '--format', '{{.Server.ApiVersion}}'])).trim(), '1.47');
    assert.match(await ok(['info']), /Storage Driver: overlayfs/);
    assert.equal((await ok(['info', '--format', '{{.DockerRootDir}}'])).trim(), daemon.root);
  });

  it('import: a directory and a tar on stdin become images; --change and --message apply', async () => {
    const id = (await ok(['import', '--change', 'CMD ["/bin/sh"]', '--message', 'from a dir', rootfs, 'local/dir:1'])).trim();
    assert.match(id, /^sha256:[0-9a-f]{64}$/);
    const tar = execFileSync('tar', ['-C', rootfs, '-cf', '-', '.']);
    const fromStdin = execFileSync(process.execPath, [berthScript, 'import', '-', 'local/tar:1'], { env, input: tar, encoding: 'utf8' }).trim();
    assert.match(fromStdin, /^sha256:[0-9a-f]{64}$/);
    assert.equal((await ok(['inspect', '--format', '{{json .Config.Cmd}} {{.Comment}}', 'local/dir:1'])).trim(), '["/bin/sh"] from a dir');
  });

  it('images: the default table, templates, json lines and quiet IDs', async () => {
    const table = await ok(['images']);
    assert.match(table, /^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE\n/);
    assert.match(table, /^local\/dir\s+1\s+[0-9a-f]{12}\s+(Less than a second|\d+ seconds?) ago\s+[\d.]+k?B$/m);
    assert.deepEqual((await ok(['images', '--format', '{{.Repository}}:{{.Tag}}'])).trim().split('\n').sort(), ['local/dir:1', 'local/tar:1']);
    const rows = (await ok(['images', '--format', 'json', 'local/dir'])).trim().split('\n').map((l) => JSON.parse(l) as { Repository: string; Tag: string; ID: string });
    assert.deepEqual(rows.map((r) => `${r.Repository}:${r.Tag}`), ['local/dir:1']);
    assert.equal((await ok(['images', '-q', 'local/dir'])).trim(), rows[0]!.ID);
    const bad = await berth(['images', '--format', '{{.Nope}}']);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /can't evaluate field Nope/);
  });

  it('tag, inspect and history', async () => {
    await ok(['tag', 'local/dir:1', 'local/dir:2']);
    const [doc] = JSON.parse(await ok(['inspect', 'local/dir:2'])) as { RepoTags: string[] }[];
    assert.deepEqual(doc!.RepoTags, ['local/dir:1', 'local/dir:2']);
    const history = await ok(['history', 'local/dir:1']);
    assert.match(history, /^IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT\n[0-9a-f]{12}\s+.*from a dir$/m);
    const missing = await berth(['inspect', 'nothing:here']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No such object: nothing:here/); // docker's words: inspect looks at containers, images and networks
  });

  it('login, push, pull, search and logout against an htpasswd registry', async () => {
    const wrong = await berth(['login', '-u', 'alice', '--password-stdin', registry.host], { input: 'nope\n' });
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /Error response from daemon: .*401/);
    assert.match(await ok(['login', '-u', 'alice', '--password-stdin', registry.host], { input: 'wonderland\n' }), /Login Succeeded/);
    const config = JSON.parse(readFileSync(join(dir, 'docker-config', 'config.json'), 'utf8')) as { auths: Record<string, { auth: string }> };
    assert.equal(Buffer.from(config.auths[registry.host]!.auth, 'base64').toString(), 'alice:wonderland');

    await ok(['tag', 'local/dir:1', `${registry.host}/team/app:1`]);
    const push = await ok(['push', `${registry.host}/team/app:1`]);
    assert.match(push, new RegExp(`The push refers to repository \\[${registry.host}/team/app\\]`));
    assert.match(push, /: Pushed\n/);
    assert.match(push, /1: digest: sha256:[0-9a-f]{64} size: \d+/);
    assert.doesNotMatch(push, /\u001b\[/, 'no terminal escapes when stdout is not a terminal');

    await ok(['rmi', `${registry.host}/team/app:1`]);
    const pull = await ok(['pull', `${registry.host}/team/app:1`]);
    assert.match(pull, /(Pull complete|Already exists)\n/);
    assert.match(pull, new RegExp(`Status: Downloaded newer image for ${registry.host}/team/app:1\n${registry.host}/team/app:1\n$`));
    assert.equal((pull.match(/Downloading/g) ?? []).length <= 1, true, 'one line per status, not per byte count');

    const search = await ok(['search', `${registry.host}/team`]);
    assert.match(search, /^NAME\s+DESCRIPTION\s+STARS\s+OFFICIAL\n/);
    assert.match(search, new RegExp(`^${registry.host}/team/app\\s+0`, 'm'));
    assert.equal((await ok(['search', '--format', '{{.Name}}', `${registry.host}/nothing`])).trim(), '');

    assert.match(await ok(['logout', registry.host]), new RegExp(`Removing login credentials for ${registry.host}`));
    const anonymous = await berth(['pull', `${registry.host}/team/app:1`]);
    assert.equal(anonymous.code, 1);
    assert.match(anonymous.stderr, /Error response from daemon: .*(UNAUTHORIZED|401|authentication required)/);
  });

  it('draws progress bars when stdout is a terminal', async function () {
    requireTool('script', 'bsdutils');
    await ok(['login', '-u', 'alice', '--password-stdin', registry.host], { input: 'wonderland\n' });
    await ok(['rmi', `${registry.host}/team/app:1`]);
    await ok(['rmi', 'local/dir:1', 'local/dir:2']);
    const command = `stty rows 40 cols 120; ${process.execPath} ${berthScript} pull ${registry.host}/team/app:1`;
    const out = execFileSync('script', ['-qec', command, '/dev/null'], { env: { ...env, TERM: 'xterm', COLUMNS: '120', LINES: '40' }, encoding: 'utf8' });
    assert.match(out, /\u001b\[/, 'log-update drew in place');
    assert.match(out, /Pull complete/);
    await ok(['tag', `${registry.host}/team/app:1`, 'local/dir:1']);
  });

  it('save and load through files and pipes', async () => {
    const archive = join(dir, 'dir.tar');
    await ok(['save', '-o', archive, 'local/dir:1']);
    assert.ok(readdirSync(dir).every((n) => !n.endsWith('.berth-partial')));
    await ok(['rmi', 'local/dir:1']);
    assert.match(await ok(['load', '-i', archive]), /Loaded image: local\/dir:1/);
    const piped = execFileSync('sh', ['-c', `${process.execPath} ${berthScript} save local/dir:1 | ${process.execPath} ${berthScript} load`], { env, encoding: 'utf8' });
    assert.match(piped, /Loaded image: local\/dir:1/);
    const missing = await berth(['save', '-o', join(dir, 'none.tar'), 'nothing:here']);
    assert.equal(missing.code, 1);
    assert.equal(existsSync(join(dir, 'none.tar')), false);
  });

  it('system df, image prune, rmi', async () => {
    assert.match(await ok(['system', 'df']), /^Images\s+\d+\s+0\s+/m);
    assert.match(await ok(['image', 'prune', '-f']), /Total reclaimed space: 0B/);
    assert.match(await ok(['rmi', 'local/tar:1']), /Untagged: local\/tar:1\nDeleted: sha256:/);
    const missing = await berth(['rmi', 'local/tar:1']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Error response from daemon: No such image: local\/tar:1/);
  });

  it('system check reports a damaged blob and --repair fixes the store', async () => {
    assert.match(await ok(['system', 'check']), /store is healthy/);
    const id = (await ok(['inspect', '--format', '{{json .RootFS.Layers}}', 'local/dir:1'])).trim();
    assert.ok(id.length > 0);
    const blobs = join(daemon.root, 'content', 'blobs', 'sha256');
    const victim = readdirSync(blobs).map((n) => join(blobs, n)).sort((a, b) => readFileSync(b).length - readFileSync(a).length)[0]!;
    writeFileSync(victim, 'corrupted');
    const check = await berth(['system', 'check']);
    assert.equal(check.code, 1);
    assert.match(check.stdout, /blob sha256:[0-9a-f]{64}: content hashes to sha256:[0-9a-f]{64}; --repair would delete it/);
    const repair = await ok(['system', 'check', '--repair']);
    assert.match(repair, /^fixed blob sha256:/m);
    assert.match(await ok(['system', 'check']), /store is healthy/);
  });

  it('usage mistakes exit 2 with the usage line', async () => {
    const r = await berth(['tag', 'only-one']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /berth: requires at least 2 arguments\nusage: berth tag SOURCE_IMAGE/);
    assert.equal((await berth(['frobnicate'])).code, 2);
  });

  it('engine start|status|stop manage a detached daemon, and the CLI starts one on demand', async () => {
    const own = { PATH: process.env.PATH, HOME: dir, DOCKER_CONFIG: join(dir, 'docker-config') };
    const socket = join(dir, 'own', 'run', 'berth.sock');
    const args = ['--host', `unix://${socket}`, '--root', join(dir, 'own', 'root')];
    const status = await berth([...args, 'engine', 'status'], { env: own });
    assert.equal(status.code, 3);
    assert.match(status.stdout, /berthd is not running/);
    assert.match(await ok([...args, 'engine', 'start'], { env: own }), /berthd started \(pid \d+\), listening on unix:\/\//);
    assert.match(await ok([...args, 'engine', 'start'], { env: own }), /already running/);
    assert.match(await ok([...args, 'engine', 'status'], { env: own }), /berthd is running \(pid \d+\), API 1\.47/);
    assert.match(await ok([...args, 'engine', 'stop'], { env: own }), /berthd stopped/);
    assert.equal(existsSync(socket), false);
    assert.match(readFileSync(join(dir, 'own', 'root', 'berthd.log'), 'utf8'), /received SIGTERM, shutting down/);
    // on demand: the first command starts it
    const images = await berth([...args, 'images'], { env: own });
    assert.equal(images.code, 0, images.stderr);
    assert.match(images.stderr, /starting berthd/);
    assert.match(images.stdout, /^REPOSITORY/);
    assert.match(await ok([...args, 'engine', 'stop'], { env: own }), /berthd stopped/);
    // several commands at once: one starts the daemon, the others wait for it; none fails
    const together = await Promise.all([1, 2, 3, 4].map(() => berth([...args, 'images'], { env: own })));
    for (const r of together) assert.equal(r.code, 0, r.stderr);
    assert.match(await ok([...args, 'engine', 'stop'], { env: own }), /berthd stopped/);
    assert.deepEqual(daemonsOn(join(dir, 'own', 'root')), [], 'no second daemon outlives the stop');
    // someone else's engine (DOCKER_HOST) is never started
    const foreign = await berth(['images'], { env: { ...own, DOCKER_HOST: `unix://${join(dir, 'nobody.sock')}` } });
    assert.equal(foreign.code, 1);
    assert.match(foreign.stderr, /cannot connect to the engine at unix:\/\/.*nobody\.sock/);
    assert.equal(existsSync(join(dir, 'nobody.sock')), false);
  });
});
