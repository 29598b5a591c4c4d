// `berth system check`: verifies the layout files, every blob against its digest, every named image
// down to its last layer, leftover ingests and temp files, and the snapshot records; `repairStore`
// fixes what can be fixed without the network (deletes damaged blobs and leftovers, drops names
// whose content is gone so they can be pulled again) and checks again.
import { createReadStream, promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { Digester, isDigest, type Digest } from '../image/digest';
import type { Descriptor } from '../image/descriptor';
import { parseImageConfig } from '../image/imageConfig';
import { childDescriptors } from '../image/manifest';
import { isIndexMediaType, isManifestMediaType } from '../image/mediaTypes';
import { unpackLabel } from '../snapshot/snapshotter';
import { isTempFile, writeFileAtomic } from './atomicFile';
import { readBlob } from './blobs';
import { ociLayoutFile } from './ociLayoutStore';
import type { StoreParts } from './storeParts';

export interface Problem {
  /** What is broken: a path, `image <name>`, `blob <digest>`, `snapshot <name>`. */
  readonly object: string;
  readonly message: string;
  /** What --repair does about it. */
  readonly repair: string;
  readonly fix: () => Promise<void>;
}

async function hashFile(path: string): Promise<{ digest: Digest; size: number }> {
  const digester = new Digester();
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) digester.update(chunk);
  return { digest: digester.digest(), size: digester.size };
}

async function checkLayout(parts: StoreParts, out: Problem[]): Promise<boolean> {
  const root = parts.content.root;
  const layoutOk = await fsp.readFile(join(root, 'oci-layout'), 'utf8').then((t) => (JSON.parse(t) as { imageLayoutVersion?: unknown }).imageLayoutVersion === '1.0.0', () => false);
  if (!layoutOk) out.push({ object: join(root, 'oci-layout'), message: 'missing or invalid', repair: 'rewrite it', fix: () => writeFileAtomic(join(root, 'oci-layout'), JSON.stringify(ociLayoutFile)) });
  const indexOk = await parts.images.readIndex().then(() => true, () => false);
  if (!indexOk) {
    out.push({
      object: join(root, 'index.json'), message: 'missing or unreadable: no image names can be read', repair: 'keep it as index.json.broken and start an empty index',
      fix: async () => {
        await fsp.rename(join(root, 'index.json'), join(root, 'index.json.broken')).catch(() => undefined);
        await parts.images.replaceAll([]);
      },
    });
  }
  for (const name of await fsp.readdir(root)) {
    if (isTempFile(name)) out.push({ object: join(root, name), message: 'leftover temp file from an interrupted write', repair: 'delete it', fix: () => fsp.rm(join(root, name), { force: true }) });
  }
  return indexOk;
}

/** Verifies every blob against its name; returns the digests that are sound and those merely present. */
async function checkBlobs(parts: StoreParts, out: Problem[]): Promise<{ good: Set<string>; present: Set<string> }> {
  const good = new Set<string>();
  const present = new Set<string>();
  const blobsDir = join(parts.content.root, 'blobs');
  for (const algorithm of await fsp.readdir(blobsDir)) {
    for (const name of await fsp.readdir(join(blobsDir, algorithm))) {
      const path = join(blobsDir, algorithm, name);
      const digest = `${algorithm}:${name}`;
      if (!isDigest(digest) || algorithm !== 'sha256') {
        out.push({ object: path, message: 'not a blob (stray file in blobs/)', repair: 'delete it', fix: () => fsp.rm(path, { recursive: true, force: true }) });
        continue;
      }
      present.add(digest);
      const actual = await hashFile(path);
      if (actual.digest !== digest) {
        out.push({ object: `blob ${digest}`, message: `content hashes to ${actual.digest}`, repair: 'delete it (re-pull the images that need it)', fix: () => fsp.rm(path, { force: true }) });
        continue;
      }
      good.add(digest);
    }
  }
  return { good, present };
}

interface Blobs {
  readonly good: Set<string>;
  readonly present: Set<string>;
}

/**
 * Why the tree under `d` is unusable, or undefined when it is whole. An index may lack the
 * manifests of platforms that were never pulled; the ones it has must be whole, and it must
 * have at least one.
 */
async function treeProblem(parts: StoreParts, d: Descriptor, blobs: Blobs, depth = 0): Promise<string | undefined> {
  if (!blobs.good.has(d.digest)) return `blob ${d.digest} is ${blobs.present.has(d.digest) ? 'damaged' : 'missing'}`;
  const info = await parts.content.info(d.digest);
  if (info.size !== d.size) return `blob ${d.digest} has ${info.size} bytes, the descriptor says ${d.size}`;
  if (!isIndexMediaType(d.mediaType) && !isManifestMediaType(d.mediaType)) return undefined;
  if (depth > 8) return `${d.digest}: indexes nested too deep`;
  try {
    const children = childDescriptors(d.mediaType, await readBlob(parts.content, d.digest), `blob ${d.digest}`);
    if (isIndexMediaType(d.mediaType)) {
      const pulled = children.filter((c) => blobs.present.has(c.digest));
      if (pulled.length === 0) return `index ${d.digest}: none of its ${children.length} manifests is present`;
      for (const child of pulled) {
        const problem = await treeProblem(parts, child, blobs, depth + 1);
        if (problem) return problem;
      }
      return undefined;
    }
    for (const [i, child] of children.entries()) {
      const problem = await treeProblem(parts, child, blobs, depth + 1);
      if (problem) return problem;
      if (i === 0) parseImageConfig(await readBlob(parts.content, child.digest), `config ${child.digest}`);
    }
  } catch (err) {
    return (err as Error).message;
  }
  return undefined;
}

export async function verifyStore(parts: StoreParts): Promise<Problem[]> {
  const out: Problem[] = [];
  const indexOk = await checkLayout(parts, out);
  const blobs = await checkBlobs(parts, out);
  if (indexOk) {
    for (const record of await parts.images.list()) {
      const problem = await treeProblem(parts, record.target, blobs);
      if (!problem) continue;
      const label = record.name ?? `(unnamed ${record.target.digest})`;
      out.push({
        object: `image ${label}`, message: problem, repair: 'remove the name (pull the image again)',
        fix: async () => {
          const kept = (await parts.images.list()).filter((r) => r.target.digest !== record.target.digest || r.name !== record.name);
          await parts.images.replaceAll(kept.map((r) => r.target));
        },
      });
    }
  }
  for (const ingest of await parts.content.listIngests()) {
    if (parts.content.isWriting(ingest.ref)) continue;
    out.push({ object: `ingest ${ingest.ref}`, message: `interrupted write (${ingest.offset} bytes)`, repair: 'delete it', fix: () => parts.content.abortIngest(ingest.ref) });
  }
  for (const s of parts.snapshotters) {
    for (const p of await s.store.problems()) out.push({ object: p.path, message: p.message, repair: 'delete it', fix: async () => void (await s.store.repair()) });
    for (const info of await s.list()) {
      if (info.kind !== 'committed' && info.labels[unpackLabel] !== undefined && !parts.leases.holdsSnapshot(info.name)) {
        out.push({ object: `snapshot ${info.name}`, message: 'interrupted layer extraction', repair: 'delete it', fix: () => s.remove(info.name) });
      }
    }
  }
  return out;
}

/** Fixes every problem found, then checks again; returns what was fixed and what remains. */
export async function repairStore(parts: StoreParts): Promise<{ fixed: Problem[]; remaining: Problem[] }> {
  const fixed: Problem[] = [];
  for (let round = 0; round < 4; round++) {
    const problems = await verifyStore(parts);
    if (problems.length === 0) return { fixed, remaining: [] };
    for (const p of problems) {
      await p.fix();
      fixed.push(p);
    }
  }
  return { fixed, remaining: await verifyStore(parts) };
}
