// The CNI calling convention against stand-in plugins (shell scripts that report what they were
// given, fail, or misbehave) and against the real bridge binary where one is installed.
import { strict as assert } from 'node:assert';
import { accessSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CniPlugins } from '../../../engine/src/network/cniPlugins';
import { removeScratch, scratchDir } from '../../fixtures/scratch';

const invocation = { containerId: 'abcdef0123456789', netns: '/run/ns/x', ifname: 'eth0' };

describe('CniPlugins', () => {
  let dir: string;
  before(() => {
    dir = scratchDir('cni-plugins');
    const plugin = (name: string, body: string) => writeFileSync(join(dir, name), `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    plugin('echoenv', `/bin/cat > "${dir}/stdin"; /usr/bin/env | /bin/grep -E '^(CNI_|PATH=)' | /usr/bin/sort > "${dir}/env"; echo '{"cniVersion":"1.0.0","ips":[]}'`);
    plugin('fails', `echo '{"cniVersion":"1.0.0","code":11,"msg":"try again later","details":"lock held"}'; exit 1`);
    plugin('crashes', `echo 'panic: runtime error' >&2; exit 2`);
    plugin('silent', 'exit 0');
    plugin('flood', 'exec yes "{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{"');
  });
  after(() => removeScratch(dir));

  const cni = () => new CniPlugins({ dirs: ['/nonexistent', dir], path: '/usr/bin:/bin', pathByType: { echoenv: '/opt/special' } });

  it('passes the config on stdin and the CNI variables (and only those, plus PATH) in the environment', async () => {
    const out = await cni().invoke('ADD', { type: 'echoenv', cniVersion: '1.0.0', name: 'n' }, invocation);
    assert.deepEqual(out, { cniVersion: '1.0.0', ips: [] });
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'stdin'), 'utf8')), { type: 'echoenv', cniVersion: '1.0.0', name: 'n' });
    assert.deepEqual(readFileSync(join(dir, 'env'), 'utf8').trim().split('\n'), [
      'CNI_COMMAND=ADD', 'CNI_CONTAINERID=abcdef0123456789', 'CNI_IFNAME=eth0', 'CNI_NETNS=/run/ns/x', `CNI_PATH=/nonexistent:${dir}`, 'PATH=/opt/special',
    ]);
    assert.equal(await cni().invoke('DEL', { type: 'echoenv' }, invocation), undefined, 'DEL has no result');
  });

  it('turns a plugin\'s error object, or its stderr, into an error naming plugin, command and container', async () => {
    await assert.rejects(cni().invoke('ADD', { type: 'fails' }, invocation), /^BerthError: CNI plugin fails ADD for container abcdef012345 \(eth0\) failed: try again later: lock held \(CNI error 11\)$/);
    await assert.rejects(cni().invoke('DEL', { type: 'crashes' }, invocation), /CNI plugin crashes DEL .* failed: panic: runtime error/);
    await assert.rejects(cni().invoke('ADD', { type: 'silent' }, invocation), /printed no JSON result/);
    await assert.rejects(cni().invoke('ADD', { type: 'flood' }, invocation), /more than 1048576 bytes of output/);
  });

  it('says which package to install for a missing plugin, and refuses odd plugin names', () => {
    assert.throws(() => cni().find('nosuchplugin'), /CNI plugin "nosuchplugin" not found in \/nonexistent, .*apt-get install containernetworking-plugins/);
    assert.throws(() => cni().find('../../bin/sh'), /invalid CNI plugin type/);
  });

  it('speaks to the real bridge plugin: VERSION, and its error for a broken configuration', async function () {
    try {
      accessSync('/usr/lib/cni/bridge');
    } catch {
      throw new Error('/usr/lib/cni/bridge is required: apt-get install -y containernetworking-plugins (scripts/setup.sh should install it)');
    }
    const real = new CniPlugins({ dirs: ['/usr/lib/cni'] });
    const version = (await real.invoke('VERSION', { type: 'bridge', cniVersion: '1.0.0' }, invocation)) as { supportedVersions: string[] };
    assert.ok(version.supportedVersions.includes('1.0.0'));
    await assert.rejects(real.invoke('ADD', { type: 'bridge', cniVersion: '1.0.0', name: 'x', ipam: 'not an object' }, invocation), /CNI plugin bridge ADD .* failed: .*\(CNI error \d+\)/);
  });
});
