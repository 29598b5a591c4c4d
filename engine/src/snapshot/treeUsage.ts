// Disk usage of a directory tree, like `du`: allocated blocks, each inode counted once.
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { Usage } from './snapshotter';

export async function treeUsage(root: string): Promise<Usage> {
  const seen = new Set<string>();
  let size = 0;
  let inodes = 0;
  async function visit(path: string): Promise<void> {
    const st = await fsp.lstat(path, { bigint: true });
    const key = `${st.dev}:${st.ino}`;
    if (!seen.has(key)) {
      seen.add(key);
      inodes++;
      size += Number(st.blocks) * 512;
    }
    if (st.isDirectory()) for (const name of await fsp.readdir(path)) await visit(join(path, name));
  }
  await visit(root);
  return { size, inodes };
}
