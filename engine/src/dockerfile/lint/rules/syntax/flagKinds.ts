/**
 * The flags BuildKit's instruction parser accepts on an instruction, with their kinds, read from
 * the instruction table (instructionSpecs.ts). This is what the parser enforces, not what the
 * documentation lists: ARG and STOPSIGNAL never parse their flags (anything is accepted and
 * dropped), and `HEALTHCHECK NONE` skips flag parsing altogether. Flags keep the table's order;
 * BuildKit lists them from a Go map for its "did you mean", so among equally close flags its pick
 * is arbitrary and ours is the first in the table.
 */
import { FlagValueType, INSTRUCTION_SPECS } from '../../../instructionSpecs';
import { DockerfileModel, Instruction } from '../../../model';
import { CheckedInstruction, checkedInstructions } from './checkedInstructions';

/** bool: bare or `=true|false`; string: needs `=value`, once; strings: needs `=value`, may repeat. */
export type FlagKind = FlagValueType;

export type FlagKinds = ReadonlyMap<string, FlagKind>;

const BY_INSTRUCTION: ReadonlyMap<string, FlagKinds> = new Map(
  INSTRUCTION_SPECS.filter((spec) => !spec.ignoresFlags).map((spec) => [spec.name, new Map(spec.flags.map((flag) => [flag.name, flag.type]))]),
);

/**
 * The flags BuildKit accepts on this instruction, or undefined when it does not look at them
 * (ARG, STOPSIGNAL, `HEALTHCHECK NONE`, and instructions it does not know).
 */
export function flagKindsOf(instruction: Instruction): FlagKinds | undefined {
  if (instruction.name === 'HEALTHCHECK' && instruction.args[0]?.value.toUpperCase() === 'NONE') return undefined;
  return BY_INSTRUCTION.get(instruction.name);
}

/** The checked instructions (ONBUILD triggers included) that have flags BuildKit parses, with their kinds. */
export function flaggedInstructions(model: DockerfileModel): (CheckedInstruction & { readonly kinds: FlagKinds })[] {
  const out: (CheckedInstruction & { readonly kinds: FlagKinds })[] = [];
  for (const checked of checkedInstructions(model)) {
    const kinds = checked.instruction.flags.length ? flagKindsOf(checked.instruction) : undefined;
    if (kinds) out.push({ ...checked, kinds });
  }
  return out;
}
