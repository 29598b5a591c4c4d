// What verify, repair, GC and disk usage work over: the daemon's composition root builds one and
// passes it in (no module reaches for a global store).
import type { RecordedSnapshotter } from '../snapshot/recordedSnapshotter';
import type { Leases } from './leases';
import type { LayoutImageStore } from './layoutImageStore';
import type { OciLayoutStore } from './ociLayoutStore';

export interface StoreParts {
  readonly content: OciLayoutStore;
  readonly images: LayoutImageStore;
  readonly snapshotters: readonly RecordedSnapshotter[];
  readonly leases: Leases;
  /** Digests of blobs other owners keep (the build cache's layers): GC roots like named images. */
  readonly roots?: () => Promise<Iterable<string>>;
}
