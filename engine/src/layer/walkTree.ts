// Walks a directory tree in a fixed order (depth first, names in byte order) and describes each
// entry as a tar header with normalized fields: numeric owners only, no user or group names, mtime
// in whole seconds (clamped to SOURCE_DATE_EPOCH when asked), hard links found by inode, sockets
// skipped. With `overlayUpper`, overlayfs whiteouts become OCI ones (whiteout.ts). Metadata calls
// are synchronous: a thread-pool round trip per entry costs more than the call itself.
import { lstatSync, readdirSync, readlinkSync, type BigIntStats } from 'node:fs';
import { join } from 'node:path';
import { berthError } from '../image/berthError';
import { lgetxattr, llistxattr } from './syscalls';
import { emptyHeader, type TarHeader } from './tarHeader';
import { opaqueMarker, overlayOpaqueXattr, overlayXattrPrefix, whiteoutPrefix } from './whiteout';

export interface WalkOptions {
  /** Clamp every mtime to at most this many seconds since the epoch (reproducible builds). */
  readonly sourceDateEpoch?: number;
  /** The tree is an overlayfs upper dir: convert its whiteouts and opaque dirs to OCI form. */
  readonly overlayUpper?: boolean;
}

export interface WalkedEntry {
  readonly header: TarHeader;
  /** Absolute path of a regular file whose bytes follow the header. */
  readonly contentPath?: string;
}

/** xattrs that describe the host, not the content: never written into a layer. */
const hostXattrs = new Set(['security.selinux']);

function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function major(rdev: bigint): number {
  return Number(((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & ~0xfffn));
}

function minor(rdev: bigint): number {
  return Number((rdev & 0xffn) | ((rdev >> 12n) & ~0xffn));
}

function readXattrs(path: string, overlayUpper: boolean): { xattrs: Map<string, Buffer>; opaque: boolean } {
  const xattrs = new Map<string, Buffer>();
  let opaque = false;
  for (const name of llistxattr(path).sort()) {
    if (name.startsWith(overlayXattrPrefix)) {
      if (!overlayUpper) continue;
      if (name === overlayOpaqueXattr) opaque = lgetxattr(path, name)?.toString() === 'y';
      else if (name === 'trusted.overlay.redirect' || name === 'trusted.overlay.metacopy') {
        throw berthError('failed-precondition', `${path}: overlayfs ${name.slice(overlayXattrPrefix.length)} is in use; mount overlays with redirect_dir=off,metacopy=off to diff them`);
      }
      continue;
    }
    if (hostXattrs.has(name)) continue;
    const value = lgetxattr(path, name);
    if (value !== undefined) xattrs.set(name, value);
  }
  return { xattrs, opaque };
}

export async function* walkTree(root: string, options: WalkOptions = {}): AsyncGenerator<WalkedEntry> {
  const links = new Map<string, string>();
  const clamp = (sec: number): number => (options.sourceDateEpoch !== undefined && sec > options.sourceDateEpoch ? options.sourceDateEpoch : sec);

  function header(rel: string, st: BigIntStats, xattrs: Map<string, Buffer>): TarHeader {
    const h = emptyHeader(rel, 'file');
    h.mode = Number(st.mode & 0o7777n);
    h.uid = Number(st.uid);
    h.gid = Number(st.gid);
    h.mtime = clamp(Number(st.mtimeNs / 1_000_000_000n));
    h.xattrs = xattrs;
    return h;
  }

  async function* visit(dir: string, prefix: string): AsyncGenerator<WalkedEntry> {
    const names = readdirSync(dir).sort(byteOrder);
    for (const name of names) {
      const path = join(dir, name);
      const rel = prefix + name;
      const st = lstatSync(path, { bigint: true });
      if (options.overlayUpper && st.isCharacterDevice() && st.rdev === 0n) {
        const h = header(`${prefix}${whiteoutPrefix}${name}`, st, new Map());
        h.mode = 0o644;
        yield { header: h };
        continue;
      }
      if (st.isSocket()) continue;
      const { xattrs, opaque } = readXattrs(path, options.overlayUpper ?? false);
      const h = header(rel, st, xattrs);
      if (st.isDirectory()) {
        h.type = 'directory';
        h.name = `${rel}/`;
        yield { header: h };
        if (opaque) {
          const marker = header(`${rel}/${opaqueMarker}`, st, new Map());
          marker.mode = 0o644;
          yield { header: marker };
        }
        yield* visit(path, `${rel}/`);
        continue;
      }
      if (st.nlink > 1n) {
        const key = `${st.dev}:${st.ino}`;
        const first = links.get(key);
        if (first !== undefined) {
          h.type = 'link';
          h.linkname = first;
          h.xattrs = new Map();
          yield { header: h };
          continue;
        }
        links.set(key, rel);
      }
      if (st.isFile()) {
        h.size = Number(st.size);
        yield { header: h, contentPath: path };
      } else if (st.isSymbolicLink()) {
        h.type = 'symlink';
        h.linkname = readlinkSync(path);
        yield { header: h };
      } else if (st.isCharacterDevice() || st.isBlockDevice()) {
        h.type = st.isCharacterDevice() ? 'char' : 'block';
        h.devmajor = major(st.rdev);
        h.devminor = minor(st.rdev);
        yield { header: h };
      } else if (st.isFIFO()) {
        h.type = 'fifo';
        yield { header: h };
      }
    }
  }

  yield* visit(root, '');
}
