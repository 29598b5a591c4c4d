// Who resolves whom: keeps the hosts files of attached containers in step with their user-defined
// networks (see hostsFile.ts for why files). Each file gets one write at a time, its content
// computed when its turn comes, so concurrent attaches and detaches never interleave bytes.
import { isNotFound } from '../image/berthError';
import { peersOf } from './attachmentRecords';
import { writeContainerFiles, writeHostsFile, type HostFiles } from './containerFiles';
import { KeyedLock } from './keyedLock';
import type { NetworkInfo } from './network';
import type { AttachmentRecord } from './networkStore';

export class NameDirectory {
  private readonly writes = new KeyedLock();

  constructor(
    private readonly records: ReadonlyMap<string, AttachmentRecord>,
    private readonly network: (id: string) => NetworkInfo,
    private readonly hostFiles: HostFiles,
  ) {}

  /** Writes a newly attached container's three files. */
  writeAll(record: AttachmentRecord): Promise<void> {
    return this.writes.run(record.containerId, () => writeContainerFiles(record, this.peersOf(record), this.hostFiles));
  }

  /** Rewrites one container's hosts file (its own networks changed). */
  write(record: AttachmentRecord): Promise<void> {
    return this.writes.run(record.containerId, () => writeHostsFile(record, this.peersOf(record), this.hostFiles));
  }

  /** Rewrites the hosts files of every attached container on these networks, except `skip`. */
  async refresh(networks: ReadonlySet<string>, skip?: AttachmentRecord): Promise<void> {
    if (!networks.size) return;
    const affected = [...this.records.values()].filter((r) => r !== skip && r.state === 'attached' && r.endpoints.some((e) => networks.has(e.networkId)));
    await Promise.all(affected.map((r) => this.write(r)));
  }

  /** The user-defined networks a container has an endpoint on (names resolve on those only). */
  userNetworksOf(record: AttachmentRecord): Set<string> {
    return new Set(record.endpoints.filter((e) => e.endpoint && this.isUserDefined(e.networkId)).map((e) => e.networkId));
  }

  idle(): Promise<void> {
    return this.writes.idle();
  }

  private peersOf(record: AttachmentRecord) {
    return peersOf(record, this.records.values(), this.isUserDefined);
  }

  private isUserDefined = (networkId: string): boolean => {
    try {
      return !this.network(networkId).predefined;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  };
}
