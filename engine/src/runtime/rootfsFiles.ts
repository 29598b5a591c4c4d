// Reads and prepares paths inside a mounted container root filesystem from the host, resolving every
// path as the container would see it (openat2 RESOLVE_IN_ROOT: `..` and absolute symlinks stay inside
// the root), so a hostile image cannot point /etc/passwd or its WORKDIR at the host's files.
import { closeSync, fstatSync, readSync } from 'node:fs';
import { posix } from 'node:path';
import { berthError, errnoCode } from '../image/berthError';
import { mkdirat, O_CREAT, O_DIRECTORY, O_PATH, O_RDONLY, O_WRONLY, openat2, RESOLVE_NO_MAGICLINKS } from '../layer/syscalls';

const RESOLVE_IN_ROOT = 0x10;
const O_NONBLOCK = 0o4000;
const inRoot = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
const maxConfigFile = 4 * 1024 * 1024;

function relative(path: string): string {
  return posix.normalize(`/${path}`).slice(1) || '.';
}

function withFd<T>(rootFd: number, path: string, flags: number, use: (fd: number) => T): T {
  const fd = openat2(rootFd, relative(path), flags, 0, inRoot);
  try {
    return use(fd);
  } finally {
    closeSync(fd);
  }
}

/** A small regular file's text, or undefined when it does not exist. */
export function readRootFile(rootFd: number, path: string): string | undefined {
  try {
    // O_NONBLOCK: a FIFO put there by the container must not block the daemon in open()
    return withFd(rootFd, path, O_RDONLY | O_NONBLOCK, (fd) => {
      const st = fstatSync(fd);
      if (!st.isFile()) throw berthError('invalid-argument', `${path} in the container is not a regular file`);
      if (st.size > maxConfigFile) throw berthError('invalid-argument', `${path} in the container is larger than ${maxConfigFile} bytes`);
      const buf = Buffer.alloc(st.size);
      let n = 0;
      while (n < buf.length) {
        const got = readSync(fd, buf, n, buf.length - n, n);
        if (got === 0) break;
        n += got;
      }
      return buf.subarray(0, n).toString('utf8');
    });
  } catch (err) {
    if (errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR') return undefined;
    throw err;
  }
}

type Probe = 'missing' | 'directory' | 'not-executable' | 'executable';

function probe(rootFd: number, path: string): Probe {
  try {
    return withFd(rootFd, path, O_PATH, (fd) => {
      const st = fstatSync(fd);
      if (st.isDirectory()) return 'directory';
      return st.isFile() && (st.mode & 0o111) !== 0 ? 'executable' : 'not-executable';
    });
  } catch (err) {
    const code = errnoCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return 'missing';
    throw err;
  }
}

export interface CommandProblem {
  /** 127: not found; 126: found but cannot be executed (Docker's exit codes). */
  readonly exitCode: 126 | 127;
  /** The text Docker (through runc) gives. */
  readonly message: string;
}

/**
 * Checks that `command` can be executed in the container, as exec.LookPath does there. Paths under
 * `hidden` (mount targets: their content is not in the root filesystem) are not judged.
 */
export function findCommandProblem(rootFd: number, command: string, pathEnv: string, cwd: string, hidden: readonly string[]): CommandProblem | undefined {
  const underMount = (p: string) => hidden.some((m) => p === m || p.startsWith(`${m.replace(/\/$/, '')}/`));
  if (command.includes('/')) {
    const full = posix.resolve(cwd, command);
    if (underMount(full)) return undefined;
    const found = probe(rootFd, full);
    if (found === 'missing') return { exitCode: 127, message: `exec: "${command}": stat ${command}: no such file or directory` };
    if (found !== 'executable') return { exitCode: 126, message: `exec: "${command}": permission denied` };
    return undefined;
  }
  for (const dir of pathEnv.split(':')) {
    const full = posix.resolve(cwd, dir === '' ? '.' : dir, command);
    if (underMount(full) || probe(rootFd, full) === 'executable') return undefined;
  }
  return { exitCode: 127, message: `exec: "${command}": executable file not found in $PATH` };
}

/** Creates `dir` (and missing parents, mode 0755, owned by root) inside the root; existing ones are kept. */
export function ensureRootDir(rootFd: number, dir: string): void {
  const parts = relative(dir).split('/').filter((p) => p !== '.' && p !== '');
  let prefix = '';
  for (const part of parts) {
    const next = prefix === '' ? part : `${prefix}/${part}`;
    try {
      closeSync(openat2(rootFd, next, O_PATH | O_DIRECTORY, 0, inRoot));
    } catch (err) {
      if (errnoCode(err) !== 'ENOENT') throw berthError('invalid-argument', `${dir} in the container: /${next} is not a directory`, err);
      const parentFd = prefix === '' ? rootFd : openat2(rootFd, prefix, O_PATH | O_DIRECTORY, 0, inRoot);
      try {
        mkdirat(parentFd, part, 0o755);
      } catch (mkErr) {
        if (errnoCode(mkErr) !== 'EEXIST') throw mkErr;
      } finally {
        if (parentFd !== rootFd) closeSync(parentFd);
      }
    }
    prefix = next;
  }
}

/** Creates an empty file at `path` (parents too) unless something is there already. */
export function ensureRootFile(rootFd: number, path: string): void {
  ensureRootDir(rootFd, posix.dirname(posix.normalize(`/${path}`)));
  try {
    closeSync(openat2(rootFd, relative(path), O_PATH, 0, inRoot));
  } catch (err) {
    if (errnoCode(err) !== 'ENOENT') throw err;
    closeSync(openat2(rootFd, relative(path), O_WRONLY | O_CREAT, 0o644, inRoot));
  }
}
