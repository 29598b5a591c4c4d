// Streaming tar reader: yields one entry at a time from chunks as they arrive; a file's data is an
// async iterable of slices of the incoming chunks (never the whole file in memory). The caller must
// drain or skip each body before asking for the next entry. PAX path/linkpath/size/uid/gid/mtime and
// SCHILY.xattr records, GNU long names and base-256 numbers are applied; global PAX headers are
// ignored (as Docker does); anything else unusual (sparse files, volume labels) is rejected by name.
import { berthError } from '../image/berthError';
import { BLOCK, decodeHeaderBlock, decodePaxRecords, padding, typeFromFlag, type TarHeader } from './tarHeader';

export interface TarEntry {
  readonly header: TarHeader;
  /** The file's bytes (empty for everything but regular files). */
  readonly body: AsyncIterable<Buffer>;
}

const maxExtensionSize = 1 << 20;

class ChunkQueue {
  private chunk: Buffer = Buffer.alloc(0);
  private offset = 0;
  constructor(private readonly source: AsyncIterator<Buffer>) {}

  private async fill(): Promise<boolean> {
    while (this.offset >= this.chunk.length) {
      const next = await this.source.next();
      if (next.done) return false;
      this.chunk = next.value;
      this.offset = 0;
    }
    return true;
  }

  /** Exactly `n` bytes, or undefined at a clean end of input before the first byte. */
  async read(n: number, what: string): Promise<Buffer | undefined> {
    const parts: Buffer[] = [];
    let missing = n;
    while (missing > 0) {
      if (!(await this.fill())) {
        if (missing === n) return undefined;
        throw berthError('invalid-argument', `tar: unexpected end of data in ${what}`);
      }
      const take = Math.min(missing, this.chunk.length - this.offset);
      parts.push(this.chunk.subarray(this.offset, this.offset + take));
      this.offset += take;
      missing -= take;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }

  /** Up to `n` bytes as they arrive, without copying. */
  async *slices(n: number, what: string): AsyncGenerator<Buffer> {
    let missing = n;
    while (missing > 0) {
      if (!(await this.fill())) throw berthError('invalid-argument', `tar: unexpected end of data in ${what}`);
      const take = Math.min(missing, this.chunk.length - this.offset);
      const slice = this.chunk.subarray(this.offset, this.offset + take);
      this.offset += take;
      missing -= take;
      yield slice;
    }
  }

  async skip(n: number, what: string): Promise<void> {
    for await (const _ of this.slices(n, what)) void _;
  }
}

function paxNumber(records: Map<string, Buffer>, key: string): number | undefined {
  const value = records.get(key);
  if (value === undefined) return undefined;
  const text = value.toString('latin1');
  const n = Number(text.includes('.') ? text.slice(0, text.indexOf('.')) : text);
  if (!Number.isSafeInteger(n) || (key !== 'mtime' && n < 0)) throw berthError('invalid-argument', `tar PAX header: ${key}=${JSON.stringify(text)} is not a valid number`);
  return n;
}

function paxNsec(value: Buffer | undefined): number {
  const text = value?.toString('latin1') ?? '';
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : Number(text.slice(dot + 1, dot + 10).padEnd(9, '0')) || 0;
}

export async function* readTar(source: AsyncIterable<Buffer>): AsyncGenerator<TarEntry> {
  const queue = new ChunkQueue(source[Symbol.asyncIterator]());
  let pax: Map<string, Buffer> | undefined;
  let longName: string | undefined;
  let longLink: string | undefined;
  let zeroBlocks = 0;
  for (;;) {
    const block = await queue.read(BLOCK, 'a header');
    // An archive may end at a block boundary without its two zero blocks (Go's reader accepts it
    // too); a truncated layer is still caught by its diffId.
    if (block === undefined) return;
    const raw = decodeHeaderBlock(block);
    if (raw === undefined) {
      if (++zeroBlocks === 2) return;
      continue;
    }
    zeroBlocks = 0;
    if ('xgLK'.includes(raw.typeflag)) {
      if (raw.size > maxExtensionSize) throw berthError('invalid-argument', `tar: extension header of ${raw.size} bytes is too large`);
      const data = (await queue.read(raw.size, 'an extension header')) ?? Buffer.alloc(0);
      await queue.skip(padding(raw.size), 'padding');
      if (raw.typeflag === 'x') pax = decodePaxRecords(data);
      else if (raw.typeflag === 'L') longName = data.toString('utf8').replace(/\0+$/, '');
      else if (raw.typeflag === 'K') longLink = data.toString('utf8').replace(/\0+$/, '');
      continue;
    }
    const type = typeFromFlag(raw.typeflag);
    const name = pax?.get('path')?.toString('utf8') ?? longName ?? raw.name;
    if (type === undefined) {
      throw berthError('invalid-argument', `tar entry ${JSON.stringify(name)}: unsupported entry type ${JSON.stringify(raw.typeflag)} (sparse files, volume labels and multi-volume archives are not layer content)`);
    }
    if (name.includes('\0') || (pax?.get('linkpath')?.includes(0) ?? false)) throw berthError('invalid-argument', `tar entry ${JSON.stringify(name)}: NUL byte in a path`);
    if (pax && [...pax.keys()].some((k) => k.startsWith('GNU.sparse.'))) throw berthError('invalid-argument', `tar entry ${JSON.stringify(name)}: GNU sparse files are not supported`);
    const xattrs = new Map<string, Buffer>();
    for (const [key, value] of pax ?? []) if (key.startsWith('SCHILY.xattr.')) xattrs.set(key.slice('SCHILY.xattr.'.length), value);
    const size = type === 'file' ? (pax && paxNumber(pax, 'size')) ?? raw.size : 0;
    const header: TarHeader = {
      name,
      type,
      mode: raw.mode & 0o7777,
      uid: (pax && paxNumber(pax, 'uid')) ?? raw.uid,
      gid: (pax && paxNumber(pax, 'gid')) ?? raw.gid,
      size,
      mtime: (pax && paxNumber(pax, 'mtime')) ?? raw.mtime,
      mtimeNsec: paxNsec(pax?.get('mtime')),
      linkname: pax?.get('linkpath')?.toString('utf8') ?? longLink ?? raw.linkname,
      devmajor: raw.devmajor,
      devminor: raw.devminor,
      uname: pax?.get('uname')?.toString('utf8') ?? raw.uname,
      gname: pax?.get('gname')?.toString('utf8') ?? raw.gname,
      xattrs,
    };
    pax = undefined;
    longName = undefined;
    longLink = undefined;
    // hard links and others may carry a size in the header; their data (if any) is skipped
    const stored = type === 'file' ? size : (raw.typeflag === '1' || raw.typeflag === '2' || raw.typeflag === '5' ? 0 : raw.size);
    let remaining = stored;
    const what = `the data of ${JSON.stringify(name)}`;
    const body: AsyncIterable<Buffer> = {
      async *[Symbol.asyncIterator]() {
        for await (const slice of queue.slices(remaining, what)) {
          remaining -= slice.length;
          yield slice;
        }
      },
    };
    yield { header, body: type === 'file' ? body : emptyBody };
    await queue.skip(remaining, what);
    await queue.skip(padding(stored), 'padding');
  }
}

const emptyBody: AsyncIterable<Buffer> = { async *[Symbol.asyncIterator]() {} };
