// Image references: names (e.g. `docker.io/library/alpine:3.20`) pointing at a manifest or index
// descriptor. In the OCI layout they are the entries of index.json, each named by its
// `org.opencontainers.image.ref.name` annotation (layoutImageStore.ts).
import type { Descriptor } from '../image/descriptor';

export interface ImageRecord {
  /** The reference as given when tagging; undefined for entries written without a name. */
  readonly name?: string;
  readonly target: Descriptor;
}

export interface ImageStore {
  list(): Promise<ImageRecord[]>;
  /** not-found when no entry has that name. */
  get(name: string): Promise<ImageRecord>;
  /** Creates or moves the name to `target`. */
  set(name: string, target: Descriptor): Promise<void>;
  /** not-found when no entry has that name. */
  delete(name: string): Promise<void>;
}
