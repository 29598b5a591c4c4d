// The volumes side of containers: what `containers/create` and `DELETE /containers/{id}` call.
// ContainerVolumes fits the containers code's VolumeResolver seam (api/createContainer.ts):
//
//   // containers/create, before runtime.create (Binds/Mounts/Tmpfs already parsed into requests):
//   const mounts = await containerVolumes.resolve(requests, image, coveredTargets, signal);
//   const record = await runtime.create({ ...options, mounts: [...bindsAndTmpfs, ...mounts] });
//   await containerVolumes.created(record);            // the composition root does this on `create` events
//
//   // after runtime.remove(id): `docker rm -v` passes removeAnonymous; every `destroy` event passes
//   // false (the composition root does that), which still takes the volumes of --rm containers
//   await containerVolumes.removed(id, { removeAnonymous: v });
//
// `resolve` turns named volumes (created on first use), anonymous ones, and an anonymous volume per
// image VOLUME that nothing else covers into the runtime's mount data (a volume's `source` is its
// host directory), and copies what the image holds at a target into each new, still empty volume,
// as Docker does (not for binds, not with nocopy). Volumes stay held against prune and removal
// until the container exists (`created`), or for ten minutes when its create failed.
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { Image } from '../image/image';
import type { ContainerRecord } from '../runtime/containerRecord';
import type { MountRequest } from '../runtime/createOptions';
import { mountRootfs, unmountRootfs } from '../runtime/rootfsMount';
import { unpackLabel, type Snapshotter } from '../snapshot/snapshotter';
import { unpackImage } from '../snapshot/unpack';
import type { Leases } from '../store/leases';
import { copyUp } from './copyUp';
import { anonymousLabel, anonymousVolumeName } from './volumeName';
import type { VolumeStore } from './volumeStore';

/** One volume a create asks for (HostConfig.Binds `name:/dst`, Mounts type=volume, or anonymous). */
export interface VolumeRequest {
  /** Absent: a new anonymous volume. */
  readonly name?: string;
  readonly target: string;
  readonly readOnly: boolean;
  /** Do not copy the image's content at the target into a new empty volume. */
  readonly noCopy: boolean;
  readonly driver?: string;
  readonly driverOptions?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
}

const holdLimitMs = 10 * 60 * 1000;

export interface ContainerVolumesOptions {
  readonly volumes: VolumeStore;
  readonly snapshotter: Snapshotter;
  /** Where an image's root is mounted while copying from it: a private directory (under the run dir). */
  readonly scratchDir: string;
  readonly leases?: Leases;
}

export class ContainerVolumes {
  private constructor(private readonly volumes: VolumeStore, private readonly snapshotter: Snapshotter, private readonly scratchDir: string, private readonly leases: Leases | undefined) {}

  /** Opens over `scratchDir`, unmounting what an interrupted copy left there. */
  static async open(o: ContainerVolumesOptions): Promise<ContainerVolumes> {
    await fsp.mkdir(o.scratchDir, { recursive: true, mode: 0o700 });
    for (const name of await fsp.readdir(o.scratchDir)) {
      unmountRootfs(join(o.scratchDir, name));
      await fsp.rmdir(join(o.scratchDir, name));
    }
    return new ContainerVolumes(o.volumes, o.snapshotter, o.scratchDir, o.leases);
  }

  /**
   * Mount data for `requests` plus an anonymous volume for each image VOLUME outside `covered`
   * (the targets of the create's binds, tmpfs and volumes), volumes created and filled as needed.
   */
  async resolve(requests: readonly VolumeRequest[], image: { readonly image: Image }, covered: readonly string[], signal?: AbortSignal): Promise<MountRequest[]> {
    const imageVolumes = Object.keys((await image.image.config()).config?.Volumes ?? {}).map((v) => v.replace(/(.)\/+$/, '$1'));
    const taken = new Set([...covered, ...requests.map((r) => r.target)]);
    const all = [...requests, ...imageVolumes.filter((t) => !taken.has(t)).map((target): VolumeRequest => ({ target, readOnly: false, noCopy: false }))];
    const mounts: MountRequest[] = [];
    const fill: { name: string; target: string }[] = [];
    for (const r of all) {
      const name = r.name ?? anonymousVolumeName();
      this.volumes.hold([name], holdLimitMs);
      const { volume } = await this.volumes.create({
        name, anonymous: r.name === undefined, ...(r.driver ? { driver: r.driver } : {}),
        ...(r.driverOptions ? { options: r.driverOptions } : {}), ...(r.labels ? { labels: r.labels } : {}),
      });
      const source = await this.volumes.use(name);
      if (!r.noCopy && (await fsp.readdir(source)).length === 0) fill.push({ name, target: r.target });
      mounts.push({ type: 'volume', name, source, target: r.target, readOnly: r.readOnly, driver: volume.driver });
    }
    if (fill.length > 0) {
      await this.withImageRoot(image.image, async (root) => {
        for (const f of fill) await copyUp(root, f.target, this.volumes.mountpoint(f.name), signal);
      }, signal);
    }
    return mounts;
  }

  /** The container exists: its anonymous volumes become its own (for rm -v and --rm), holds end. */
  async created(record: Pick<ContainerRecord, 'id' | 'hostConfig'>): Promise<void> {
    for (const m of record.hostConfig.mounts) {
      if (m.type !== 'volume') continue;
      this.volumes.release([m.name]);
      const v = this.volumes.find(m.name);
      if (v && v.owner === undefined && v.labels !== null && anonymousLabel in v.labels) {
        await this.volumes.setOwner(m.name, { container: record.id, autoRemove: record.hostConfig.autoRemove });
      }
    }
  }

  /** A container is gone: see VolumeStore.containerRemoved. Returns the volumes removed. */
  removed(containerId: string, options: { readonly removeAnonymous: boolean }): Promise<string[]> {
    return this.volumes.containerRemoved(containerId, options);
  }

  /** Runs `use` with the image's root filesystem readable at a host path (layers unpacked if needed). */
  private async withImageRoot(image: Image, use: (root: string) => Promise<void>, signal?: AbortSignal): Promise<void> {
    const lease = this.leases?.acquire();
    const key = `copyup-${randomBytes(8).toString('hex')}`;
    try {
      const chainIds = await unpackImage(this.snapshotter, image, { ...(lease ? { lease } : {}), ...(signal ? { signal } : {}) });
      const top = chainIds.at(-1);
      if (top === undefined) return; // an image without layers holds nothing to copy
      lease?.addSnapshot(key);
      const mounts = await this.snapshotter.view(key, top, { labels: { [unpackLabel]: key } });
      try {
        if (mounts.length === 1 && mounts[0]!.type === 'bind') return await use(mounts[0]!.source);
        const target = join(this.scratchDir, key);
        await fsp.mkdir(target, { recursive: true, mode: 0o700 });
        mountRootfs(mounts, target);
        try {
          await use(target);
        } finally {
          unmountRootfs(target);
          await fsp.rmdir(target);
        }
      } finally {
        await this.snapshotter.remove(key);
      }
    } finally {
      lease?.release();
    }
  }
}

/** IDs of the containers whose mounts name the volume `name` (the VolumeStore's `users`). */
export function volumeUsers(records: readonly Pick<ContainerRecord, 'id' | 'hostConfig'>[], name: string): string[] {
  return records.filter((r) => r.hostConfig.mounts.some((m) => m.type === 'volume' && m.name === name)).map((r) => r.id);
}
