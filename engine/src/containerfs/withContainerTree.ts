// Opens a container's tree (containerTree.ts) for the length of one operation: the root filesystem
// through the runtime (the live mount of a running container, else a temporary one held under the
// container's lock so it cannot start meanwhile), the volumes and binds from its record.
import type { ContainerRecord } from '../runtime/containerRecord';
import type { MountRequest } from '../runtime/createOptions';
import type { Runtime } from '../runtime/runtime';
import { ContainerTree, type TreeMount } from './containerTree';

export type TreeRuntime = Pick<Runtime, 'inspect' | 'withRootfs'>;

export function treeMounts(mounts: readonly MountRequest[]): TreeMount[] {
  return mounts.map((m) => ({ target: m.target, readOnly: m.readOnly ?? false, ...(m.type === 'tmpfs' ? {} : { source: m.source }) }));
}

export async function withContainerTree<T>(runtime: TreeRuntime, ref: string, use: (tree: ContainerTree, record: ContainerRecord) => Promise<T>): Promise<T> {
  const record = runtime.inspect(ref);
  return runtime.withRootfs(record.id, async (rootfs) => {
    const tree = ContainerTree.open(rootfs, treeMounts(record.hostConfig.mounts), record.hostConfig.readOnly);
    try {
      return await use(tree, record);
    } finally {
      tree.close();
    }
  });
}
