// The build context as a tar, for engines that cannot read it in place (a remote engine, Docker,
// Podman): what the docker CLI uploads. Entries are owned by root as the docker CLI writes them,
// ignored paths are left out (the engine applies the ignore file again, so with `!` exceptions
// everything is sent and the engine decides), and the Dockerfile and ignore file always go in.
// A Dockerfile outside the context is added at the top under a generated name, as docker does.
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, promises as fsp } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pack, type Pack } from 'tar-stream';
import { createIgnoreMatcher, type IgnoreMatcher } from '../build/dockerignore';
import { readIgnoreFile } from '../build/ignoreFile';

type TarEntryHeader = Parameters<Pack['entry']>[0];

export interface ContextTar {
  readonly stream: Readable;
  /** The Dockerfile's name inside the tar (POST /build's `dockerfile`). */
  readonly dockerfile: string;
}

async function entryHeader(path: string, name: string): Promise<TarEntryHeader | undefined> {
  const st = await fsp.lstat(path);
  const common = { name, mode: st.mode & 0o7777, uid: 0, gid: 0, mtime: st.mtime };
  if (st.isDirectory()) return { ...common, type: 'directory' };
  if (st.isFile()) return { ...common, type: 'file', size: st.size };
  if (st.isSymbolicLink()) return { ...common, type: 'symlink', linkname: await fsp.readlink(path) };
  return undefined; // sockets, fifos and devices are not build inputs
}

/** Writes one entry; answers its header (undefined for what is not a build input). */
async function writeEntry(tar: Pack, path: string, name: string): Promise<TarEntryHeader | undefined> {
  const header = await entryHeader(path, name);
  if (!header) return undefined;
  if (header.type !== 'file') {
    await new Promise<void>((done, fail) => tar.entry(header, (err) => (err ? fail(err) : done())));
    return header;
  }
  // tar-stream calls back once the entry is fully written; the file is copied with backpressure
  await new Promise<void>((done, fail) => {
    const sink = tar.entry(header, (err) => (err ? fail(err) : done()));
    void (async () => {
      for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
        if (!sink.write(chunk)) await once(sink, 'drain');
      }
      sink.end(null);
    })().catch((err: unknown) => {
      sink.destroy(err instanceof Error ? err : new Error(String(err)));
      fail(err);
    });
  });
  return header;
}

async function walk(tar: Pack, root: string, dir: string, skip: (rel: string) => boolean, signal?: AbortSignal): Promise<void> {
  const names = (await fsp.readdir(dir)).sort();
  for (const name of names) {
    signal?.throwIfAborted();
    const path = join(dir, name);
    const rel = relative(root, path).split(sep).join('/');
    if (skip(rel)) continue;
    if ((await writeEntry(tar, path, rel))?.type === 'directory') await walk(tar, root, path, skip, signal);
  }
}

/** Streams `contextDir` as a tar; `dockerfile` is the Dockerfile's path on this machine. */
export async function contextTar(contextDir: string, dockerfile: string, signal?: AbortSignal): Promise<ContextTar> {
  const root = resolve(contextDir);
  const file = resolve(dockerfile);
  const ignoreFile = await readIgnoreFile(root, file);
  let matcher: IgnoreMatcher | undefined;
  if (ignoreFile) {
    try {
      matcher = createIgnoreMatcher(ignoreFile.patterns);
    } catch (err) {
      throw new Error(`${ignoreFile.path}: ${(err as Error).message}`, { cause: err });
    }
  }
  const inside = relative(root, file);
  const outside = inside.startsWith('..') || inside === '' || resolve(root, inside) !== file;
  const name = outside ? `.dockerfile.${randomBytes(10).toString('hex')}` : inside.split(sep).join('/');
  const keep = new Set([name, '.dockerignore']);
  // an added Dockerfile is ignored by the context's own ignore file (rewritten), as docker does it
  const skip = (rel: string) => (outside && rel === '.dockerignore') || (matcher !== undefined && !matcher.hasExclusions && !keep.has(rel) && matcher.matches(rel));
  const tar = pack();
  void (async () => {
    await walk(tar, root, root, skip, signal);
    if (outside) {
      await writeEntry(tar, file, name);
      // the patterns in effect here (the Dockerfile's own ignore file wins, as in the engine)
      const own = ignoreFile ? await fsp.readFile(ignoreFile.path, 'utf8') : '';
      await new Promise<void>((done, fail) => tar.entry({ name: '.dockerignore', mode: 0o644, uid: 0, gid: 0, mtime: new Date() }, `${own}${own === '' || own.endsWith('\n') ? '' : '\n'}${name}\n`, (err) => (err ? fail(err) : done())));
    }
    tar.finalize();
  })().catch((err: unknown) => tar.destroy(err instanceof Error ? err : new Error(String(err))));
  // a Node stream for the HTTP request (tar-stream's are streamx streams)
  return { stream: Readable.from(tar), dockerfile: name };
}
