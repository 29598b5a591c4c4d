/**
 * ConsistentInstructionCasing: an instruction keyword that is neither all upper- nor all
 * lower-case, or one cased against the majority. As in BuildKit, the FROM lines and the
 * instructions of stages count (ARGs before the first FROM and ONBUILD triggers do not), each
 * consistently cased keyword votes, and a tie goes to upper case. Unknown instructions are the
 * syntax rules' business and are left out here.
 */
import { isKnownInstruction } from '../../../instructionSpecs';
import { DockerfileModel, Instruction } from '../../../model';
import { BuildkitRule, ruleUrl } from './buildkitRule';

export const consistentInstructionCasing: BuildkitRule = {
  id: 'ConsistentInstructionCasing',
  category: 'buildkit',
  defaultSeverity: 'warning',
  description: 'All commands within the Dockerfile should use the same casing (either upper or lower)',
  url: ruleUrl('consistent-instruction-casing'),
  fixable: true,
  locality: 'stage',
  fileKey: (document) => (majorityLower(document) ? 'lower' : 'upper'),
  check(context, report) {
    const lower = majorityLower(context.document);
    for (const instruction of counted(context.model)) {
      const keyword = instruction.keyword.value;
      const wanted = lower ? keyword.toLowerCase() : keyword.toUpperCase();
      if (keyword === wanted) continue;
      report({
        range: instruction.keyword.range,
        message: `Command '${keyword}' should match the case of the command majority (${lower ? 'lowercase' : 'uppercase'})`,
        instruction,
        fixes: [{ title: `Change '${keyword}' to '${wanted}'`, edits: [{ range: instruction.keyword.range, newText: wanted }], preferred: true }],
      });
    }
  },
};

function* counted(model: DockerfileModel): Generator<Instruction> {
  for (const stage of model.stages) {
    for (const instruction of [stage.from, ...stage.instructions]) if (isKnownInstruction(instruction.name)) yield instruction;
  }
}

function majorityLower(model: DockerfileModel): boolean {
  let lower = 0;
  let upper = 0;
  for (const instruction of counted(model)) {
    const keyword = instruction.keyword.value;
    if (keyword === keyword.toLowerCase()) lower++;
    else if (keyword === keyword.toUpperCase()) upper++;
  }
  return lower > upper;
}
