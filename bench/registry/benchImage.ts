// The benchmark image: two layers made by Berth's own createLayer into a Berth store, one from
// 100 MiB of random bytes and one from 100 MiB of text (the trees of test/fixtures/bigLayer.ts,
// hard-linked into one directory each). The store is an OCI layout, so skopeo reads the very same
// blobs (`oci:<root>/content:bench`). Built once and kept under the results directory.
import { linkSync, mkdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Descriptor } from '../../engine/src/image/descriptor';
import { isNotFound } from '../../engine/src/image/berthError';
import { buildBigLayer } from '../../test/fixtures/bigLayer';
import { openTestStore } from '../../test/fixtures/registry/testStore';
import { storeDirImage } from '../../test/fixtures/registry/storeDirImage';

export const benchImageName = 'bench';

export interface BenchImage {
  /** Root of the store (content/ is the OCI layout). */
  readonly storeDir: string;
  readonly descriptor: Descriptor;
  /** Manifest, config and layers: what every transfer moves. */
  readonly bytes: number;
}

export async function prepareBenchImage(cacheDir: string): Promise<BenchImage> {
  const { tree } = buildBigLayer(cacheDir);
  const dirs: string[] = [];
  for (const [dir, file] of [['random-layer', 'random.bin'], ['text-layer', 'text.txt']] as const) {
    mkdirSync(join(cacheDir, dir), { recursive: true });
    if (!existsSync(join(cacheDir, dir, file))) linkSync(join(tree, file), join(cacheDir, dir, file));
    dirs.push(join(cacheDir, dir));
  }
  const storeDir = join(cacheDir, 'source-store');
  const store = await openTestStore(storeDir);
  const existing = await store.images.get(benchImageName).catch((err: unknown) => (isNotFound(err) ? undefined : Promise.reject(err)));
  const descriptor = existing?.target ?? (await storeDirImage(store, benchImageName, dirs));
  const bytes = (await store.content.listBlobs()).reduce((sum, b) => sum + b.size, 0);
  return { storeDir, descriptor, bytes };
}
