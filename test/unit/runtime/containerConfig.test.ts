import * as assert from 'node:assert/strict';
import { buildConfig, mergeEnv, pathAndArgs, processEnv, resolveCommand } from '../../../engine/src/runtime/containerConfig';
import type { Image } from '../../../engine/src/image/image';

const image = { reference: 'img', image: {} as Image };

describe('resolveCommand', () => {
  const img = { Entrypoint: ['/entry'], Cmd: ['default'] };
  it("keeps the image's entrypoint and command unless overridden", () => {
    assert.deepEqual(resolveCommand(img, {}), { entrypoint: ['/entry'], cmd: ['default'] });
    assert.deepEqual(resolveCommand(img, { cmd: ['x'] }), { entrypoint: ['/entry'], cmd: ['x'] });
  });
  it("an overridden entrypoint drops the image's command", () => {
    assert.deepEqual(resolveCommand(img, { entrypoint: ['/other'] }), { entrypoint: ['/other'], cmd: [] });
    assert.deepEqual(resolveCommand(img, { entrypoint: ['/other'], cmd: ['y'] }), { entrypoint: ['/other'], cmd: ['y'] });
  });
  it('an empty entrypoint (--entrypoint "") clears it and keeps the command', () => {
    assert.deepEqual(resolveCommand(img, { entrypoint: [''] }), { entrypoint: [], cmd: ['default'] });
    assert.deepEqual(resolveCommand(img, { entrypoint: [], cmd: ['z'] }), { entrypoint: [], cmd: ['z'] });
  });
});

describe('buildConfig', () => {
  it('merges env (user wins), defaults hostname, working dir and stop signal', () => {
    const c = buildConfig('0123456789abcdef'.repeat(4), { Env: ['A=1', 'B=2'], WorkingDir: '/w', StopSignal: 'SIGQUIT', Cmd: ['sh'] }, { image, env: ['B=3', 'C=4', 'NOVALUE'] });
    assert.deepEqual(c.env, ['A=1', 'B=3', 'C=4']);
    assert.equal(c.hostname, '0123456789ab');
    assert.equal(c.workingDir, '/w');
    assert.equal(c.stopSignal, 'SIGQUIT');
    assert.equal(c.stopTimeout, 10);
  });
  it('refuses a container with nothing to run', () => {
    assert.throws(() => buildConfig('f'.repeat(64), {}, { image }), /no command specified/);
  });
  it("Path and Args are Docker's split of entrypoint + cmd", () => {
    assert.deepEqual(pathAndArgs({ entrypoint: ['/e', '-x'], cmd: ['a'] }), { path: '/e', args: ['-x', 'a'] });
  });
});

describe('processEnv', () => {
  it('adds PATH, HOSTNAME, TERM with a TTY and HOME; configured values win', () => {
    const c = buildConfig('e'.repeat(64), { Cmd: ['sh'] }, { image, tty: true, hostname: 'box', env: ['HOME=/custom'] });
    assert.deepEqual(processEnv(c, '/root'), ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'HOSTNAME=box', 'TERM=xterm', 'HOME=/custom']);
    assert.deepEqual(mergeEnv(['PATH=/a'], ['PATH=/b']), ['PATH=/b']);
  });
});
