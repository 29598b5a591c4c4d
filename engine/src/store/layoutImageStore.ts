// ImageStore over an OCI layout's index.json. Read fresh on every call (other tools such as skopeo
// may have written the layout), replaced atomically under a lock on every change.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { berthError } from '../image/berthError';
import { descriptorJson, refNameAnnotation, type Descriptor } from '../image/descriptor';
import { parseIndexManifest, type IndexManifest } from '../image/manifest';
import { mediaTypes } from '../image/mediaTypes';
import { Mutex, writeFileAtomic } from './atomicFile';
import type { ImageRecord, ImageStore } from './imageStore';

export class LayoutImageStore implements ImageStore {
  private readonly lock = new Mutex();

  constructor(readonly root: string) {}

  private get path(): string {
    return join(this.root, 'index.json');
  }

  async readIndex(): Promise<IndexManifest> {
    return parseIndexManifest(await fsp.readFile(this.path), `${this.path}`, mediaTypes.ociIndex);
  }

  private async writeIndex(index: IndexManifest, manifests: readonly Descriptor[]): Promise<void> {
    const json = {
      schemaVersion: 2,
      mediaType: mediaTypes.ociIndex,
      manifests: manifests.map(descriptorJson),
      ...(index.annotations === undefined ? {} : { annotations: index.annotations }),
    };
    await writeFileAtomic(this.path, JSON.stringify(json));
  }

  async list(): Promise<ImageRecord[]> {
    return (await this.readIndex()).manifests.map((d) => {
      const name = d.annotations?.[refNameAnnotation];
      return name === undefined ? { target: d } : { name, target: d };
    });
  }

  async get(name: string): Promise<ImageRecord> {
    const found = (await this.list()).find((r) => r.name === name);
    if (!found) throw berthError('not-found', `image ${name}: not found`);
    return found;
  }

  set(name: string, target: Descriptor): Promise<void> {
    return this.lock.run(async () => {
      const index = await this.readIndex();
      const named: Descriptor = { ...target, annotations: { ...target.annotations, [refNameAnnotation]: name } };
      const others = index.manifests.filter((d) => d.annotations?.[refNameAnnotation] !== name);
      await this.writeIndex(index, [...others, named]);
    });
  }

  delete(name: string): Promise<void> {
    return this.lock.run(async () => {
      const index = await this.readIndex();
      const kept = index.manifests.filter((d) => d.annotations?.[refNameAnnotation] !== name);
      if (kept.length === index.manifests.length) throw berthError('not-found', `image ${name}: not found`);
      await this.writeIndex(index, kept);
    });
  }

  /** Replaces the entries wholesale (repair). */
  replaceAll(manifests: readonly Descriptor[]): Promise<void> {
    return this.lock.run(async () => {
      const index = await this.readIndex().catch(() => ({ schemaVersion: 2 as const, mediaType: mediaTypes.ociIndex, manifests: [] }));
      await this.writeIndex(index, manifests);
    });
  }
}
