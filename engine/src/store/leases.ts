// Leases protect work in progress from GC (containerd's core/leases): a pull holds its blobs before
// the tag exists, an unpack holds its temporary snapshot. Leases live in the daemon's memory only:
// after a crash nothing holds them, which is what lets GC clean up what the crash interrupted.

export interface Lease {
  addContent(digest: string): void;
  addSnapshot(name: string): void;
  release(): void;
}

export class Leases {
  private readonly held = new Set<{ content: Set<string>; snapshots: Set<string> }>();

  acquire(): Lease {
    const entry = { content: new Set<string>(), snapshots: new Set<string>() };
    this.held.add(entry);
    return {
      addContent: (digest) => void entry.content.add(digest),
      addSnapshot: (name) => void entry.snapshots.add(name),
      release: () => void this.held.delete(entry),
    };
  }

  holdsContent(digest: string): boolean {
    return [...this.held].some((e) => e.content.has(digest));
  }

  holdsSnapshot(name: string): boolean {
    return [...this.held].some((e) => e.snapshots.has(name));
  }

  contentRoots(): string[] {
    return [...this.held].flatMap((e) => [...e.content]);
  }

  snapshotRoots(): string[] {
    return [...this.held].flatMap((e) => [...e.snapshots]);
  }
}
