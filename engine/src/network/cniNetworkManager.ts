// The NetworkManager over the CNI plugins (see network.ts for the contract). Each container's
// operations run one at a time (KeyedLock); network definitions change under their own lock. Every
// step is recorded before it is taken, so `open` after a crash can finish a detach or roll back a
// half-done attach from the records alone, and a restarted berthd keeps managing running containers.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { berthError } from '../image/berthError';
import { checkContainerId, toAttachment } from './attachmentRecords';
import { ensureBridge, removeBridge } from './bridgeDevice';
import { addEndpoint, checkEndpoint, deleteEndpoint } from './cniEndpoint';
import { CniPlugins, defaultPluginDirs, ipv4OnlyToolPath } from './cniPlugins';
import { endpointPlugins } from './cniConfig';
import { systemHostFiles, type HostFiles } from './containerFiles';
import { HostFirewall } from './firewallRules';
import { KeyedLock } from './keyedLock';
import { NameDirectory } from './nameDirectory';
import { NetnsDir } from './netnsDir';
import type { Attachment, AttachmentLayout, AttachRequest, ConnectOptions, CreateNetworkOptions, DetachOptions, Endpoint, NetworkInfo, NetworkInspection, NetworkManager } from './network';
import { NetworkCatalog, type CatalogOptions } from './networkCatalog';
import { NetworkStore, type AttachmentRecord, type EndpointState } from './networkStore';
import { planAttachment, planConnect, completeEndpoint } from './attachmentPlan';
import { PortAllocator, type PortAllocatorOptions } from './portAllocator';

export interface CniNetworkManagerOptions extends CatalogOptions {
  /** Persistent directory for network definitions (<berth root>/network). */
  readonly root: string;
  /** Runtime directory, ideally on tmpfs (/run/berth/network). */
  readonly runDir: string;
  readonly pluginDirs?: readonly string[];
  /** Prefix of berth's iptables chains; one per berthd root. Default BERTH. */
  readonly chainPrefix?: string;
  readonly hostFiles?: HostFiles;
  readonly ports?: PortAllocatorOptions;
  /** Where failures of background teardowns go (berthd's log); they are retried by the next detach or open. */
  readonly onError?: (err: unknown) => void;
}

const networksLock = '\0networks';

export class CniNetworkManager implements NetworkManager {
  private readonly records = new Map<string, AttachmentRecord>();
  private readonly locks = new KeyedLock();
  private readonly saves = new KeyedLock();
  private readonly names: NameDirectory;
  /** Background teardowns by container id (see detach). */
  private readonly teardowns = new Map<string, Promise<void>>();

  private constructor(
    readonly store: NetworkStore,
    private readonly catalog: NetworkCatalog,
    private readonly netns: NetnsDir,
    private readonly cni: CniPlugins,
    readonly firewall: HostFirewall,
    private readonly ports: PortAllocator,
    hostFiles: HostFiles,
    private readonly onError: (err: unknown) => void,
  ) {
    this.names = new NameDirectory(this.records, (id) => this.catalog.get(id), hostFiles);
  }

  static async open(options: CniNetworkManagerOptions): Promise<CniNetworkManager> {
    const store = new NetworkStore(options);
    await store.init();
    const cni = new CniPlugins({ dirs: options.pluginDirs ?? defaultPluginDirs, pathByType: { portmap: ipv4OnlyToolPath(store.toolsDir) } });
    for (const type of ['bridge', 'host-local', 'portmap']) cni.find(type);
    const manager = new CniNetworkManager(
      store, new NetworkCatalog(options), new NetnsDir(store.netnsDir), cni,
      new HostFirewall(options.chainPrefix ?? 'BERTH'), new PortAllocator(options.ports), options.hostFiles ?? systemHostFiles,
      options.onError ?? (() => undefined),
    );
    await manager.recover();
    return manager;
  }

  // ---- attachments

  attach(containerId: string, request: AttachRequest, signal?: AbortSignal, onLayout?: (layout: AttachmentLayout) => void): Promise<Attachment> {
    checkContainerId(containerId);
    return this.locks.run(containerId, async () => {
      // a restart right after an exit: the last detach's background teardown finishes first
      await this.teardowns.get(containerId)?.catch(() => undefined);
      const previous = this.records.get(containerId);
      if (previous?.state === 'detaching') await this.teardown(previous); // finish (or retry) the last detach first
      else if (previous) throw berthError('already-exists', `container ${containerId.slice(0, 12)} already has a network attachment; detach it first`);
      const plan = planAttachment(containerId, request, {
        network: (n) => this.catalog.get(n),
        defaultBridge: this.catalog.get('bridge'),
        netnsPath: this.netns.pathOf(containerId),
        dir: this.store.containerDirOf(containerId),
      });
      const record = plan.record;
      this.records.set(containerId, record);
      try {
        await this.released(this.ports.holdersOf(plan.ports));
        record.ports = await this.ports.reserve(containerId, record.name, plan.ports);
        if (record.netnsPath) this.netns.create(containerId);
        record.endpoints = plan.networks.map((n, i): EndpointState => ({
          networkId: n.network.id,
          ifname: `eth${i}`,
          plugins: endpointPlugins({ network: n.network, ipamDir: this.store.ipamDirOf(n.network.id), primary: i === 0, ports: i === 0 ? record.ports : [], ...(n.ipv4Address ? { ipv4Address: n.ipv4Address } : {}) }),
        }));
        await this.save(record);
        if (onLayout) {
          await this.names.writeAll(record);
          onLayout({ netnsPath: record.netnsPath, hostname: record.hostname, files: record.files });
        }
        await Promise.all(record.endpoints.map((state, i) => this.addState(record, state, plan.networks[i]!, signal)));
        record.state = 'attached';
        await this.save(record);
        if (!onLayout) await this.names.writeAll(record);
        else if (record.endpoints.length) await this.names.write(record); // now with the container's own addresses
        await this.names.refresh(this.names.userNetworksOf(record), record);
        return toAttachment(record);
      } catch (err) {
        await this.teardown(record).catch(() => undefined); // the attach error is the one to report
        throw err;
      }
    });
  }

  detach(containerId: string, options: DetachOptions = {}): Promise<void> {
    checkContainerId(containerId);
    return this.locks.run(containerId, async () => {
      const record = this.records.get(containerId);
      if (!record) return;
      let pending = this.teardowns.get(containerId);
      if (!pending) {
        await this.leave(record);
        pending = this.release(record, options.signal).finally(() => this.teardowns.delete(containerId));
        this.teardowns.set(containerId, pending);
        if (!options.wait) pending.catch((err: unknown) => this.onError(err));
      }
      if (options.wait) await pending;
    });
  }

  async settle(): Promise<void> {
    await this.locks.idle();
    await Promise.all(this.teardowns.values());
  }

  getAttachment(containerId: string): Attachment {
    const record = this.records.get(containerId);
    if (!record || record.state !== 'attached') throw berthError('not-found', `container ${containerId.slice(0, 12)} has no network attachment (is it running?)`);
    return toAttachment(record);
  }

  listAttachments(): Attachment[] {
    return [...this.records.values()].filter((r) => r.state === 'attached').map(toAttachment);
  }

  check(containerId: string, signal?: AbortSignal): Promise<void> {
    return this.locks.run(containerId, async () => {
      const record = this.records.get(containerId);
      if (!record || record.state !== 'attached') throw berthError('not-found', `container ${containerId.slice(0, 12)} has no network attachment (is it running?)`);
      if (record.netnsPath && !this.netns.isPinned(record.netnsPath)) throw berthError('failed-precondition', `container ${containerId.slice(0, 12)}: its network namespace ${record.netnsPath} is gone`);
      for (const state of record.endpoints) {
        if (!state.result) throw berthError('internal', `container ${containerId.slice(0, 12)}: no cached CNI result for ${state.ifname}`);
        await checkEndpoint(this.cni, { plugins: state.plugins, result: state.result }, this.invocation(record, state), signal);
      }
    });
  }

  connect(network: string, containerId: string, options: ConnectOptions = {}, signal?: AbortSignal): Promise<Endpoint> {
    return this.locks.run(containerId, async () => {
      const record = this.attachedRecord(containerId);
      const target = this.catalog.get(network);
      const plan = planConnect(record, target, options, (id) => this.catalog.get(id));
      const state: EndpointState = {
        networkId: target.id,
        ifname: plan.ifname,
        plugins: endpointPlugins({ network: target, ipamDir: this.store.ipamDirOf(target.id), primary: plan.primary, ports: [], ...(plan.ipv4Address ? { ipv4Address: plan.ipv4Address } : {}) }),
      };
      record.endpoints.push(state);
      try {
        await this.save(record);
        await this.addState(record, state, plan, signal);
        await this.save(record);
      } catch (err) {
        await this.deleteState(record, state).catch(() => undefined);
        record.endpoints = record.endpoints.filter((e) => e !== state);
        await this.save(record);
        throw err;
      }
      await this.names.refresh(new Set([target.id]), record);
      await this.names.write(record);
      return state.endpoint!;
    });
  }

  disconnect(network: string, containerId: string, signal?: AbortSignal): Promise<void> {
    return this.locks.run(containerId, async () => {
      const record = this.attachedRecord(containerId);
      const target = this.catalog.get(network);
      const state = record.endpoints.find((e) => e.networkId === target.id);
      if (!state) throw berthError('not-found', `container ${record.name} is not connected to network ${target.name}`);
      await this.deleteState(record, state, signal);
      record.endpoints = record.endpoints.filter((e) => e !== state);
      await this.save(record);
      await this.names.refresh(new Set([target.id]), record);
      await this.names.write(record);
    });
  }

  // ---- networks

  createNetwork(options: CreateNetworkOptions): Promise<NetworkInfo> {
    return this.locks.run(networksLock, async () => {
      const network = this.catalog.define(options);
      await ensureBridge(network);
      try {
        // its isolation rules are in place before any container can be attached to it
        await this.firewall.sync([...this.catalog.list(), network]);
        await this.store.saveNetwork(network);
      } catch (err) {
        await this.firewall.sync(this.catalog.list()).catch(() => undefined);
        await removeBridge(network.bridge!).catch(() => undefined);
        throw err;
      }
      this.catalog.add(network);
      return network;
    });
  }

  listNetworks(): NetworkInfo[] {
    return this.catalog.list();
  }

  getNetwork(nameOrId: string): NetworkInfo {
    return this.catalog.get(nameOrId);
  }

  inspectNetwork(nameOrId: string): NetworkInspection {
    const network = this.catalog.get(nameOrId);
    const members = [...this.records.values()].flatMap((r) =>
      r.state === 'attached' ? r.endpoints.flatMap((e) => (e.endpoint && e.networkId === network.id ? [{ containerId: r.containerId, name: r.name, endpoint: e.endpoint }] : [])) : [],
    );
    return { network, members };
  }

  removeNetwork(nameOrId: string): Promise<void> {
    return this.locks.run(networksLock, async () => {
      const network = this.catalog.get(nameOrId);
      await this.released(new Set([...this.records.values()].filter((r) => r.endpoints.some((e) => e.networkId === network.id)).map((r) => r.containerId)));
      await this.removeLocked(network);
    });
  }

  pruneNetworks(accept: (network: NetworkInfo) => boolean = () => true): Promise<string[]> {
    return this.locks.run(networksLock, async () => {
      await this.released(new Set(this.teardowns.keys()));
      const removed: string[] = [];
      for (const n of this.catalog.list()) {
        if (n.predefined || this.inUse(n.id) || !accept(n)) continue;
        await this.removeLocked(n);
        removed.push(n.name);
      }
      return removed;
    });
  }

  async close(): Promise<void> {
    await this.locks.idle();
    await Promise.allSettled(this.teardowns.values());
    await this.saves.idle();
    await this.names.idle();
  }

  /**
   * Removes everything this instance set up on the host: every network including the default one,
   * the bridges, berth's iptables chains and the run directory. Refuses while containers are attached.
   */
  async uninstall(): Promise<void> {
    await this.close();
    if (this.records.size) throw berthError('failed-precondition', `${this.records.size} containers still have network attachments; detach them first`);
    for (const n of this.catalog.list()) {
      if (n.bridge) await removeBridge(n.bridge);
      await this.store.deleteNetwork(n.id);
      this.catalog.delete(n.id);
    }
    await this.firewall.remove();
    await fsp.rm(this.store.ipamDir, { recursive: true, force: true });
    await fsp.rm(this.store.containersDir, { recursive: true, force: true });
    for (const name of this.netns.list()) this.netns.remove(this.netns.pathOf(name));
  }

  // ---- internals

  private async recover(): Promise<void> {
    const added = this.catalog.load(await this.store.loadNetworks());
    for (const n of added) await this.store.saveNetwork(n);
    await this.firewall.sync(this.catalog.list());
    await Promise.all(this.catalog.list().map((n) => ensureBridge(n)));
    for (const record of await this.store.loadAttachments()) {
      this.records.set(record.containerId, record);
      this.ports.adopt(record.containerId, record.name, record.ports);
    }
    // roll back attaches and finish detaches a crash interrupted; a failure stays recorded for a retry
    for (const record of [...this.records.values()]) if (record.state !== 'attached') await this.teardown(record).catch(this.onError);
    for (const name of this.netns.list()) if (!this.records.has(name)) this.netns.remove(this.netns.pathOf(name));
    for (const name of await fsp.readdir(this.store.containersDir)) {
      if (!this.records.has(name)) await fsp.rm(join(this.store.containersDir, name), { recursive: true, force: true });
    }
  }

  private async addState(record: AttachmentRecord, state: EndpointState, input: { network: NetworkInfo; aliases: readonly string[]; dnsNames: readonly string[] }, signal?: AbortSignal): Promise<void> {
    const result = await addEndpoint(this.cni, state.plugins, this.invocation(record, state), {
      ...(signal ? { signal } : {}),
      onResult: async (r) => {
        state.result = r;
        await this.save(record);
      },
    });
    state.result = result;
    state.endpoint = completeEndpoint(input, state.ifname, result);
  }

  private async deleteState(record: AttachmentRecord, state: EndpointState, signal?: AbortSignal): Promise<void> {
    if (!state.plugins.length) return;
    await deleteEndpoint(this.cni, { plugins: state.plugins, ...(state.result ? { result: state.result } : {}) }, this.invocation(record, state), signal);
  }

  private invocation(record: AttachmentRecord, state: EndpointState) {
    const netns = record.netnsPath && this.netns.isPinned(record.netnsPath) ? record.netnsPath : '';
    return { containerId: record.containerId, netns, ifname: state.ifname };
  }

  /** Both halves of a detach, awaited (rollback, recovery, an attach finishing the last detach). */
  private async teardown(record: AttachmentRecord): Promise<void> {
    await this.leave(record);
    await this.release(record);
  }

  /** The part a detach waits for: recorded as detaching, and gone from its peers' hosts files. */
  private async leave(record: AttachmentRecord): Promise<void> {
    const networks = this.names.userNetworksOf(record);
    record.state = 'detaching';
    await this.save(record);
    await this.names.refresh(networks, record);
  }

  /**
   * The namespace, then DEL of every endpoint, then ports and files; on failure the record stays for
   * a retry. Unpinning the namespace first (its processes are gone by now) lets the kernel destroy it,
   * and the veths in it, in the background: the plugins' DEL then sees no namespace and only releases
   * the address. Deleting a veth pair waits for the kernel's RCU grace periods, ~20 ms of a ~35 ms
   * DEL here, which a namespace's own teardown does off any caller's path (and in batches). The host
   * end of the veth leaves its bridge within tens of milliseconds; a process that still holds the
   * namespace (an `nsenter` left running) keeps it, veth included, until that process exits.
   */
  private async release(record: AttachmentRecord, signal?: AbortSignal): Promise<void> {
    if (record.netnsPath) this.netns.remove(record.netnsPath);
    const outcomes = await Promise.allSettled(record.endpoints.map((s) => this.deleteState(record, s, signal)));
    record.endpoints = record.endpoints.filter((_, i) => outcomes[i]!.status === 'rejected');
    if (record.endpoints.length) {
      await this.save(record);
      const first = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      throw berthError('internal', `detach container ${record.containerId.slice(0, 12)}: ${(first.reason as Error).message}; detach again to retry`, first.reason);
    }
    this.ports.release(record.containerId);
    await fsp.rm(this.store.containerDirOf(record.containerId), { recursive: true, force: true });
    await this.store.deleteAttachment(record.containerId);
    this.records.delete(record.containerId);
  }

  private async removeLocked(network: NetworkInfo): Promise<void> {
    if (network.predefined) throw berthError('failed-precondition', `${network.name} is a pre-defined network and cannot be removed`);
    if (this.inUse(network.id)) throw berthError('failed-precondition', `error while removing network: network ${network.name} id ${network.id} has active endpoints; disconnect or stop its containers first`);
    this.catalog.delete(network.id);
    await this.firewall.sync(this.catalog.list());
    if (network.bridge) await removeBridge(network.bridge);
    await fsp.rm(this.store.ipamDirOf(network.id), { recursive: true, force: true });
    await this.store.deleteNetwork(network.id);
  }

  /** Waits for the background teardowns of these containers (errors are reported elsewhere). */
  private async released(containerIds: ReadonlySet<string>): Promise<void> {
    await Promise.allSettled([...containerIds].flatMap((id) => this.teardowns.get(id) ?? []));
  }

  private inUse(networkId: string): boolean {
    return [...this.records.values()].some((r) => r.endpoints.some((e) => e.networkId === networkId));
  }

  private attachedRecord(containerId: string): AttachmentRecord {
    const record = this.records.get(containerId);
    if (!record || record.state !== 'attached') throw berthError('not-found', `container ${containerId.slice(0, 12)} has no network attachment (is it running?); the API records networks of stopped containers itself`);
    return record;
  }

  /** Saves of one record are serialized and serialize its state when their turn comes. */
  private save(record: AttachmentRecord): Promise<void> {
    return this.saves.run(record.containerId, () => this.store.saveAttachment(record));
  }
}
