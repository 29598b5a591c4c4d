// The Linux bridge of a network, created with the network (as `docker network create` does) so its
// subnet shows in the host's routes at once and the next network's subnet choice sees it. The bridge
// plugin would create it on the first ADD too (and does, after a reboot); it never deletes it, so
// removing the network does.
import { existsSync } from 'node:fs';
import { berthError } from '../image/berthError';
import { runCommand, type CommandRunner } from './hostCommand';
import { parseCidr } from './ipv4';
import type { NetworkInfo } from './network';

export function bridgeExists(name: string): boolean {
  return existsSync(`/sys/class/net/${name}`);
}

export async function ensureBridge(network: NetworkInfo, run: CommandRunner = runCommand): Promise<void> {
  if (!network.bridge || !network.ipam || bridgeExists(network.bridge)) return;
  const br = network.bridge;
  const prefix = parseCidr(network.ipam.subnet).prefixLength;
  const batch = [
    `link add name ${br} type bridge${network.mtu ? ` mtu ${network.mtu}` : ''}`,
    `addr add ${network.ipam.gateway}/${prefix} dev ${br}`,
    `link set ${br} up`,
  ];
  const { code, stderr } = await run('ip', ['-batch', '-'], `${batch.join('\n')}\n`);
  if (code !== 0 && !bridgeExists(br)) throw berthError('internal', `create bridge ${br} for network ${network.name}: ip failed: ${stderr.trim()}`);
}

export async function removeBridge(name: string, run: CommandRunner = runCommand): Promise<void> {
  if (!bridgeExists(name)) return;
  const { code, stderr } = await run('ip', ['link', 'del', name]);
  if (code !== 0 && bridgeExists(name)) throw berthError('internal', `remove bridge ${name}: ip failed: ${stderr.trim()}`);
}
