// Docker's Volume document (GET /volumes, /volumes/{name}, POST /volumes/create, /system/df).
import type { VolumeRecord, VolumeStore } from './volumeStore';

export interface VolumeJson {
  readonly Name: string;
  readonly Driver: string;
  readonly Mountpoint: string;
  readonly CreatedAt: string;
  readonly Labels: Readonly<Record<string, string>> | null;
  readonly Scope: 'local';
  readonly Options: Readonly<Record<string, string>> | null;
  /** Only in /system/df: bytes under the volume (-1 when unknown) and how many containers use it. */
  readonly UsageData?: { readonly Size: number; readonly RefCount: number };
}

export function volumeJson(v: VolumeRecord, mountpoint: string, usage?: { size: number; refCount: number }): VolumeJson {
  return {
    CreatedAt: v.createdAt,
    Driver: v.driver,
    Labels: v.labels,
    Mountpoint: mountpoint,
    Name: v.name,
    Options: v.options,
    Scope: 'local',
    ...(usage ? { UsageData: { Size: usage.size, RefCount: usage.refCount } } : {}),
  };
}

/** /system/df's Volumes: every volume with its size and how many containers use it. */
export async function volumesWithUsage(store: VolumeStore): Promise<VolumeJson[]> {
  const out: VolumeJson[] = [];
  for (const v of store.list()) {
    const size = await store.usage(v.name).then((u) => u.size, () => -1);
    out.push(volumeJson(v, store.mountpoint(v.name), { size, refCount: store.usersOf(v.name).length }));
  }
  return out;
}
