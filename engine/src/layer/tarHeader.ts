// The tar entry model and its on-disk encoding: POSIX ustar blocks, PAX extended records (with
// binary-safe values, which xattrs such as security.capability need) and, when reading, GNU long
// names and base-256 numbers. Writing is deterministic: ustar when the entry fits, otherwise one PAX
// header carrying only the fields that do not fit, as Go's archive/tar does.
import { berthError } from '../image/berthError';

export type EntryType = 'file' | 'link' | 'symlink' | 'char' | 'block' | 'directory' | 'fifo';

export interface TarHeader {
  /** Path inside the archive as written (no normalization applied when reading). */
  name: string;
  type: EntryType;
  /** Permission bits including setuid/setgid/sticky (07777). */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** Modification time in whole seconds and the nanoseconds part (PAX mtime may carry them). */
  mtime: number;
  mtimeNsec: number;
  linkname: string;
  devmajor: number;
  devminor: number;
  uname: string;
  gname: string;
  /** Extended attributes from SCHILY.xattr.* records, raw bytes. */
  xattrs: Map<string, Buffer>;
}

export const BLOCK = 512;
const typeflags: Record<EntryType, string> = { file: '0', link: '1', symlink: '2', char: '3', block: '4', directory: '5', fifo: '6' };
const ustarMagic = Buffer.from('ustar\x0000', 'latin1');

export function emptyHeader(name: string, type: EntryType): TarHeader {
  return { name, type, mode: 0o644, uid: 0, gid: 0, size: 0, mtime: 0, mtimeNsec: 0, linkname: '', devmajor: 0, devminor: 0, uname: '', gname: '', xattrs: new Map() };
}

// ---- reading ----

/** One raw 512-byte header block, before PAX/GNU extensions are applied. */
export interface RawHeader {
  name: string;
  typeflag: string;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  linkname: string;
  uname: string;
  gname: string;
  devmajor: number;
  devminor: number;
}

function cString(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? length : end).toString('utf8');
}

function readNumber(block: Buffer, start: number, length: number, field: string): number {
  const bytes = block.subarray(start, start + length);
  if (bytes[0]! & 0x80) {
    // base-256 (GNU): big-endian two's complement with the top bit as a marker
    let value = 0n;
    for (let i = 0; i < bytes.length; i++) value = (value << 8n) | BigInt(i === 0 ? bytes[i]! & 0x7f : bytes[i]!);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw berthError('invalid-argument', `tar header: ${field} out of range`);
    return Number(value);
  }
  const text = bytes.toString('latin1').replace(/[\0 ]+$/, '').replace(/^[\0 ]+/, '');
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw berthError('invalid-argument', `tar header: ${field} is not an octal number (${JSON.stringify(text)})`);
  return parseInt(text, 8);
}

/** Decodes one header block; undefined for an all-zero block (end of archive). */
export function decodeHeaderBlock(block: Buffer): RawHeader | undefined {
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : block[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  if (unsigned === 8 * 0x20 && block.every((b) => b === 0)) return undefined;
  const stored = readNumber(block, 148, 8, 'checksum');
  if (stored !== unsigned && stored !== signed) {
    throw berthError('invalid-argument', 'tar header: bad checksum (the stream is corrupt, truncated, or not a tar)');
  }
  const isUstar = block.subarray(257, 263).toString('latin1') === 'ustar\0';
  let name = cString(block, 0, 100);
  if (isUstar && block[345] !== 0) name = `${cString(block, 345, 155)}/${name}`;
  return {
    name,
    typeflag: block[156] === 0 ? '0' : String.fromCharCode(block[156]!),
    mode: readNumber(block, 100, 8, 'mode'),
    uid: readNumber(block, 108, 8, 'uid'),
    gid: readNumber(block, 116, 8, 'gid'),
    size: readNumber(block, 124, 12, 'size'),
    mtime: readNumber(block, 136, 12, 'mtime'),
    linkname: cString(block, 157, 100),
    uname: cString(block, 265, 32),
    gname: cString(block, 297, 32),
    devmajor: readNumber(block, 329, 8, 'devmajor'),
    devminor: readNumber(block, 337, 8, 'devminor'),
  };
}

/** Parses PAX records (`<len> <key>=<value>\n`); values stay raw bytes. */
export function decodePaxRecords(data: Buffer): Map<string, Buffer> {
  const records = new Map<string, Buffer>();
  let pos = 0;
  while (pos < data.length) {
    if (data[pos] === 0) break; // NUL padding after the last record
    const space = data.indexOf(0x20, pos);
    const length = space < 0 ? NaN : Number(data.subarray(pos, space).toString('latin1'));
    if (!Number.isSafeInteger(length) || length <= space - pos + 1 || pos + length > data.length || data[pos + length - 1] !== 0x0a) {
      throw berthError('invalid-argument', 'tar PAX header: malformed record');
    }
    const record = data.subarray(space + 1, pos + length - 1);
    const eq = record.indexOf(0x3d);
    if (eq <= 0) throw berthError('invalid-argument', 'tar PAX header: record without key=value');
    records.set(record.subarray(0, eq).toString('utf8'), Buffer.from(record.subarray(eq + 1)));
    pos += length;
  }
  return records;
}

export function typeFromFlag(flag: string): EntryType | undefined {
  switch (flag) {
    case '0': case '7': return 'file';
    case '1': return 'link';
    case '2': return 'symlink';
    case '3': return 'char';
    case '4': return 'block';
    case '5': return 'directory';
    case '6': return 'fifo';
    default: return undefined;
  }
}

// ---- writing ----

function octal(value: number, length: number): string {
  return value.toString(8).padStart(length - 1, '0') + '\0';
}

function fitsOctal(value: number, length: number): boolean {
  return Number.isSafeInteger(value) && value >= 0 && value < 8 ** (length - 1);
}

function isAscii(text: string): boolean {
  return /^[\x01-\x7f]*$/.test(text);
}

/** Splits a long ustar name into prefix/name at a slash; undefined when it cannot. */
function splitUstarName(name: string): [string, string] | undefined {
  if (name.length <= 100) return ['', name];
  for (let i = Math.max(0, name.length - 101); i < Math.min(name.length, 156); i++) {
    if (name[i] === '/' && i <= 155 && name.length - i - 1 <= 100 && name.length - i - 1 > 0) return [name.slice(0, i), name.slice(i + 1)];
  }
  return undefined;
}

function paxRecord(key: string, value: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(` ${key}=`, 'utf8'), value, Buffer.from('\n')]);
  let length = body.length + 1;
  while (String(length).length + body.length !== length) length = String(length).length + body.length;
  return Buffer.concat([Buffer.from(String(length), 'latin1'), body]);
}

function headerBlock(h: TarHeader, name: string, prefix: string, typeflag: string, size: number, linkname: string, uid: number, gid: number, mtime: number): Buffer {
  const block = Buffer.alloc(BLOCK);
  block.write(name, 0, 100, 'utf8');
  block.write(octal(h.mode & 0o7777, 8), 100, 'latin1');
  block.write(octal(uid, 8), 108, 'latin1');
  block.write(octal(gid, 8), 116, 'latin1');
  block.write(octal(size, 12), 124, 'latin1');
  block.write(octal(mtime, 12), 136, 'latin1');
  block.write(typeflag, 156, 'latin1');
  block.write(linkname, 157, 100, 'utf8');
  ustarMagic.copy(block, 257);
  block.write(h.uname, 265, 32, 'utf8');
  block.write(h.gname, 297, 32, 'utf8');
  block.write(octal(h.devmajor, 8), 329, 'latin1');
  block.write(octal(h.devminor, 8), 337, 'latin1');
  block.write(prefix, 345, 155, 'utf8');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of block) sum += b;
  block.write(octal(sum, 7) + ' ', 148, 'latin1');
  return block;
}

/** The header blocks of one entry (a PAX header first when ustar cannot hold it). */
export function encodeHeader(h: TarHeader): Buffer {
  const pax: Buffer[] = [];
  const split = isAscii(h.name) ? splitUstarName(h.name) : undefined;
  if (!split) pax.push(paxRecord('path', Buffer.from(h.name, 'utf8')));
  const linkFits = isAscii(h.linkname) && h.linkname.length <= 100;
  if (!linkFits) pax.push(paxRecord('linkpath', Buffer.from(h.linkname, 'utf8')));
  if (!fitsOctal(h.uid, 8)) pax.push(paxRecord('uid', Buffer.from(String(h.uid))));
  if (!fitsOctal(h.gid, 8)) pax.push(paxRecord('gid', Buffer.from(String(h.gid))));
  if (!fitsOctal(h.size, 12)) pax.push(paxRecord('size', Buffer.from(String(h.size))));
  const mtimeFits = fitsOctal(h.mtime, 12);
  if (!mtimeFits) pax.push(paxRecord('mtime', Buffer.from(String(h.mtime))));
  for (const key of [...h.xattrs.keys()].sort()) pax.push(paxRecord(`SCHILY.xattr.${key}`, h.xattrs.get(key)!));
  const [prefix, name] = split ?? ['', ''];
  const main = headerBlock(h, split ? name : h.name.slice(0, 100), prefix, typeflags[h.type], fitsOctal(h.size, 12) ? h.size : 0,
    linkFits ? h.linkname : '', fitsOctal(h.uid, 8) ? h.uid : 0, fitsOctal(h.gid, 8) ? h.gid : 0, mtimeFits ? h.mtime : 0);
  if (pax.length === 0) return main;
  const data = Buffer.concat(pax);
  const paxHeader = headerBlock({ ...h, mode: 0o644, uname: '', gname: '', devmajor: 0, devminor: 0 }, 'PaxHeader', '', 'x', data.length, '', 0, 0, mtimeFits ? h.mtime : 0);
  return Buffer.concat([paxHeader, data, Buffer.alloc(padding(data.length)), main]);
}

export function padding(size: number): number {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/** Two zero blocks end an archive (no padding to a 10 KiB record, like Go's writer). */
export const endOfArchive = Buffer.alloc(2 * BLOCK);
