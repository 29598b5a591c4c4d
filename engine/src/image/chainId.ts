// ChainIDs (image-spec config.md, "Layer ChainID"): the identity of a stack of layers, used as the
// key of an extracted snapshot. ChainID(L0) = DiffID(L0); ChainID(L0|…|Ln) = sha256(ChainID(L0|…|Ln-1) + " " + DiffID(Ln)).
import { digestOf, type Digest } from './digest';

export function chainIdOf(parent: Digest | undefined, diffId: Digest): Digest {
  return parent === undefined ? diffId : digestOf(`${parent} ${diffId}`);
}

/** The ChainID of every prefix of the stack: result[i] identifies layers 0..i. */
export function computeChainIds(diffIds: readonly Digest[]): Digest[] {
  const out: Digest[] = [];
  let parent: Digest | undefined;
  for (const diffId of diffIds) {
    parent = chainIdOf(parent, diffId);
    out.push(parent);
  }
  return out;
}
