/**
 * DL4003 and DL4004: only the last CMD (ENTRYPOINT) of a stage takes effect. hadolint counts per
 * stage, resetting at each FROM, and reports every one after the first.
 */
import { DockerfileModel, Instruction } from '../../../model';

export function repeatedInStage(model: DockerfileModel, name: string): Instruction[] {
  const repeated: Instruction[] = [];
  let seen = false;
  for (const instruction of model.instructions) {
    if (instruction.name === 'FROM') seen = false;
    else if (instruction.name === name) {
      if (seen) repeated.push(instruction);
      seen = true;
    }
  }
  return repeated;
}
