// Snapshots: directory trees keyed by name, stacked by parent, handed out as mount specs.
//
// Vocabulary (containerd's core/snapshots): a *key* names an active snapshot (writable, being
// filled or used by a container); a *name* names a committed one (immutable, may be a parent);
// *parent* is the committed snapshot a new one starts from. Keys and names share one namespace.
// Extracted layers are committed under their ChainID, so a layer stack is extracted once and
// shared by every image that has it.
//
// Lifecycle of unpacking layer n (snapshot/unpack.ts):
//   mounts = prepare("extract-…", chainId(n-1))   // active, empty upper over the parent stack
//   applyLayer(target(mounts), tar)              // fill it
//   commit(chainId(n), "extract-…")              // now immutable, usable as a parent
// and a container is one more prepare(containerId, topChainId) whose mounts runtime/ performs.
// A snapshotter never mounts anything itself.

export interface Mount {
  /** `overlay` or `bind`. */
  readonly type: string;
  readonly source: string;
  readonly options: readonly string[];
}

export type SnapshotKind = 'active' | 'view' | 'committed';

export interface SnapshotInfo {
  readonly name: string;
  readonly kind: SnapshotKind;
  readonly parent?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly createdAt: string;
}

export interface Usage {
  /** Bytes allocated by this snapshot alone (not its parents). */
  readonly size: number;
  readonly inodes: number;
}

export interface SnapshotOptions {
  readonly labels?: Readonly<Record<string, string>>;
}

/** Label on the temporary active snapshots layers are extracted into: GC may remove unleased ones. */
export const unpackLabel = 'berth/unpack';

export interface Snapshotter {
  /** Which implementation: `overlay` or `copy`. */
  readonly kind: string;
  stat(key: string): Promise<SnapshotInfo>;
  /** Creates an active snapshot on top of `parent` and returns how to mount it read-write. */
  prepare(key: string, parent?: string, options?: SnapshotOptions): Promise<Mount[]>;
  /** Like prepare, read-only; a view can never be committed. */
  view(key: string, parent?: string, options?: SnapshotOptions): Promise<Mount[]>;
  /** The mounts of an existing active snapshot or view. */
  mounts(key: string): Promise<Mount[]>;
  /** Turns active snapshot `key` into committed snapshot `name`. */
  commit(name: string, key: string, options?: SnapshotOptions): Promise<void>;
  /** Removes a snapshot; a committed one must have no children. */
  remove(key: string): Promise<void>;
  list(): Promise<SnapshotInfo[]>;
  usage(key: string): Promise<Usage>;
}
