// Mount points at or below a directory, deepest first: what must be unmounted before the
// directory can be removed (removing through a live mount would reach into what is mounted).
import { mountPoints } from '../../engine/src/runtime/rootfsMount';

export function mountsUnder(dir: string): string[] {
  return mountPoints()
    .filter((target) => target === dir || target.startsWith(`${dir}/`))
    .sort((a, b) => b.length - a.length);
}
