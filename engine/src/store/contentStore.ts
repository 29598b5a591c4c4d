// The content store: blobs addressed by digest (containerd's core/content). Four small interfaces,
// joined in ContentStore:
//   Provider       reads committed blobs;
//   Ingester       opens a Writer; bytes become a blob only when Writer.commit verifies the size
//                  and digest the caller expected, then the blob appears atomically;
//   IngestManager  lists and aborts writes in progress (or left over by a crash);
//   Manager        lists, inspects and deletes blobs.
// Helpers over these interfaces (writeBlob, readBlob) live beside them, not as members.
import type { Readable } from 'node:stream';
import type { Digest } from '../image/digest';

export interface BlobInfo {
  readonly digest: Digest;
  readonly size: number;
  readonly createdAt: Date;
}

export interface Expected {
  readonly digest?: Digest;
  readonly size?: number;
}

export interface IngestStatus {
  /** The caller's name for the write, e.g. `pull-<digest>`; one writer per ref at a time. */
  readonly ref: string;
  /** Bytes written so far. */
  readonly offset: number;
  readonly startedAt: Date;
  readonly updatedAt: Date;
}

export interface Provider {
  /** Opens the blob for reading; not-found when absent. */
  openBlob(digest: Digest, signal?: AbortSignal): Promise<Readable>;
  info(digest: Digest): Promise<BlobInfo>;
}

export interface Writer {
  readonly ref: string;
  write(chunk: Uint8Array): Promise<void>;
  /** Digest and size of what has been written so far. */
  status(): { readonly digest: Digest; readonly size: number };
  /**
   * Verifies size and digest (the ones given here, else those given when the writer was opened),
   * then makes the blob visible. A mismatch aborts the write and fails with data-loss; an existing
   * blob with that digest fails with already-exists (the bytes were the same, nothing is lost).
   */
  commit(expected?: Expected): Promise<BlobInfo>;
  /** Drops everything written; the ref is free again. */
  abort(): Promise<void>;
}

export interface Ingester {
  openWriter(ref: string, expected?: Expected): Promise<Writer>;
}

export interface IngestManager {
  listIngests(): Promise<IngestStatus[]>;
  abortIngest(ref: string): Promise<void>;
}

export interface Manager {
  listBlobs(): Promise<BlobInfo[]>;
  deleteBlob(digest: Digest): Promise<void>;
}

export interface ContentStore extends Provider, Ingester, IngestManager, Manager {}
