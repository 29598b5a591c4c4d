// The container half of the composition root: the CNI network manager, the per-container network
// lists, the runtime (conmon + crun) and their API routes, built in that order and closed in the
// reverse one. Containers keep running when berthd stops; the next start finds them again (the
// runtime reconciles its records, the network manager its attachments).
import { join } from 'node:path';
import { berthError } from '../image/berthError';
import { ContainerNetworks } from '../api/containerNetworks';
import { containerIoRoutes } from '../api/containerIoRoutes';
import { containerRoutes } from '../api/containerRoutes';
import type { Route } from '../api/apiContext';
import type { VolumeResolver } from '../api/createContainer';
import type { EventLog } from '../api/eventLog';
import { ExecRegistry, execRoutes } from '../api/execRoutes';
import type { LocalImages } from '../api/localImages';
import { networkRoutes } from '../api/networkRoutes';
import { removeBridge } from '../network/bridgeDevice';
import { CniNetworkManager } from '../network/cniNetworkManager';
import type { NetworkManager } from '../network/network';
import { Runtime } from '../runtime/runtime';
import type { Snapshotter } from '../snapshot/snapshotter';
import type { Leases } from '../store/leases';
import type { HostNames } from './hostNames';

export interface ContainerEngineOptions {
  readonly root: string;
  readonly hostNames: HostNames;
  readonly snapshotter: Snapshotter;
  readonly leases: Leases;
  readonly images: LocalImages;
  readonly events: EventLog;
  readonly storageDriver: string;
  readonly volumes?: VolumeResolver;
  readonly log: (line: string) => void;
}

export interface ContainerEngine {
  readonly runtime: Runtime;
  readonly network: NetworkManager;
  readonly routes: Route[];
  close(): Promise<void>;
}

export async function openContainerEngine(o: ContainerEngineOptions): Promise<ContainerEngine> {
  const { hostNames: names, events, log } = o;
  const network = await CniNetworkManager.open({
    root: join(o.root, 'network'), runDir: join(names.execRoot, 'network'),
    chainPrefix: names.chainPrefix, defaultBridge: names.defaultBridge,
    onError: (err) => log(`network: ${err instanceof Error ? err.message : String(err)}`),
  });
  try {
    const networks = await ContainerNetworks.open(join(o.root, 'container-networks'), network, events);
    const runtime = await Runtime.open({
      root: o.root, runRoot: join(names.execRoot, 'runtime'), snapshotter: o.snapshotter, leases: o.leases,
      network: networks.runtimeView(), cgroupParent: names.cgroupParent, log,
      onEvent: (e) => {
        events.emit('container', e.action, e.id, { ...e.attributes });
        if (e.action === 'destroy') void networks.forget(e.id).catch((err: unknown) => log(`forget networks of ${e.id}: ${(err as Error).message}`));
      },
    });
    await networks.prune((id) => runtime.list({ all: true, filters: { id: [id] } }).length > 0);
    const execs = new ExecRegistry();
    const facts = {
      runtime, network, networks, images: o.images, storageDriver: o.storageDriver, snapshotter: o.snapshotter,
      execIds: (id: string) => execs.idsOf(runtime, id),
    };
    const routes = [
      ...containerRoutes({ ...facts, ...(o.volumes ? { volumes: o.volumes } : {}) }),
      ...containerIoRoutes({ runtime, events }),
      ...execRoutes({ runtime, execs }),
      ...networkRoutes({ network, networks, runtime, events }),
    ];
    return {
      runtime, network, routes,
      close: async () => {
        await runtime.close();
        await network.close();
        await releaseIdleHost(network, log);
      },
    };
  } catch (err) {
    await network.close();
    throw err;
  }
}

/**
 * With no container attached, berthd leaves nothing of its networking on the host when it stops:
 * the bridges and its iptables chains go (the network definitions stay; the next start recreates
 * both). Running containers keep theirs.
 */
async function releaseIdleHost(network: CniNetworkManager, log: (line: string) => void): Promise<void> {
  if (network.listAttachments().length > 0) return;
  try {
    for (const n of network.listNetworks()) if (n.bridge) await removeBridge(n.bridge);
    await network.firewall.remove();
  } catch (err) {
    log(`releasing host networking: ${(err as Error).message}`);
  }
}

/** Container, exec and network routes that explain why containers cannot run in this engine. */
export function unavailableRoutes(reason: string): Route[] {
  const fail = async (): Promise<void> => {
    throw berthError('unavailable', `containers are not available in this engine: ${reason}`);
  };
  const methods = ['GET', 'HEAD', 'POST', 'DELETE', 'PUT'] as const;
  return ['/containers/*', '/exec/*', '/networks', '/networks/*'].flatMap((path) => methods.map((method) => ({ method, path, handler: fail })));
}
