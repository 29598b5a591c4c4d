// What the container documents need beyond the runtime's record, gathered once per request: the
// live network attachments, each container's configured networks (with their ids), image IDs as
// `docker images` shows them, exec sessions and, when asked, the size of the writable layer.
import { isNotFound } from '../image/berthError';
import type { Attachment, NetworkManager } from '../network/network';
import type { ContainerRecord } from '../runtime/containerRecord';
import type { Runtime } from '../runtime/runtime';
import type { Snapshotter } from '../snapshot/snapshotter';
import type { ContainerNetworks } from './containerNetworks';
import type { ContainerFacts, NetworkConfigEntry } from './containerViews';
import type { LocalImages } from './localImages';

export interface FactsDeps {
  readonly runtime: Runtime;
  readonly network: NetworkManager;
  readonly networks: ContainerNetworks;
  readonly images: LocalImages;
  readonly storageDriver: string;
  readonly snapshotter: Pick<Snapshotter, 'usage'>;
  /** Exec sessions by container id. */
  readonly execIds: (containerId: string) => readonly string[];
}

function networksOf(deps: FactsDeps, record: ContainerRecord): Record<string, NetworkConfigEntry> {
  const mode = deps.networks.modeOf(record.id, record.hostConfig.network.mode);
  const requests = mode.kind === 'bridge' ? mode.networks : [{ network: mode.kind }];
  const out: Record<string, NetworkConfigEntry> = {};
  for (const r of requests) {
    let networkId = '';
    let name = r.network;
    try {
      const n = deps.network.getNetwork(r.network);
      networkId = n.id;
      name = n.name;
    } catch (err) {
      if (!isNotFound(err)) throw err; // removed since: listed without an id, as Docker does
    }
    out[name] = { networkId, ...('aliases' in r && r.aliases ? { aliases: r.aliases } : {}), ...('ipv4Address' in r && r.ipv4Address ? { ipv4Address: r.ipv4Address } : {}) };
  }
  return out;
}

export async function gatherFacts(deps: FactsDeps, records: readonly ContainerRecord[], options: { size?: boolean } = {}): Promise<Map<string, ContainerFacts>> {
  const attachments = new Map<string, Attachment>(deps.network.listAttachments().map((a) => [a.containerId, a]));
  const imageIds = new Map<string, string>();
  for (const image of await deps.images.list()) imageIds.set(image.manifest.digest, image.id);
  const out = new Map<string, ContainerFacts>();
  for (const record of records) {
    let sizeRw: number | undefined;
    if (options.size) sizeRw = (await deps.snapshotter.usage(record.snapshotKey).catch(() => ({ size: 0 }))).size;
    const attachment = attachments.get(record.id);
    out.set(record.id, {
      ...(attachment ? { attachment } : {}),
      networks: networksOf(deps, record),
      imageId: imageIds.get(record.image.manifestDigest) ?? record.image.manifestDigest,
      storageDriver: deps.storageDriver,
      execIds: deps.execIds(record.id),
      publishAllPorts: false,
      ...(sizeRw !== undefined ? { sizeRw } : {}),
    });
  }
  return out;
}
