// Docker's PathStat (HEAD /containers/{id}/archive, the X-Docker-Container-Path-Stat header): name,
// size, Go's os.FileMode bits, mtime and, for a symlink, where it leads inside the container.
import type { Stats } from 'node:fs';
import { berthError } from '../image/berthError';
import type { ContainerTree, TreeNode } from './containerTree';

export interface PathStat {
  readonly name: string;
  readonly size: number;
  /** Go's os.FileMode: permission bits plus type bits in the high word. */
  readonly mode: number;
  /** RFC 3339 with nanoseconds. */
  readonly mtime: string;
  readonly linkTarget: string;
}

const goMode = {
  dir: 2 ** 31, symlink: 2 ** 27, device: 2 ** 26, namedPipe: 2 ** 25, socket: 2 ** 24,
  setuid: 2 ** 23, setgid: 2 ** 22, charDevice: 2 ** 21, sticky: 2 ** 20,
};

/** The os.FileMode Go's Lstat reports for these stats. */
export function goFileMode(st: Pick<Stats, 'mode'> & { isDirectory(): boolean; isSymbolicLink(): boolean; isBlockDevice(): boolean; isCharacterDevice(): boolean; isFIFO(): boolean; isSocket(): boolean }): number {
  let mode = st.mode & 0o777;
  if (st.isDirectory()) mode += goMode.dir;
  else if (st.isSymbolicLink()) mode += goMode.symlink;
  else if (st.isBlockDevice()) mode += goMode.device;
  else if (st.isCharacterDevice()) mode += goMode.device + goMode.charDevice;
  else if (st.isFIFO()) mode += goMode.namedPipe;
  else if (st.isSocket()) mode += goMode.socket;
  if (st.mode & 0o4000) mode += goMode.setuid;
  if (st.mode & 0o2000) mode += goMode.setgid;
  if (st.mode & 0o1000) mode += goMode.sticky;
  return mode;
}

export function isGoDir(mode: number): boolean {
  return mode >= goMode.dir;
}

function rfc3339(st: Stats): string {
  return new Date(Math.floor(st.mtimeMs)).toISOString();
}

/** Go's filepath.Base of a path that keeps a trailing `/` or `/.` (`/etc/` → `etc`, `/x/.` → `.`, `/` → `/`). */
export function goBase(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

/** Docker's absPath: joined onto `/` and cleaned, keeping a trailing `/` or `/.` the caller wrote. */
export function absolutePath(path: string): string {
  const clean = `/${path}`.replace(/\/+/g, '/').split('/').reduce<string[]>((out, part) => {
    if (part === '' || part === '.') return out;
    if (part === '..') return out.slice(0, -1);
    return [...out, part];
  }, []);
  let abs = `/${clean.join('/')}`;
  if (/(^|\/)\.$/.test(path) && !abs.endsWith('/.')) abs += abs.endsWith('/') ? '.' : '/.';
  else if (path.endsWith('/') && !abs.endsWith('/')) abs += '/';
  return abs;
}

/** Whether Docker follows the final component: the path asserts a directory. */
export function assertsDirectory(path: string): boolean {
  return path.endsWith('/') || /(^|\/)\.$/.test(path);
}

/** Resolves `path` as Docker's stat does and describes it; not-found when it does not exist. */
export function statPath(tree: ContainerTree, path: string, containerName: string): { stat: PathStat; node: TreeNode } {
  if (path === '') throw berthError('invalid-argument', 'path cannot be empty');
  const abs = absolutePath(path);
  const node = tree.resolve(abs, assertsDirectory(abs));
  if (!node.exists) throw berthError('not-found', `Could not find the file ${path} in container ${containerName}`);
  const name = goBase(abs);
  if (node.virtual || !node.stats) {
    return { node, stat: { name, size: 0, mode: goMode.dir + 0o755, mtime: '0001-01-01T00:00:00Z', linkTarget: '' } };
  }
  const st = node.stats;
  const linkTarget = st.isSymbolicLink() ? tree.resolve(abs, true).path : '';
  return { node, stat: { name, size: st.size, mode: goFileMode(st), mtime: rfc3339(st), linkTarget } };
}

/** The header value: base64 of the JSON document. */
export function encodePathStat(stat: PathStat): string {
  return Buffer.from(JSON.stringify(stat)).toString('base64');
}
