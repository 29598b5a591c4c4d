/**
 * The instructions the syntax rules check: every top-level instruction and every ONBUILD trigger.
 * BuildKit stores a trigger as text and parses it only when a later build uses the image (or a
 * stage built FROM this one), but it then fails with the same errors, so the editor reports them
 * where they are written. Computed once per model and shared by the rules.
 */
import { DockerfileModel, Instruction } from '../../../model';

export interface CheckedInstruction {
  readonly instruction: Instruction;
  /** The top-level instruction: the ONBUILD line for a trigger, else the instruction itself. */
  readonly owner: Instruction;
  readonly isTrigger: boolean;
}

const cache = new WeakMap<DockerfileModel, readonly CheckedInstruction[]>();

export function checkedInstructions(model: DockerfileModel): readonly CheckedInstruction[] {
  let list = cache.get(model);
  if (!list) {
    const out: CheckedInstruction[] = [];
    for (const instruction of model.instructions) {
      out.push({ instruction, owner: instruction, isTrigger: false });
      if (instruction.trigger) out.push({ instruction: instruction.trigger, owner: instruction, isTrigger: true });
    }
    cache.set(model, (list = out));
  }
  return list;
}
