// Which networks each container belongs to, across starts. The runtime's record keeps the networks a
// container was created with; `docker network connect|disconnect` changes them later, also while the
// container is stopped (the network manager only knows running containers), so the changed list is
// kept here (<root>/container-networks/<id>.json, written atomically) and given to the manager at
// every start. This is also where network events come from: connect when a container joins a
// network (at start or by `network connect`), disconnect when it leaves.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { berthError, isNotFound } from '../image/berthError';
import type { ConnectOptions, NetworkManager, NetworkMode, NetworkRequest } from '../network/network';
import { writeFileAtomic } from '../store/atomicFile';
import type { EventLog } from './eventLog';

export type RuntimeNetwork = Pick<NetworkManager, 'attach' | 'detach'>;

export class ContainerNetworks {
  private readonly overrides = new Map<string, NetworkRequest[]>();

  private constructor(private readonly dir: string, private readonly manager: NetworkManager, private readonly events: EventLog) {}

  static async open(dir: string, manager: NetworkManager, events: EventLog): Promise<ContainerNetworks> {
    await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
    const networks = new ContainerNetworks(dir, manager, events);
    for (const name of await fsp.readdir(dir)) {
      if (!name.endsWith('.json')) continue;
      const text = await fsp.readFile(join(dir, name), 'utf8');
      networks.overrides.set(name.slice(0, -5), JSON.parse(text) as NetworkRequest[]);
    }
    return networks;
  }

  /** The container's networks now: the connected list when changed since create, else `created`. */
  modeOf(id: string, created: NetworkMode): NetworkMode {
    const override = this.overrides.get(id);
    if (!override) return created;
    return override.length === 0 ? { kind: 'none' } : { kind: 'bridge', networks: override };
  }

  /** Drops what belongs to containers that no longer exist. */
  async prune(exists: (id: string) => boolean): Promise<void> {
    for (const id of [...this.overrides.keys()]) if (!exists(id)) await this.forget(id);
  }

  async forget(id: string): Promise<void> {
    this.overrides.delete(id);
    await fsp.rm(join(this.dir, `${id}.json`), { force: true });
  }

  private async save(id: string, networks: NetworkRequest[]): Promise<void> {
    await writeFileAtomic(join(this.dir, `${id}.json`), JSON.stringify(networks));
    this.overrides.set(id, networks);
  }

  private emit(action: 'connect' | 'disconnect', networkName: string, containerId: string): void {
    try {
      const n = this.manager.getNetwork(networkName);
      this.events.emit('network', action, n.id, { container: containerId, name: n.name, type: n.driver });
    } catch (err) {
      if (!isNotFound(err)) throw err; // a network removed meanwhile has nothing to report
    }
  }

  /** What the runtime attaches and detaches through: the manager, with the current networks and events. */
  runtimeView(): RuntimeNetwork {
    return {
      attach: async (id, request, signal, onLayout) => {
        const mode = this.modeOf(id, request.mode);
        const attachment = await this.manager.attach(id, { ...request, mode }, signal, onLayout);
        for (const e of attachment.endpoints) this.emit('connect', e.networkName, id);
        return attachment;
      },
      detach: async (id, options) => {
        const endpoints = this.manager.listAttachments().find((a) => a.containerId === id)?.endpoints ?? [];
        await this.manager.detach(id, options);
        for (const e of endpoints) this.emit('disconnect', e.networkName, id);
      },
    };
  }

  /** `docker network connect`: hot-plugged when `running`, and remembered for the next starts. */
  async connect(id: string, created: NetworkMode, running: boolean, network: string, options: ConnectOptions, signal?: AbortSignal): Promise<void> {
    const mode = this.modeOf(id, created);
    if (mode.kind === 'host') throw berthError('invalid-argument', 'container cannot be disconnected from host network or connected to host network');
    const target = this.manager.getNetwork(network);
    if (target.predefined && target.name !== 'bridge') throw berthError('invalid-argument', `container cannot be connected to the ${target.name} network`);
    const current = mode.kind === 'bridge' ? mode.networks : [];
    const names = current.map((n) => this.manager.getNetwork(n.network).id);
    if (names.includes(target.id)) throw berthError('already-exists', `endpoint with name ${id.slice(0, 12)} already exists in network ${target.name}`);
    if (mode.kind === 'none' && this.overrides.get(id) === undefined) {
      throw berthError('invalid-argument', 'container cannot be connected to multiple networks with one of the networks in private (none) mode');
    }
    if (running) await this.manager.connect(target.name, id, options, signal);
    await this.save(id, [...current, { network: target.name, ...(options.aliases?.length ? { aliases: options.aliases } : {}), ...(options.ipv4Address ? { ipv4Address: options.ipv4Address } : {}) }]);
    if (running) this.emit('connect', target.name, id);
  }

  async disconnect(id: string, created: NetworkMode, running: boolean, network: string, signal?: AbortSignal): Promise<void> {
    const mode = this.modeOf(id, created);
    const target = this.manager.getNetwork(network);
    if (mode.kind === 'host' || target.name === 'host') throw berthError('invalid-argument', 'container cannot be disconnected from host network or connected to host network');
    const current = mode.kind === 'bridge' ? mode.networks : [];
    const kept = current.filter((n) => {
      try {
        return this.manager.getNetwork(n.network).id !== target.id;
      } catch {
        return false; // a network removed meanwhile is gone from the list too
      }
    });
    if (kept.length === current.length) throw berthError('not-found', `container ${id.slice(0, 12)} is not connected to network ${target.name}`);
    if (running) await this.manager.disconnect(target.name, id, signal);
    await this.save(id, kept);
    if (running) this.emit('disconnect', target.name, id);
  }
}
