/**
 * `RUN --mount=type=cache|tmpfs,target=...`: a cache or tmpfs mount keeps a directory out of the
 * image layer, which is what several hadolint rules accept instead of deleting caches by hand.
 */
import { Instruction } from '../../../model';
import { mountOption } from '../../../stageGraph';

/** True when the RUN has a cache or tmpfs mount whose target contains `fragment` (hadolint's test). */
export function hasCacheOrTmpfsMountWith(run: Instruction, fragment: string): boolean {
  for (const flag of run.flags) {
    if (flag.name !== 'mount' || flag.value === undefined) continue;
    const type = mountOption(flag.value, 'type');
    if (type !== 'cache' && type !== 'tmpfs') continue;
    const target = mountOption(flag.value, 'target') ?? mountOption(flag.value, 'dst') ?? mountOption(flag.value, 'destination');
    if (target !== undefined && target.includes(fragment)) return true;
  }
  return false;
}
