// The invariant checker every source and sink round trip ends with (go-containerregistry's
// validate.Image): the manifest digest matches its bytes, the config matches its descriptor, every
// layer's bytes match its digest and size, and its decompressed bytes match the config's diffId.
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import { berthError } from './berthError';
import { Digester, digestOf, type Digest } from './digest';
import type { Image } from './image';

async function measure(stream: NodeJS.ReadableStream): Promise<{ digest: Digest; size: number }> {
  const digester = new Digester();
  await pipeline(stream, new Writable({ write(chunk: Buffer, _enc, done) { digester.update(chunk); done(); } }));
  return { digest: digester.digest(), size: digester.size };
}

export async function validateImage(image: Image): Promise<void> {
  const raw = await image.rawManifest();
  const digest = await image.digest();
  if (digestOf(raw) !== digest) throw berthError('data-loss', `image ${digest}: manifest bytes hash to ${digestOf(raw)}`);
  const manifest = await image.manifest();
  const rawConfig = await image.rawConfig();
  if (digestOf(rawConfig) !== manifest.config.digest || rawConfig.byteLength !== manifest.config.size) {
    throw berthError('data-loss', `image ${digest}: config does not match its descriptor ${manifest.config.digest} (${manifest.config.size} bytes)`);
  }
  const config = await image.config();
  const layers = await image.layers();
  if (layers.length !== manifest.layers.length || config.rootfs.diff_ids.length !== layers.length) {
    throw berthError('data-loss', `image ${digest}: ${manifest.layers.length} layers in the manifest, ${config.rootfs.diff_ids.length} diff_ids in the config`);
  }
  for (const [i, layer] of layers.entries()) {
    const want = manifest.layers[i]!;
    const got = await measure(await layer.compressed());
    if (got.digest !== want.digest || got.size !== want.size) {
      throw berthError('data-loss', `image ${digest}: layer ${i} is ${got.digest} (${got.size} bytes), manifest says ${want.digest} (${want.size} bytes)`);
    }
    const diffId = (await measure(await layer.uncompressed())).digest;
    if (diffId !== config.rootfs.diff_ids[i] || diffId !== (await layer.diffId())) {
      throw berthError('data-loss', `image ${digest}: layer ${i} decompresses to ${diffId}, config says ${config.rootfs.diff_ids[i]}`);
    }
  }
}
