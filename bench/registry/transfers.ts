// One timed transfer each: Berth's pushImage/pullImage in this process (as berthd runs them), and
// the peers as the commands a user would type. Every transfer starts from the same state: a fresh
// registry for pushes, an empty destination for pulls.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pullImage } from '../../engine/src/registry/pull';
import { pushImage } from '../../engine/src/registry/push';
import { openTestStore } from '../../test/fixtures/registry/testStore';
import { benchImageName, type BenchImage } from './benchImage';

export interface TransferSettings {
  /** Parallel blob transfers; undefined: Berth's defaults (3 down, 5 up, as Docker). */
  readonly concurrency?: number;
  /** PATCH chunk size for pushes; undefined: one PUT per blob. */
  readonly chunkSize?: number;
}

async function timed(run: () => Promise<unknown> | unknown): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

export async function berthPush(image: BenchImage, host: string, settings: TransferSettings): Promise<number> {
  const store = await openTestStore(image.storeDir);
  const name = `${host}/bench/berth:1`;
  await store.images.set(name, image.descriptor);
  try {
    return await timed(() => pushImage(name, { store, ...(settings.concurrency ? { concurrency: settings.concurrency } : {}), ...(settings.chunkSize ? { chunkSize: settings.chunkSize } : {}) }));
  } finally {
    await store.images.delete(name);
  }
}

export function skopeoPush(image: BenchImage, host: string): Promise<number> {
  return timed(() => execFileSync('skopeo', ['copy', '--quiet', '--dest-tls-verify=false', '--preserve-digests', `oci:${join(image.storeDir, 'content')}:${benchImageName}`, `docker://${host}/bench/skopeo:1`]));
}

export async function berthPull(ref: string, dest: string, unpack: boolean, settings: TransferSettings): Promise<number> {
  const store = await openTestStore(dest);
  return timed(() => pullImage(ref, { store, ...(unpack ? { snapshotter: store.snapshotter } : {}), ...(settings.concurrency ? { concurrency: settings.concurrency } : {}) }));
}

export function skopeoPull(ref: string, dest: string): Promise<number> {
  return timed(() => execFileSync('skopeo', ['copy', '--quiet', '--src-tls-verify=false', `docker://${ref}`, `oci:${dest}:copy`]));
}

/** podman pull into an empty store of its own (decompress and unpack, as `docker pull` does). */
export async function podmanPull(ref: string): Promise<number> {
  const root = mkdtempSync(join(tmpdir(), 'bp-')); // podman refuses a runroot longer than 50 characters
  try {
    return await timed(() => execFileSync('podman', ['--root', join(root, 'storage'), '--runroot', join(root, 'run'), '--storage-driver', 'overlay', 'pull', '--quiet', '--tls-verify=false', ref], { stdio: 'pipe' }));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
