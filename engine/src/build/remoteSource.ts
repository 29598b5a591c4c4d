// ADD of an http(s) URL, as BuildKit's HTTP source does it: the file is named after the last
// element of the URL's path (`__unnamed__` when there is none), gets mode 0600 and the
// Last-Modified time, and is never unpacked (unless --unpack). With --checksum the download must
// hash to it, and the digest alone is the step's cache input, so a cached step does not download.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { berthError } from '../image/berthError';
import { parseDigest } from '../image/digest';

export interface RemoteFile {
  readonly dir: string;
  /** The file's name in `dir`, which COPY semantics use as the source name. */
  readonly name: string;
  /** `sha256:<hex>` of the content. */
  readonly digest: string;
  close(): Promise<void>;
}

export function isHttpSource(source: string): boolean {
  return /^https?:\/\//.test(source) && !/\.git(#.*)?$/.test(new URL(source).pathname + new URL(source).hash);
}

/** The name BuildKit gives the downloaded file. */
export function remoteFileName(url: string): string {
  try {
    const base = posix.basename(new URL(url).pathname);
    return base === '' || base === '/' || base === '.' ? '__unnamed__' : base;
  } catch {
    return '__unnamed__';
  }
}

/** Checks a --checksum value: the digests BuildKit can verify. */
export function parseChecksum(text: string): string {
  if (!/^sha(256|384|512):/.test(text)) throw berthError('invalid-argument', `invalid checksum digest format: ${text}`);
  if (text.startsWith('sha384:')) {
    if (!/^sha384:[a-f0-9]{96}$/.test(text)) throw berthError('invalid-argument', `invalid checksum digest length: ${text}`);
    return text;
  }
  return parseDigest(text);
}

export async function fetchRemote(url: string, scratchDir: string, checksum: string | undefined, signal?: AbortSignal): Promise<RemoteFile> {
  const dir = await mkdtemp(join(scratchDir, 'add-'));
  const close = () => rm(dir, { recursive: true, force: true });
  try {
    const name = remoteFileName(url);
    let response: Response;
    try {
      response = await fetch(url, { redirect: 'follow', ...(signal ? { signal } : {}) });
    } catch (err) {
      if (signal?.aborted) throw err;
      throw berthError('unavailable', `failed to load ${url}: ${(err as Error).message}`, err);
    }
    if (!response.ok || !response.body) throw berthError('unavailable', `invalid response status ${response.status} for ${url}`);
    const algorithm = checksum?.slice(0, checksum.indexOf(':')) ?? 'sha256';
    const hash = createHash(algorithm);
    const sha256 = algorithm === 'sha256' ? hash : createHash('sha256');
    const path = join(dir, name);
    await pipeline(Readable.fromWeb(response.body as import('node:stream/web').ReadableStream<Uint8Array>), async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        hash.update(chunk);
        if (sha256 !== hash) sha256.update(chunk);
        yield chunk;
      }
    }, createWriteStream(path, { mode: 0o600 }), ...(signal ? [{ signal }] : []));
    const hex = hash.digest('hex');
    const got = `${algorithm}:${hex}`;
    if (checksum !== undefined && got !== checksum) throw berthError('invalid-argument', `digest mismatch for ${url}: ${got} (expected ${checksum})`);
    const modified = response.headers.get('last-modified');
    if (modified && Number.isFinite(Date.parse(modified))) await utimes(path, new Date(Date.parse(modified)), new Date(Date.parse(modified)));
    return { dir, name, digest: `sha256:${sha256 === hash ? hex : sha256.digest('hex')}`, close };
  } catch (err) {
    await close();
    throw err;
  }
}
