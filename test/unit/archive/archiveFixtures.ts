// Archives for the save/load tests: the engine's own save output, and hand-made ones in Docker's
// legacy layout (manifest.json + <id>/layer.tar + <id>.json) built with tar-stream.
import { Readable } from 'node:stream';
import { pack } from 'tar-stream';
import { digestOf } from '../../../engine/src/image/digest';
import type { MemoryLayer } from '../../fixtures/memoryImage';
import { openDecompressed } from '../../../engine/src/layer/compression';
import { readAll } from '../../fixtures/scratch';

export interface ArchiveEntry {
  readonly name: string;
  readonly type?: 'file' | 'directory' | 'symlink' | 'link';
  readonly content?: Buffer | string;
  readonly linkname?: string;
}

/** A tar written with tar-stream (independent of the engine's writer), binary content kept. */
export async function archiveTar(entries: readonly ArchiveEntry[]): Promise<Buffer> {
  const p = pack();
  const done = readAll(p as unknown as AsyncIterable<Buffer>);
  for (const e of entries) {
    const type = e.type ?? 'file';
    await new Promise<void>((resolve, reject) => {
      const header = { name: e.name, type, mode: type === 'directory' ? 0o755 : 0o644, ...(e.linkname === undefined ? {} : { linkname: e.linkname }) };
      const cb = (err?: Error | null) => (err ? reject(err) : resolve());
      if (type === 'file') p.entry(header, typeof e.content === 'string' ? Buffer.from(e.content) : e.content ?? Buffer.alloc(0), cb);
      else p.entry(header, cb);
    });
  }
  p.finalize();
  return done;
}

export function archiveStream(bytes: Buffer): Readable {
  return Readable.from([bytes]);
}

export async function uncompressedLayer(layer: MemoryLayer): Promise<Buffer> {
  return readAll((await openDecompressed(Readable.from([layer.bytes]))).stream);
}

export interface LegacyImage {
  readonly config: Buffer;
  readonly entries: ArchiveEntry[];
}

/** Docker's pre-25 `docker save` layout for one image: uncompressed layers in per-layer folders. */
export async function legacyArchive(layers: readonly MemoryLayer[], repoTags: readonly string[], options: { diffIds?: readonly string[] } = {}): Promise<LegacyImage> {
  const config = Buffer.from(JSON.stringify({
    architecture: 'amd64', os: 'linux', config: { Cmd: ['/bin/sh'] },
    rootfs: { type: 'layers', diff_ids: options.diffIds ?? layers.map((l) => l.diffId) },
  }));
  const configName = `${digestOf(config).slice(7)}.json`;
  const entries: ArchiveEntry[] = [];
  const paths: string[] = [];
  for (const [i, layer] of layers.entries()) {
    const dir = `layer${i}`;
    entries.push({ name: `${dir}/`, type: 'directory' }, { name: `${dir}/VERSION`, content: '1.0' }, { name: `${dir}/layer.tar`, content: await uncompressedLayer(layer) });
    paths.push(`${dir}/layer.tar`);
  }
  entries.push({ name: configName, content: config });
  entries.push({ name: 'manifest.json', content: JSON.stringify([{ Config: configName, RepoTags: repoTags, Layers: paths }]) });
  return { config, entries };
}
