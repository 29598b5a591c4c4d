// Where networking state is kept. Network definitions are configuration and persist across reboots
// (<root>/networks/<id>.json). Everything an attachment holds is runtime state and lives under the
// run directory (a tmpfs under /run): the attachment records with their cached CNI results, the
// host-local leases, the network namespaces and the containers' hosts/resolv.conf files. After a
// reboot all of it is gone together, as the veths and iptables rules are, so nothing stale survives
// (podman's netavark keeps its IPAM database under /run for the same reason).
// Records are replaced atomically (ARCHITECTURE rule 3): a crash leaves the old or the new one.
// Attachment records skip the fsyncs: they guard against berthd dying, which a rename covers, while
// after a machine crash the namespaces, veths and rules they describe are gone anyway (three saves
// per attach, ~1.5 ms each with fsync on this machine's disk-backed /run).
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { berthError, errnoCode } from '../image/berthError';
import { isTempFile, writeFileAtomic } from '../store/atomicFile';
import type { CniResult } from './cniResult';
import type { PluginConfig } from './cniPlugins';
import type { ContainerFiles, Endpoint, ExtraHost, NetworkInfo, NetworkMode, PublishedPort } from './network';

/** One network of an attachment, from before its ADD (for rollback after a crash) to its DEL. */
export interface EndpointState {
  readonly networkId: string;
  readonly ifname: string;
  /** The plugin configurations as sent on ADD: DEL and CHECK send the same. */
  readonly plugins: readonly PluginConfig[];
  /** The cached ADD result, recorded as soon as the first plugin returned it. */
  result?: CniResult;
  /** Set once the whole ADD succeeded. */
  endpoint?: Endpoint;
}

export type AttachmentState = 'attaching' | 'attached' | 'detaching';

export interface AttachmentRecord {
  readonly containerId: string;
  readonly name: string;
  readonly mode: NetworkMode['kind'];
  state: AttachmentState;
  netnsPath?: string;
  readonly hostname: string;
  readonly domainname?: string;
  readonly files: ContainerFiles;
  endpoints: EndpointState[];
  ports: PublishedPort[];
  readonly extraHosts: readonly ExtraHost[];
  readonly dns?: { servers?: readonly string[]; search?: readonly string[]; options?: readonly string[] };
  readonly warnings: readonly string[];
}

export interface NetworkPaths {
  /** Persistent: network definitions */
  readonly root: string;
  /** Runtime: attachments, leases, namespaces, container files */
  readonly runDir: string;
}

export class NetworkStore {
  readonly networksDir: string;
  readonly attachmentsDir: string;
  readonly netnsDir: string;
  readonly ipamDir: string;
  readonly containersDir: string;
  readonly toolsDir: string;

  constructor(paths: NetworkPaths) {
    this.networksDir = join(paths.root, 'networks');
    this.attachmentsDir = join(paths.runDir, 'attachments');
    this.netnsDir = join(paths.runDir, 'netns');
    this.ipamDir = join(paths.runDir, 'ipam');
    this.containersDir = join(paths.runDir, 'containers');
    this.toolsDir = join(paths.runDir, 'ipv4-tools');
  }

  async init(): Promise<void> {
    for (const dir of [this.networksDir, this.attachmentsDir, this.ipamDir, this.containersDir]) await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
    // the containers' files are bind-mounted into containers that may run as any user
    await fsp.chmod(this.containersDir, 0o711);
  }

  /** host-local's dataDir for one network (it adds a subdirectory named after the network). */
  ipamDirOf(networkId: string): string {
    return join(this.ipamDir, networkId);
  }

  containerDirOf(containerId: string): string {
    return join(this.containersDir, containerId);
  }

  async loadNetworks(): Promise<NetworkInfo[]> {
    return (await this.loadAll(this.networksDir)).map(({ file, value }) => checkNetwork(value, file));
  }

  saveNetwork(network: NetworkInfo): Promise<void> {
    return writeFileAtomic(join(this.networksDir, `${network.id}.json`), JSON.stringify(network, null, 2));
  }

  async deleteNetwork(id: string): Promise<void> {
    await fsp.rm(join(this.networksDir, `${id}.json`), { force: true });
  }

  async loadAttachments(): Promise<AttachmentRecord[]> {
    return (await this.loadAll(this.attachmentsDir)).map(({ file, value }) => checkAttachment(value, file));
  }

  async saveAttachment(record: AttachmentRecord): Promise<void> {
    const path = join(this.attachmentsDir, `${record.containerId}.json`);
    const temp = `${path}.tmp-${randomBytes(4).toString('hex')}`;
    await fsp.writeFile(temp, JSON.stringify(record), { mode: 0o600 });
    try {
      await fsp.rename(temp, path);
    } catch (err) {
      await fsp.rm(temp, { force: true });
      throw err;
    }
  }

  async deleteAttachment(containerId: string): Promise<void> {
    await fsp.rm(join(this.attachmentsDir, `${containerId}.json`), { force: true });
  }

  private async loadAll(dir: string): Promise<{ file: string; value: unknown }[]> {
    const out: { file: string; value: unknown }[] = [];
    for (const name of await fsp.readdir(dir)) {
      const file = join(dir, name);
      if (isTempFile(name)) {
        await fsp.rm(file, { force: true }); // an interrupted write; the record it replaced is intact
        continue;
      }
      if (!name.endsWith('.json')) continue;
      try {
        out.push({ file, value: JSON.parse(await fsp.readFile(file, 'utf8')) as unknown });
      } catch (err) {
        if (errnoCode(err) === 'ENOENT') continue;
        throw berthError('data-loss', `network record ${file} is unreadable (${(err as Error).message}); remove it and restart berthd`, err);
      }
    }
    return out;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkNetwork(value: unknown, file: string): NetworkInfo {
  if (!isObject(value) || typeof value.id !== 'string' || typeof value.name !== 'string' || !['bridge', 'host', 'null'].includes(value.driver as string)) {
    throw berthError('data-loss', `network record ${file} is not a network (id, name, driver); remove it and restart berthd`);
  }
  return value as unknown as NetworkInfo;
}

function checkAttachment(value: unknown, file: string): AttachmentRecord {
  if (!isObject(value) || typeof value.containerId !== 'string' || !['attaching', 'attached', 'detaching'].includes(value.state as string) || !Array.isArray(value.endpoints)) {
    throw berthError('data-loss', `attachment record ${file} is not an attachment (containerId, state, endpoints); remove it and restart berthd`);
  }
  return value as unknown as AttachmentRecord;
}
