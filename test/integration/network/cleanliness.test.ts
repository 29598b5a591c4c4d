// 100 mixed attach/detach cycles (published TCP and UDP ports, a user-defined network with peers
// joining and leaving, several networks at once, --network none, several containers at a time)
// leave the host exactly as they found it: iptables rules, links, namespaces, leases, records, files.
import * as assert from 'node:assert/strict';
import type { CniNetworkManager } from '../../../engine/src/network/cniNetworkManager';
import type { AttachRequest } from '../../../engine/src/network/network';
import { removeScratch, scratchDir } from '../../fixtures/scratch';
import { hostSnapshot, openTestManager, requireNetworkTools, runTag, settledHostSnapshot } from './netTestbed';
import { join } from 'node:path';

describe('CniNetworkManager: nothing left behind', function () {
  this.timeout(300000);
  let dir: string;
  let tag: string;
  let manager: CniNetworkManager;
  const basePort = 30000 + Math.floor(Math.random() * 5000);

  before(async () => {
    requireNetworkTools();
    dir = scratchDir('net-clean');
    tag = runTag();
    manager = await openTestManager(dir, tag);
    await manager.createNetwork({ name: 'cycle' });
  });

  after(async () => {
    await manager?.uninstall();
    removeScratch(dir);
  });

  const request = (i: number): AttachRequest => {
    switch (i % 4) {
      case 0:
        return { name: `c${i}`, mode: { kind: 'bridge', networks: [] }, ports: [{ containerPort: 80, protocol: 'tcp', hostPort: basePort + (i % 8) }, { containerPort: 53, protocol: 'udp', hostPort: basePort + (i % 8) }] };
      case 1:
        return { name: `c${i}`, mode: { kind: 'bridge', networks: [{ network: 'cycle', aliases: [`alias${i}`] }] } };
      case 2:
        return { name: `c${i}`, mode: { kind: 'none' } };
      default:
        return { name: `c${i}`, mode: { kind: 'bridge', networks: [{ network: 'cycle' }, { network: 'bridge' }] }, ports: [{ containerPort: 8080, protocol: 'tcp' }] };
    }
  };

  it('100 attach/detach cycles, two containers at a time, restore the host snapshot', async () => {
    // one warm-up round: portmap's shared chains (CNI-HOSTPORT-*) are created once and kept, like the bridges
    for (let i = 0; i < 4; i++) await manager.attach(`warm${i}${tag}`, request(i));
    for (let i = 0; i < 4; i++) await manager.detach(`warm${i}${tag}`);
    await manager.settle();
    const before = await hostSnapshot(join(dir, 'run'), tag);

    const cycle = async (i: number): Promise<void> => {
      const id = `cycle${i}${tag}eeeeeeee`;
      const a = await manager.attach(id, request(i));
      assert.equal(manager.getAttachment(id).containerId, a.containerId);
      await manager.detach(id, { wait: i % 3 === 0 });
    };
    for (let i = 0; i < 100; i += 2) await Promise.all([cycle(i), cycle(i + 1)]);
    await manager.settle();

    assert.equal(await settledHostSnapshot(join(dir, 'run'), tag, before), before);
    assert.deepEqual(manager.listAttachments(), []);
    assert.deepEqual(manager.inspectNetwork('cycle').members, []);
  });
});
