// dist/berth.js run as a program goes through its shell launcher (scripts/build.mjs, cliLauncher):
// the CLI's Node starts without NODE_EXTRA_CA_CERTS (no certificate bundle parsed before every
// command), and the processes the command starts, berthd above all, get the variable back. A
// certificate file that does not exist makes Node say on stderr whether it tried to load one.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { removeScratch, requireRoot, scratchDir } from '../../fixtures/scratch';
import { berthScript } from '../api/berthdProcess';

interface Result { stdout: string; stderr: string; code: number }

function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<Result> {
  return new Promise((resolve) => {
    execFile(file, [...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ stdout, stderr, code: err ? (typeof err.code === 'number' ? err.code : -1) : 0 });
    });
  });
}

/** Node's startup warning for an extra certificate file it tried and failed to load. */
const loadedCerts = /Ignoring extra certs from/;

/** The environment of process `pid`, as name → value. */
function environOf(pid: number): Map<string, string> {
  const entries = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter((e) => e.length > 0);
  return new Map(entries.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
}

describe('berth CLI launcher', function () {
  this.timeout(120_000);
  let dir: string;
  let missingCerts: string;
  let dockerfile: string;
  let env: NodeJS.ProcessEnv;

  before(() => {
    dir = scratchDir('launcher');
    missingCerts = join(dir, 'no such dir', 'extra ca.pem');
    mkdirSync(join(dir, 'a folder'));
    dockerfile = join(dir, 'a folder', "it's a Dockerfile");
    writeFileSync(dockerfile, 'FROM busybox\nMAINTAINER someone\n');
    env = { PATH: process.env.PATH, HOME: dir, XDG_CACHE_HOME: join(dir, 'cache'), NODE_EXTRA_CA_CERTS: missingCerts };
  });

  after(() => removeScratch(dir));

  it('starts Node without the extra certificates, from the file or a symlink to it, arguments intact', async () => {
    // the probe works: Node itself, given the script, loads them
    const direct = await run(process.execPath, [berthScript, 'check', dockerfile], env);
    assert.match(direct.stderr, loadedCerts);
    assert.match(direct.stdout, /DL4000/);

    const launched = await run(berthScript, ['check', dockerfile], env);
    assert.doesNotMatch(launched.stderr, loadedCerts);
    assert.equal(launched.stdout, direct.stdout, 'the same diagnostics for a path with spaces and a quote');
    assert.equal(launched.code, direct.code);

    // npm installs bins as symlinks in node_modules/.bin, and runs them through PATH
    mkdirSync(join(dir, 'bin'));
    symlinkSync(berthScript, join(dir, 'bin', 'berth'));
    const linked = await run('berth', ['check', '--format', 'json', dockerfile], { ...env, PATH: `${join(dir, 'bin')}:${process.env.PATH}` });
    assert.equal(linked.code, direct.code, linked.stderr);
    assert.doesNotMatch(linked.stderr, loadedCerts);
    assert.match(linked.stdout, /"rule": "MaintainerDeprecated"/);

    // without the variable the launcher adds nothing to the environment
    const plain = await run(berthScript, ['check', dockerfile], { ...env, NODE_EXTRA_CA_CERTS: undefined });
    assert.equal(plain.stdout, direct.stdout);
    assert.equal(plain.stderr, '');
  });

  it('gives the variable back to the daemon it starts', async () => {
    requireRoot();
    const args = ['--host', `unix://${join(dir, 'own', 'run', 'berth.sock')}`, '--root', join(dir, 'own', 'root')];
    const started = await run(berthScript, [...args, 'engine', 'start'], env);
    assert.equal(started.code, 0, started.stderr);
    try {
      assert.doesNotMatch(started.stderr, loadedCerts);
      const pid = Number(/berthd started \(pid (\d+)\)/.exec(started.stdout)?.[1]);
      assert.ok(pid > 0, started.stdout);
      const daemonEnv = environOf(pid);
      assert.equal(daemonEnv.get('NODE_EXTRA_CA_CERTS'), missingCerts);
      assert.equal(daemonEnv.has('BERTH_NODE_EXTRA_CA_CERTS'), false);
      // berthd, which does the registry work, did load them
      assert.match(readFileSync(join(dir, 'own', 'root', 'berthd.log'), 'utf8'), loadedCerts);
    } finally {
      const stopped = await run(berthScript, [...args, 'engine', 'stop'], env);
      assert.equal(stopped.code, 0, stopped.stderr);
    }
    // a stray copy of the launcher's variable, with no NODE_EXTRA_CA_CERTS of the user's: nothing to give back
    const stray = await run(berthScript, [...args, 'engine', 'start'], { ...env, NODE_EXTRA_CA_CERTS: undefined, BERTH_NODE_EXTRA_CA_CERTS: missingCerts });
    assert.equal(stray.code, 0, stray.stderr);
    try {
      const daemonEnv = environOf(Number(/berthd started \(pid (\d+)\)/.exec(stray.stdout)?.[1]));
      assert.equal(daemonEnv.has('NODE_EXTRA_CA_CERTS'), false);
      assert.equal(daemonEnv.has('BERTH_NODE_EXTRA_CA_CERTS'), false);
    } finally {
      await run(berthScript, [...args, 'engine', 'stop'], env);
    }
  });

  it('the CLI bundle makes no TLS connection of its own', () => {
    // what lets the launcher drop the certificates: registry traffic is berthd's
    const bundle = readFileSync(join(berthScript, '..', 'berthCli.js'), 'utf8');
    assert.doesNotMatch(bundle, /require\("(node:)?(tls|https|http2)"\)/);
  });
});
