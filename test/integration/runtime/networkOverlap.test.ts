// A start on a CNI network creates the container (conmon, `<runtime> create`) while the plugins' ADD
// is still running, and starts the process only after it: the hosts file, first written without
// the container's address, is rewritten in place once the address exists; an ADD that fails after
// the runtime's create takes the whole start down with it and leaves nothing behind. The manager and
// plugins are the real ones; a wrapper in front of the bridge plugin fails its ADD on request, once
// the runtime has created the container.
import * as assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CniNetworkManager } from '../../../engine/src/network/cniNetworkManager';
import { removeScratch, scratchDir } from '../../fixtures/scratch';
import { openTestManager, requireNetworkTools, runTag } from '../network/netTestbed';
import { Testbed } from './runtimeTestbed';
import { makeUsable, type RuntimeFixup } from './runtimesUnderTest';

const bridge = { network: { mode: { kind: 'bridge' as const, networks: [] } } };

describe('container start: the CNI ADD overlaps the runtime\'s create (crun)', function () {
  let dir = '';
  let manager: CniNetworkManager | undefined;
  let tb: Testbed | undefined;
  let fixup: RuntimeFixup | undefined;
  const failFlag = () => join(dir, 'fail-add');
  const createdFirst = () => join(dir, 'created-before-the-failed-add');

  before(async () => {
    requireNetworkTools();
    dir = scratchDir('net-overlap');
    fixup = await makeUsable('crun');
    const plugins = join(dir, 'plugins');
    mkdirSync(plugins, { recursive: true });
    tb = await Testbed.open('crun', {}); // opened first for its data root, reopened below with the manager
    const pidfile = `${join(tb.root, 'containers')}/$CNI_CONTAINERID/pidfile`;
    writeFileSync(join(plugins, 'bridge'), [
      '#!/bin/sh',
      `if [ "$CNI_COMMAND" = ADD ] && [ -e ${failFlag()} ]; then`,
      '  i=0',
      `  while [ ! -s "${pidfile}" ] && [ $i -lt 250 ]; do sleep 0.02; i=$((i+1)); done`,
      `  [ -s "${pidfile}" ] && echo "$CNI_CONTAINERID" >> ${createdFirst()}`,
      '  echo \'{"cniVersion":"1.0.0","code":999,"msg":"injected: no address today"}\'',
      '  exit 1',
      'fi',
      'exec /usr/lib/cni/bridge',
      '',
    ].join('\n'), { mode: 0o755 });
    manager = await openTestManager(dir, runTag(), { pluginDirs: [plugins, '/usr/lib/cni'] });
    await tb.reopen({ network: manager });
  });

  after(async () => {
    try {
      await tb?.close();
    } finally {
      await manager?.settle();
      await manager?.uninstall();
      await fixup?.undo();
      removeScratch(dir);
    }
  });

  it('on the default bridge, /etc/hosts names the container\'s own address (rewritten in place after the ADD)', async () => {
    const out = await tb!.output(['sh', '-c', 'ip -4 -o addr show eth0; echo ---; cat /etc/hosts; hostname'], bridge);
    const [addrs, rest] = out.split('---\n');
    const address = /inet (\d+\.\d+\.\d+\.\d+)\//.exec(addrs!)?.[1];
    assert.ok(address, `eth0 has an address: ${addrs}`);
    const hostname = rest!.trim().split('\n').at(-1)!;
    assert.match(rest!, new RegExp(`^${address.replace(/\./g, '\\.')}\\s+${hostname}\\b`, 'm'));
  });

  it('an ADD failing after the runtime created the container fails the start with the plugin\'s message and leaves nothing; the next start works', async () => {
    writeFileSync(failFlag(), '');
    const c = await tb!.create({ ...bridge, cmd: ['true'] });
    await assert.rejects(tb!.runtime.start(c.id), /injected: no address today/);
    assert.ok(existsSync(createdFirst()) && readFileSync(createdFirst(), 'utf8').includes(c.id), 'the runtime had created the container while the ADD ran');
    assert.deepEqual(manager!.listAttachments(), []);
    await manager!.settle();
    assert.deepEqual(readdirSync(join(dir, 'run', 'netns')), [], 'no network namespace is left');
    assert.equal(tb!.runtime.inspect(c.id).state.status, 'created');

    rmSync(failFlag());
    await tb!.runtime.start(c.id);
    assert.deepEqual(await tb!.runtime.wait(c.id), { statusCode: 0 });
    await tb!.assertClean(); // removes it: no mount, cgroup, conmon, runtime state or directory
  });
});
