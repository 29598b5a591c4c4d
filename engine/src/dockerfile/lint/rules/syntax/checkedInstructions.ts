/**
 * The instructions the syntax rules check: every top-level instruction and every ONBUILD trigger.
 * BuildKit stores a trigger as text and parses it only when a later build uses the image (or a
 * stage built FROM this one), but it then fails with the same errors, so the editor reports them
 * where they are written. Computed once per model and shared by the rules, with an index by
 * instruction name so a rule about EXPOSE looks at EXPOSE lines only.
 */
import { DockerfileModel, Instruction } from '../../../model';

export interface CheckedInstruction {
  readonly instruction: Instruction;
  /** The top-level instruction: the ONBUILD line for a trigger, else the instruction itself. */
  readonly owner: Instruction;
  readonly isTrigger: boolean;
}

interface Checked {
  readonly all: readonly CheckedInstruction[];
  readonly byName: ReadonlyMap<string, readonly CheckedInstruction[]>;
}

const cache = new WeakMap<DockerfileModel, Checked>();
const NONE: readonly CheckedInstruction[] = [];

function checked(model: DockerfileModel): Checked {
  let result = cache.get(model);
  if (!result) {
    const all: CheckedInstruction[] = [];
    const byName = new Map<string, CheckedInstruction[]>();
    const add = (entry: CheckedInstruction) => {
      all.push(entry);
      const list = byName.get(entry.instruction.name);
      if (list) list.push(entry);
      else byName.set(entry.instruction.name, [entry]);
    };
    for (const instruction of model.instructions) {
      add({ instruction, owner: instruction, isTrigger: false });
      if (instruction.trigger) add({ instruction: instruction.trigger, owner: instruction, isTrigger: true });
    }
    cache.set(model, (result = { all, byName }));
  }
  return result;
}

export function checkedInstructions(model: DockerfileModel): readonly CheckedInstruction[] {
  return checked(model).all;
}

/** The checked instructions with this upper-case name, in file order. */
export function checkedInstructionsNamed(model: DockerfileModel, name: string): readonly CheckedInstruction[] {
  return checked(model).byName.get(name) ?? NONE;
}
