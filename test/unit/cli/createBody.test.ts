import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../../engine/src/cli/commandContext';
import { createBody, parseBytes, parseMountFlag, runFlags } from '../../../engine/src/cli/createBody';
import { parseFlags } from '../../../engine/src/cli/flagParser';
import { removeScratch, scratchDir } from '../../fixtures/scratch';

const usage = 'berth run';

describe('parseFlags', () => {
  it('stops at the image: the command keeps its own flags', () => {
    const f = parseFlags(['-it', '--rm', 'busybox', 'ls', '-la', '--color'], runFlags, usage);
    assert.deepEqual([f.booleans.get('interactive'), f.booleans.get('tty'), f.booleans.get('rm')], [true, true, true]);
    assert.deepEqual(f.positionals, ['busybox', 'ls', '-la', '--color']);
  });

  it('reads attached and separate values, grouped shorts ending in a valued one, repeated lists, aliases, --x=false', () => {
    const f = parseFlags(['-dp8080:80', '-p', '9090:90', '-eA=1', '--env', 'B=2', '--net=mynet', '--sig-proxy=false', '--name', 'web', 'img'], runFlags, usage);
    assert.equal(f.booleans.get('detach'), true);
    assert.deepEqual(f.lists.get('publish'), ['8080:80', '9090:90']);
    assert.deepEqual(f.lists.get('env'), ['A=1', 'B=2']);
    assert.equal(f.strings.get('network'), 'mynet');
    assert.equal(f.booleans.get('sig-proxy'), false);
    assert.equal(f.strings.get('name'), 'web');
    assert.deepEqual(f.positionals, ['img']);
  });

  it("names the flag in docker's words when it is unknown or lacks its value", () => {
    assert.throws(() => parseFlags(['--bogus', 'img'], runFlags, usage), (e: unknown) => e instanceof UsageError && e.message === 'unknown flag: --bogus');
    assert.throws(() => parseFlags(['-Z', 'img'], runFlags, usage), /unknown shorthand flag: 'Z'/);
    assert.throws(() => parseFlags(['--name'], runFlags, usage), /flag needs an argument: --name/);
    assert.throws(() => parseFlags(['--rm=maybe', 'img'], runFlags, usage), /invalid argument "maybe" for "--rm"/);
  });
});

/** The create body as these tests read it. */
interface Body {
  readonly [field: string]: unknown;
  readonly HostConfig: Readonly<Record<string, unknown>>;
  readonly NetworkingConfig: { readonly EndpointsConfig: unknown };
}

describe('createBody', () => {
  const body = (argv: string[], env: NodeJS.ProcessEnv = {}, detach = false) => {
    const flags = parseFlags(argv, runFlags, usage);
    const [image, ...command] = flags.positionals;
    return createBody({ flags, image: image!, command, env, usage, detach }) as Body;
  };

  it('makes the Engine API body docker run sends', () => {
    const b = body(['-it', '--rm', '--name', 'x', '-p', '127.0.0.1:8080:80/tcp', '--memory', '64m', '--cpus', '1.5', '--pids-limit', '50', '--read-only',
      '--cap-add', 'NET_ADMIN', '--init', '--restart', 'on-failure:3', '-w', '/tmp', '-u', '1000', '--entrypoint', 'sh', '-e', 'A=1', '-e', 'HOME',
      '--network', 'mynet', '--network-alias', 'db', '-v', '/srv:/srv:ro', '--tmpfs', '/run:size=1m', 'busybox', '-c', 'true'], { HOME: '/home/me' });
    assert.deepEqual([b.Image, b.Cmd, b.Entrypoint, b.Tty, b.OpenStdin, b.StdinOnce, b.AttachStdin], ['busybox', ['-c', 'true'], ['sh'], true, true, true, true]);
    assert.deepEqual(b.Env, ['A=1', 'HOME=/home/me'], '-e NAME takes the caller\'s value');
    assert.deepEqual(b.ExposedPorts, { '80/tcp': {} });
    const h = b.HostConfig;
    assert.deepEqual(h.PortBindings, { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] });
    assert.deepEqual([h.Memory, h.NanoCpus, h.PidsLimit, h.ReadonlyRootfs, h.Init, h.AutoRemove], [64 << 20, 1.5e9, 50, true, true, true]);
    assert.deepEqual(h.RestartPolicy, { Name: 'on-failure', MaximumRetryCount: 3 });
    assert.deepEqual(h.CapAdd, ['NET_ADMIN']);
    assert.deepEqual(h.Binds, ['/srv:/srv:ro']);
    assert.deepEqual(h.Tmpfs, { '/run': 'size=1m' });
    assert.equal(h.NetworkMode, 'mynet');
    assert.deepEqual(b.NetworkingConfig.EndpointsConfig, { mynet: { Aliases: ['db'] } });
  });

  it('attaches stdout and stderr but not stdin by default, nothing with -d', () => {
    const plain = body(['busybox']);
    assert.deepEqual([plain.AttachStdin, plain.AttachStdout, plain.AttachStderr, plain.Cmd], [false, true, true, null]);
    const detached = body(['-i', 'busybox'], {}, true);
    assert.deepEqual([detached.AttachStdin, detached.AttachStdout, detached.StdinOnce, detached.OpenStdin], [false, false, false, true]);
    assert.throws(() => body(['-a', 'stdout', 'busybox'], {}, true), /cannot specify both --attach and --detach/);
  });

  it('reads --env-file as docker does', () => {
    const dir = scratchDir('envfile');
    try {
      const file = join(dir, 'env');
      writeFileSync(file, '# comment\nA=1\n  B=two words\nFROM_HOST\nUNSET\n');
      assert.deepEqual(body(['--env-file', file, '-e', 'A=override', 'busybox'], { FROM_HOST: 'h' }).Env, ['A=1', 'B=two words', 'FROM_HOST=h', 'A=override']);
    } finally {
      removeScratch(dir);
    }
  });

  it('refuses --privileged', () => {
    assert.throws(() => body(['--privileged', 'busybox']), /--privileged is not supported/);
  });
});

describe('parseBytes and parseMountFlag', () => {
  it("reads docker's sizes", () => {
    assert.equal(parseBytes('512m', 'memory', usage), 512 << 20);
    assert.equal(parseBytes('1.5g', 'memory', usage), 1.5 * 1024 ** 3);
    assert.equal(parseBytes('64KB', 'memory', usage), 64 << 10);
    assert.equal(parseBytes('100', 'memory', usage), 100);
    assert.throws(() => parseBytes('lots', 'memory', usage), /invalid argument "lots" for "--memory" flag/);
  });

  it('reads --mount fields', () => {
    assert.deepEqual(parseMountFlag('type=bind,src=/a,dst=/b,readonly,bind-propagation=rslave', usage), { Type: 'bind', Source: '/a', Target: '/b', ReadOnly: true, BindOptions: { Propagation: 'rslave' } });
    assert.deepEqual(parseMountFlag('type=tmpfs,target=/t,tmpfs-size=1m,tmpfs-mode=700', usage), { Type: 'tmpfs', Source: '', Target: '/t', ReadOnly: false, TmpfsOptions: { SizeBytes: 1 << 20, Mode: 0o700 } });
    assert.deepEqual(parseMountFlag('source=data,target=/d,volume-nocopy', usage), { Type: 'volume', Source: 'data', Target: '/d', ReadOnly: false, VolumeOptions: { NoCopy: true } });
    assert.throws(() => parseMountFlag('type=bind,src=/a', usage), /target is required/);
  });
});
