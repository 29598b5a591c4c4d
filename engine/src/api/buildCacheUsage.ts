// The BuildCache section of GET /system/df, in Docker's shape (types.BuildCache): one item per
// build cache record (type `regular`, the layer its step wrote) and one per RUN cache mount
// directory (type `exec.cachemount`). A record whose layer an image also holds, or another record
// names already, is `Shared`: the docker CLI leaves shared items out of the cache's size and of
// what a prune would reclaim, which is what removing the record would actually free.
import type { BuildCacheUsage } from '../build/builder';
import type { LocalImages } from './localImages';

export interface DockerBuildCacheItem {
  readonly ID: string;
  readonly Parents: readonly string[];
  readonly Type: 'regular' | 'exec.cachemount';
  readonly Description: string;
  readonly InUse: boolean;
  readonly Shared: boolean;
  readonly Size: number;
  readonly CreatedAt: string;
  readonly LastUsedAt: string;
  readonly UsageCount: number;
}

export function buildCacheItems(usage: BuildCacheUsage, imageLayers: ReadonlySet<string>): DockerBuildCacheItem[] {
  const seen = new Set<string>();
  const records = usage.entries.map((r): DockerBuildCacheItem => {
    const digest = r.layer?.digest;
    const shared = digest !== undefined && (imageLayers.has(digest) || seen.has(digest));
    if (digest !== undefined) seen.add(digest);
    return {
      ID: r.key.replace(/^sha256:/, '').slice(0, 25),
      Parents: [],
      Type: 'regular',
      Description: digest ? `build step layer ${digest}` : 'build step (configuration only)',
      InUse: false,
      Shared: shared,
      Size: r.layer?.size ?? 0,
      CreatedAt: r.created,
      LastUsedAt: r.lastUsed ?? r.created,
      UsageCount: 0,
    };
  });
  const mounts = usage.cacheMounts.map((m): DockerBuildCacheItem => ({
    ID: `mount-${m.path.slice(m.path.lastIndexOf('/') + 1)}`,
    Parents: [],
    Type: 'exec.cachemount',
    Description: `cache mount ${m.id}`,
    InUse: m.inUse,
    Shared: false,
    Size: m.bytes,
    CreatedAt: m.lastUsed.toISOString(),
    LastUsedAt: m.lastUsed.toISOString(),
    UsageCount: 0,
  }));
  return [...records, ...mounts];
}

/** The section from the builder's disk usage and the layers the local images hold. */
export async function buildCacheReport(builder: { diskUsage(): Promise<BuildCacheUsage> }, images: LocalImages): Promise<DockerBuildCacheItem[]> {
  const imageLayers = new Set<string>();
  for (const image of await images.list()) for (const layer of (await image.image.manifest()).layers) imageLayers.add(layer.digest);
  return buildCacheItems(await builder.diskUsage(), imageLayers);
}
