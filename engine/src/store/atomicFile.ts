// Records are replaced atomically (ARCHITECTURE rule 3): write a temp file beside the target,
// fsync it, rename it over the target, fsync the directory. A crash leaves the old or the new
// version, never a torn one; a stray temp file is the only possible leftover (`isTempFile`).
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const tempMarker = '.tmp-';

export function isTempFile(name: string): boolean {
  return name.includes(tempMarker);
}

export async function fsyncDir(dir: string): Promise<void> {
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const temp = join(dirname(path), `${basename(path)}${tempMarker}${process.pid}-${randomBytes(4).toString('hex')}`);
  const handle = await fsp.open(temp, 'wx', 0o644);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await fsp.rm(temp, { force: true });
    throw err;
  }
  await handle.close();
  try {
    await fsp.rename(temp, path);
  } catch (err) {
    await fsp.rm(temp, { force: true });
    throw err;
  }
  await fsyncDir(dirname(path));
}

/** Serializes async critical sections within this process. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => Promise<T>): Promise<T> {
    const result = this.tail.then(section, section);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
